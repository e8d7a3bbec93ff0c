/// How a decision threshold is chosen from a ranking's operating points (the design's strategies).
///
/// argmax ties take the highest threshold; every precision-seeking strategy ignores operating points that
/// accept fewer than `minAccepted` rows (a single lucky row would win otherwise).
/// A strategy is one value from the command line to the model file and back: it is written as its canonical
/// name (`description`), and equal strategies are equal whatever their spelling (`weighted=1,1` is `youden`).
public enum ThresholdStrategy: Hashable, Sendable, CustomStringConvertible, Codable {
    /// argmax(a TPR - b FPR); `youden` is (1, 1), `recall-weighted` (2, 1), `fpr-weighted` (1, 2).
    case weighted(Double, Double)
    /// The highest threshold whose TPR is at least x.
    case targetTPR(Double)
    /// The lowest threshold whose FPR is at most x.
    case targetFPR(Double)
    /// The best precision among points accepting at least `minAccepted` rows.
    case maxPrecision
    /// The best precision among points that pass at least x of all rows (keeps diversity).
    case maxPrecisionWithMinPass(Double)

    /// Youden's J, argmax(TPR - FPR), the default.
    public static let youden = ThresholdStrategy.weighted(1, 1)
    /// argmax(2 TPR - FPR): keeps more good rows.
    public static let recallWeighted = ThresholdStrategy.weighted(2, 1)
    /// argmax(TPR - 2 FPR): lets fewer bad rows through.
    public static let fprWeighted = ThresholdStrategy.weighted(1, 2)

    /// the design's default set, in the order of `thresholds.csv`.
    public static let defaults: [ThresholdStrategy] = [
        .weighted(1, 1), .weighted(2, 1), .weighted(1, 2), .targetTPR(0.95), .targetFPR(0.1), .maxPrecision,
        .maxPrecisionWithMinPass(0.1),
    ]

    /// Parses `youden`, `recall-weighted`, `fpr-weighted`, `weighted=a,b`, `target-tpr=x`, `target-fpr=x`,
    /// `max-precision`, `max-precision@min-pass=x`; nil for anything else.
    public init?(_ name: String) {
        guard let strategy = try? Self(parsing: name) else { return nil }
        self = strategy
    }

    /// The names `init(parsing:)` reads, for messages.
    public static let spellings = "youden, recall-weighted, fpr-weighted, weighted=a,b, target-tpr=x, target-fpr=x, max-precision, "
        + "max-precision@min-pass=x (a, b >= 0; x in 0...1)"

    /// Parses a strategy as `init?(_:)` does; throws a message that says what is wrong (an unknown name, or a
    /// value out of its range).
    public init(parsing name: String) throws(LearningError) {
        func share(after prefix: String) throws(LearningError) -> Double? {
            guard name.hasPrefix(prefix) else { return nil }
            let text = name.dropFirst(prefix.count)
            guard let value = Double(text), value.isFinite, (0...1).contains(value) else {
                throw .invalidParameter("the strategy \(prefix.dropLast()) takes a share in 0...1, got '\(text)'")
            }
            return value
        }
        switch name {
        case "youden": self = .weighted(1, 1)
        case "recall-weighted": self = .weighted(2, 1)
        case "fpr-weighted": self = .weighted(1, 2)
        case "max-precision": self = .maxPrecision
        default:
            if name.hasPrefix("weighted=") {
                let parts = name.dropFirst("weighted=".count).split(separator: ",", omittingEmptySubsequences: false)
                guard parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), a.isFinite, b.isFinite,
                      a >= 0, b >= 0, a + b > 0 else {
                    throw .invalidParameter("the strategy weighted takes two weights a,b >= 0, not both 0, got '\(name.dropFirst("weighted=".count))'")
                }
                self = .weighted(a, b)
            } else if let x = try share(after: "target-tpr=") {
                self = .targetTPR(x)
            } else if let x = try share(after: "target-fpr=") {
                self = .targetFPR(x)
            } else if let x = try share(after: "max-precision@min-pass=") {
                self = .maxPrecisionWithMinPass(x)
            } else {
                throw .invalidParameter("unknown strategy '\(name)' (known: \(Self.spellings))")
            }
        }
    }

    /// Reads a strategy from its name, as written by `encode(to:)` (or spelt otherwise).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        do {
            self = try Self(parsing: name)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Writes the canonical name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The canonical name (`youden` for `weighted=1,1`, and so on).
    public var description: String {
        switch self {
        case .weighted(1, 1): return "youden"
        case .weighted(2, 1): return "recall-weighted"
        case .weighted(1, 2): return "fpr-weighted"
        case .weighted(let a, let b): return "weighted=\(Self.format(a)),\(Self.format(b))"
        case .targetTPR(let x): return "target-tpr=\(Self.format(x))"
        case .targetFPR(let x): return "target-fpr=\(Self.format(x))"
        case .maxPrecision: return "max-precision"
        case .maxPrecisionWithMinPass(let x): return "max-precision@min-pass=\(Self.format(x))"
        }
    }

    /// A short label for charts: Y, R, F, T95, F10, P, P10; W(a,b) for other weights.
    public var shortLabel: String {
        func percent(_ x: Double) -> String { Self.format((100 * x * 1e6).rounded() / 1e6) }
        switch self {
        case .weighted(1, 1): return "Y"
        case .weighted(2, 1): return "R"
        case .weighted(1, 2): return "F"
        case .weighted(let a, let b): return "W\(Self.format(a)),\(Self.format(b))"
        case .targetTPR(let x): return "T\(percent(x))"
        case .targetFPR(let x): return "F\(percent(x))"
        case .maxPrecision: return "P"
        case .maxPrecisionWithMinPass(let x): return "P\(percent(x))"
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    /// The chosen operating point among `points` (from `RankingCurves.operatingPoints`), or nil when none
    /// qualifies (for instance no point accepts `minAccepted` rows, or a class is missing).
    public func choose(from points: [OperatingPoint], minAccepted: Int = 10) -> OperatingPoint? {
        guard let first = points.first, first.positives > 0 else { return nil }
        switch self {
        case .weighted(let a, let b):
            guard first.negatives > 0 else { return nil }
            return Self.argmax(points) { a * $0.tpr - b * $0.fpr }
        case .targetTPR(let x):
            return points.first { $0.tpr >= x }
        case .targetFPR(let x):
            guard first.negatives > 0 else { return nil }
            return points.last { $0.fpr <= x }
        case .maxPrecision:
            return Self.argmax(points.filter { $0.confusion.accepted >= max(1, minAccepted) }) { $0.confusion.precision ?? 0 }
        case .maxPrecisionWithMinPass(let x):
            let total = Double(first.positives + first.negatives)
            let eligible = points.filter {
                $0.confusion.accepted >= max(1, minAccepted) && Double($0.confusion.accepted) >= x * total
            }
            return Self.argmax(eligible) { $0.confusion.precision ?? 0 }
        }
    }

    /// The first (highest-threshold) point of the largest value.
    private static func argmax(_ points: [OperatingPoint], _ value: (OperatingPoint) -> Double) -> OperatingPoint? {
        var best: (point: OperatingPoint, value: Double)?
        for point in points {
            let v = value(point)
            if let current = best, v <= current.value { continue }
            best = (point, v)
        }
        return best?.point
    }
}

/// One strategy's threshold as a model file stores it.
public struct StrategyThreshold: Codable, Equatable, Sendable {
    /// The strategy (written as its name: `youden`, ...).
    public var strategy: ThresholdStrategy
    /// Its threshold; nil when no operating point qualified (or it would accept nothing).
    public var threshold: Double?

    /// A stored threshold.
    public init(strategy: ThresholdStrategy, threshold: Double?) {
        self.strategy = strategy
        self.threshold = threshold
    }

    /// What is wrong with thresholds read from a model file (one not finite, a strategy twice), nil when nothing is.
    public static func problem(threshold: Double?, thresholds: [StrategyThreshold]) -> String? {
        if let threshold, !threshold.isFinite { return "the threshold is not a finite number" }
        var seen = Set<ThresholdStrategy>()
        for entry in thresholds {
            if let value = entry.threshold, !value.isFinite { return "the threshold of \(entry.strategy) is not a finite number" }
            if !seen.insert(entry.strategy).inserted { return "the strategy \(entry.strategy) has two thresholds" }
        }
        return nil
    }

    /// The threshold of every strategy in `strategies` on `points`.
    public static func choose(_ strategies: [ThresholdStrategy], from points: [OperatingPoint], minAccepted: Int) -> [StrategyThreshold] {
        strategies.map { strategy in
            let threshold = strategy.choose(from: points, minAccepted: minAccepted)?.threshold
            return StrategyThreshold(strategy: strategy, threshold: threshold.flatMap { $0.isFinite ? $0 : nil })
        }
    }

    /// the design's default strategies plus `chosen` when it is not among them.
    public static func strategies(including chosen: ThresholdStrategy) -> [ThresholdStrategy] {
        ThresholdStrategy.defaults.contains(chosen) ? ThresholdStrategy.defaults : ThresholdStrategy.defaults + [chosen]
    }
}

extension StrategyThreshold {
    /// The threshold a model stores for `name`, for applying the model without retraining: the one resolver
    /// of filter, screen, sample, verify and the report. Throws a message a user can act on when the model does
    /// not store it, or the strategy found none.
    public static func stored(_ name: ThresholdStrategy, in thresholds: [StrategyThreshold]) throws(LearningError) -> Double {
        guard let entry = thresholds.first(where: { $0.strategy == name }) else {
            let known = thresholds.map(\.strategy.description).joined(separator: ", ")
            throw .invalidParameter("the model stores no threshold for strategy '\(name)' (it has: \(known));"
                + " retrain with --strategy \(name) or use --accept-threshold")
        }
        guard let threshold = entry.threshold else {
            throw .invalidParameter("strategy '\(name)' found no threshold on the model's validation scores;"
                + " choose another strategy or use --accept-threshold")
        }
        return threshold
    }
}
