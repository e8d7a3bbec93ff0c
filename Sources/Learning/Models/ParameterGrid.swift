/// The hyperparameter grid of a model selection: every combination of the selected kinds' axes, with
/// scikit-learn's names and the catalogue's defaults.
///
/// `replacing(_:with:)` pins an axis (`--param C=1`); a name that no selected kind has is refused, and so is
/// a value its kind cannot take.
public struct ParameterGrid: Sendable {
    /// The kinds searched, in order.
    public let kinds: [ModelKind]
    /// Where they are trained (which defaults apply).
    public let domain: TrainingDomain
    /// Axes replaced by `replacing`, by name (an axis shared by kinds, such as `C`, is replaced in each).
    public private(set) var replaced: [String: [String]] = [:]

    /// The seven-point log grid 1e-3 ... 1e3.
    public static let logC = ["0.001", "0.01", "0.1", "1", "10", "100", "1000"]

    /// The default grid of `kinds` in `domain`.
    public init(kinds: [ModelKind], domain: TrainingDomain) {
        self.kinds = kinds
        self.domain = domain
    }

    /// The grid of the kinds `names` select (`ModelCatalogue.kinds(named:in:)`).
    public init(named names: [String], domain: TrainingDomain) throws(LearningError) {
        self.init(kinds: try ModelCatalogue.kinds(named: names, in: domain), domain: domain)
    }

    /// Pins the axis `name` to `values`; throws when no selected kind has that parameter or a value is invalid.
    public mutating func replacing(_ name: String, with values: [String]) throws(LearningError) {
        guard kinds.contains(where: { $0.axes.contains { $0.name == name } }) else {
            let known = kinds.flatMap { $0.axes.map(\.name) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            throw .invalidParameter("no selected model has a parameter named \(name) (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
        }
        guard !values.isEmpty else { throw .invalidParameter("\(name) needs at least one value") }
        if let earlier = replaced[name] {
            throw .invalidParameter("\(name) is given twice (\(earlier.joined(separator: ",")) and \(values.joined(separator: ","))); "
                + "give all its values once: \(name)=\((earlier + values).joined(separator: ","))")
        }
        replaced[name] = values
        _ = try candidates(seed: 0)
    }

    /// The kinds' names, comma-separated, as `--model` takes them (`logreg,tree`).
    public var kindNames: String {
        kinds.map(\.name).joined(separator: ",")
    }

    /// The grid as a training command takes it: `modelOption` (`--model`, `--models`) with the kinds' names, then
    /// `--param NAME=V[,V...]` for each replaced axis, by name.
    public func arguments(modelOption: String) -> [String] {
        [modelOption, kindNames]
            + replaced.keys.sorted().flatMap { ["--param", "\($0)=\(replaced[$0, default: []].joined(separator: ","))"] }
    }

    /// Replaces axes from `NAME=V[,V...]` texts, in order.
    public mutating func replacing(assignments: [String]) throws(LearningError) {
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw .invalidParameter("a parameter takes NAME=V[,V...], got '\(assignment)'") }
            try replacing(parts[0], with: parts[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        }
    }

    /// The values of `axis`: replaced, else the domain's defaults.
    public func values(of axis: ParameterAxis) -> [String] {
        replaced[axis.name] ?? axis.defaults(for: domain)
    }

    /// Every combination, kind by kind in order, each kind's first axis varying slowest; seeded kinds use `seed`.
    public func candidates(seed: UInt64) throws(LearningError) -> [ClassifierSpec] {
        var result: [ClassifierSpec] = []
        for kind in kinds {
            var combinations: [[String: String]] = [[:]]
            for axis in kind.axes {
                combinations = combinations.flatMap { partial in
                    values(of: axis).map { value in partial.merging([axis.name: value]) { $1 } }
                }
            }
            for combination in combinations {
                result.append(try kind.candidate(ParameterValues(combination, seed: seed)))
            }
        }
        return result
    }

    /// A number as it appears in a parameter list (`0.001`, `1`, `1000`).
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
