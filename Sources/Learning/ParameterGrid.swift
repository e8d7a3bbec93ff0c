/// The hyperparameter grid of a model selection, axis by axis, with scikit-learn's names.
///
/// `replacing(_:with:)` pins an axis (`--param C=1`); a name that no selected model has is refused.
public struct ParameterGrid: Sendable {
    /// The model kinds searched: `logreg`, `tree` or both.
    public let kinds: [String]
    /// Values per axis, as text (`C`, `penalty`, `class_weight`, `criterion`, `max_depth`, `min_samples_leaf`,
    /// `min_samples_split`).
    public private(set) var axes: [String: [String]]

    /// The axes of each kind.
    public static let axesByKind: [String: [String]] = [
        "logreg": ["C", "penalty", "class_weight"],
        "tree": ["criterion", "max_depth", "min_samples_leaf", "min_samples_split"],
    ]

    /// The seven-point log grid 1e-3 ... 1e3.
    public static let logC = ["0.001", "0.01", "0.1", "1", "10", "100", "1000"]

    /// A grid over `kinds` with the given axes (every axis of every kind must be present).
    public init(kinds: [String], axes: [String: [String]]) {
        self.kinds = kinds
        self.axes = axes
    }

    /// Pins the axis `name` to `values`; throws when no selected model has that parameter or a value is invalid.
    public mutating func replacing(_ name: String, with values: [String]) throws(LearningError) {
        guard kinds.contains(where: { Self.axesByKind[$0]?.contains(name) == true }) else {
            let known = kinds.flatMap { Self.axesByKind[$0] ?? [] }.joined(separator: ", ")
            throw .invalidParameter("no selected model has a parameter named \(name) (known: \(known))")
        }
        guard !values.isEmpty else { throw .invalidParameter("--param \(name) needs at least one value") }
        axes[name] = values
        _ = try candidates()
    }

    /// Every combination, logistic candidates first, each axis in the order given.
    public func candidates() throws(LearningError) -> [ClassifierSpec] {
        var result: [ClassifierSpec] = []
        if kinds.contains("logreg") {
            for c in try values("C", Self.positiveNumber) {
                for penalty in try values("penalty", { LogisticRegression.Penalty(rawValue: $0) }) {
                    for weight in try values("class_weight", { ClassWeight(rawValue: $0) }) {
                        result.append(.logistic(LogisticRegression(C: c, penalty: penalty, classWeight: weight)))
                    }
                }
            }
        }
        if kinds.contains("tree") {
            for criterion in try values("criterion", { DecisionTree.Criterion(rawValue: $0) }) {
                for depth in try values("max_depth", Self.optionalCount) {
                    for leaf in try values("min_samples_leaf", { Int($0).flatMap { $0 >= 1 ? $0 : nil } }) {
                        for split in try values("min_samples_split", { Int($0).flatMap { $0 >= 2 ? $0 : nil } }) {
                            result.append(.tree(DecisionTree(criterion: criterion, maxDepth: depth,
                                                             minSamplesLeaf: leaf, minSamplesSplit: split)))
                        }
                    }
                }
            }
        }
        return result
    }

    private func values<T>(_ name: String, _ parse: (String) -> T?) throws(LearningError) -> [T] {
        var parsed: [T] = []
        for text in axes[name] ?? [] {
            guard let value = parse(text) else { throw .invalidParameter("invalid value '\(text)' for \(name)") }
            parsed.append(value)
        }
        return parsed
    }

    private static func positiveNumber(_ text: String) -> Double? {
        guard let value = Double(text), value > 0, value.isFinite else { return nil }
        return value
    }

    /// `none` for no limit, else a positive count.
    private static func optionalCount(_ text: String) -> Int?? {
        if text == "none" { return .some(nil) }
        guard let value = Int(text), value >= 1 else { return nil }
        return .some(value)
    }

    /// A number as it appears in a parameter list (`0.001`, `1`, `1000`).
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
