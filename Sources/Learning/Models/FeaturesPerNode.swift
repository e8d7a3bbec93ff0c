/// How many features each node of a random forest's trees tries, drawn at random: scikit-learn's `max_features`.
///
/// Fewer features a node decorrelate the trees, which pays when there are many rows to learn from; on a few dozen
/// rows and a rule that one feature decides (lung area within limits, say), most nodes then find only noise to
/// split on, and trying every feature ranks far better (`RealismPrior.challengerFeatures`).
public enum FeaturesPerNode: Sendable, Hashable, CustomStringConvertible {
    /// `floor(sqrt(d))`, at least 1: scikit-learn's default for a classifier (`max_features="sqrt"`).
    case squareRoot
    /// Every feature (`max_features=None`, or 1.0): the forest is bagged trees.
    case all
    /// `max(1, floor(share * d))` for a share in (0, 1) (a float `max_features`).
    case share(Double)

    /// Parses `sqrt`, `all` (or `none`, scikit-learn's spelling) or a share in (0, 1] (`1` is `all`).
    public init(parsing text: String) throws(LearningError) {
        switch text {
        case "sqrt": self = .squareRoot
        case "all", "none": self = .all
        default:
            guard let share = Double(text), Self.share(share).isValid else {
                throw .invalidParameter("invalid value '\(text)' for max_features (expected sqrt, all or a share in (0, 1])")
            }
            self = share == 1 ? .all : .share(share)
        }
    }

    /// Whether a forest can grow with it: a share must lie in (0, 1] (`.share(.nan)` would count no features).
    public var isValid: Bool {
        if case .share(let share) = self { return share > 0 && share <= 1 }
        return true
    }

    /// The features a node tries among `features` (at least 1; `features` when there are fewer); `isValid` first.
    public func count(of features: Int) -> Int {
        let count: Int
        switch self {
        case .squareRoot: count = Int(Double(features).squareRoot())
        case .all: count = features
        case .share(let share): count = Int(share * Double(features))
        }
        return max(1, min(features, count))
    }

    /// What a node tries, for people: "every feature", "the square root of the features' count", "a share of 0.5
    /// of the features".
    public var inWords: String {
        switch self {
        case .squareRoot: return "the square root of the features' count"
        case .all: return "every feature"
        case .share(let share): return "a share of \(share) of the features"
        }
    }

    /// `sqrt`, `all` or the share, as `init(parsing:)` reads it.
    public var description: String {
        switch self {
        case .squareRoot: return "sqrt"
        case .all: return "all"
        case .share(let share): return "\(share)"
        }
    }
}
