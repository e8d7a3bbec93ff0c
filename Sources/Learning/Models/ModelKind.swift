/// Where a model is trained; the default grids differ (the design's grid for mask features is wider than the
/// study's for latents).
public enum TrainingDomain: Sendable, Hashable {
    /// Mask features (`ganfilter train`).
    case masks
    /// Latent vectors (`ganfilter latent train`).
    case latents
}

/// One hyperparameter axis of a model kind, named as scikit-learn names it, with its default values.
public struct ParameterAxis: Sendable {
    /// scikit-learn's name (`C`, `max_depth`, `hidden_layer_sizes`, ...).
    public let name: String
    /// The default values for latents, as text.
    public let latentDefaults: [String]
    /// The default values for mask features, as text.
    public let maskDefaults: [String]

    /// An axis; `masks` defaults to the latent values.
    public init(_ name: String, _ defaults: [String], masks: [String]? = nil) {
        self.name = name
        latentDefaults = defaults
        maskDefaults = masks ?? defaults
    }

    /// The default values in `domain`.
    public func defaults(for domain: TrainingDomain) -> [String] {
        domain == .masks ? maskDefaults : latentDefaults
    }
}

/// One kind of model ganfilter trains: its name, what it is, its parameter axes, the domains it is offered
/// in, its fitted type (what model files hold) and how one candidate is built from one value per axis.
public struct ModelKind: Sendable {
    /// The name `--model`/`--models` take (`logreg`, `logreg-l1`, `knn`, ...).
    public let name: String
    /// One line for `--help`.
    public let summary: String
    /// The hyperparameter axes, in the order the grid varies them (the first slowest).
    public let axes: [ParameterAxis]
    /// Where `all` includes it.
    public let domains: Set<TrainingDomain>
    /// The fitted type, whose `kind` model files name.
    public let fittedType: any FittedModel.Type
    private let build: @Sendable (ParameterValues) throws(LearningError) -> ClassifierSpec

    /// A catalogue entry.
    public init(name: String, summary: String, axes: [ParameterAxis], domains: Set<TrainingDomain> = [.masks, .latents],
                fittedType: any FittedModel.Type, build: @escaping @Sendable (ParameterValues) throws(LearningError) -> ClassifierSpec) {
        self.name = name
        self.summary = summary
        self.axes = axes
        self.domains = domains
        self.fittedType = fittedType
        self.build = build
    }

    /// The candidate with `values` (one per axis), or an error naming the value that is out of range.
    public func candidate(_ values: ParameterValues) throws(LearningError) -> ClassifierSpec {
        try build(values)
    }
}

/// One value per axis for one candidate (as text, parsed by the kind's builder) and the seed of seeded models.
public struct ParameterValues: Sendable {
    /// Value by axis name.
    public let values: [String: String]
    /// Seed of the models that draw random numbers.
    public let seed: UInt64

    /// Values and seed.
    public init(_ values: [String: String], seed: UInt64) {
        self.values = values
        self.seed = seed
    }

    private func text(_ name: String) throws(LearningError) -> String {
        guard let text = values[name] else { throw .invalidParameter("no value for \(name)") }
        return text
    }

    private func invalid(_ name: String, _ text: String, _ expected: String) -> LearningError {
        .invalidParameter("invalid value '\(text)' for \(name) (expected \(expected))")
    }

    /// A positive finite number.
    public func positiveNumber(_ name: String) throws(LearningError) -> Double {
        let text = try text(name)
        guard let value = Double(text), value > 0, value.isFinite else { throw invalid(name, text, "a positive number") }
        return value
    }

    /// `scale` (nil: scikit-learn's `1 / (d var(X))`), else a positive number.
    public func gamma(_ name: String) throws(LearningError) -> Double? {
        let text = try text(name)
        return text == "scale" ? nil : try positiveNumber(name)
    }

    /// The features a forest's node tries: `sqrt`, `all` or a share in (0, 1] (`FeaturesPerNode`).
    public func featuresPerNode(_ name: String) throws(LearningError) -> FeaturesPerNode {
        try FeaturesPerNode(parsing: try text(name))
    }

    /// A finite number at least 0.
    public func nonNegativeNumber(_ name: String) throws(LearningError) -> Double {
        let text = try text(name)
        guard let value = Double(text), value >= 0, value.isFinite else { throw invalid(name, text, "a number >= 0") }
        return value
    }

    /// A whole number from `minimum` to `maximum`.
    public func count(_ name: String, atLeast minimum: Int, atMost maximum: Int = .max) throws(LearningError) -> Int {
        let text = try text(name)
        guard let value = Int(text), value >= minimum, value <= maximum else {
            throw invalid(name, text, maximum == .max ? "a whole number >= \(minimum)" : "a whole number from \(minimum) to \(maximum)")
        }
        return value
    }

    /// `none` (nil), else a whole number at least 1.
    public func optionalCount(_ name: String) throws(LearningError) -> Int? {
        let text = try text(name)
        if text == "none" { return nil }
        guard let value = Int(text), value >= 1 else { throw invalid(name, text, "none or a whole number >= 1") }
        return value
    }

    /// One of the cases of `T`.
    public func choice<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type = T.self) throws(LearningError) -> T
    where T.RawValue == String {
        let text = try text(name)
        guard let value = T(rawValue: text) else {
            throw invalid(name, text, T.allCases.map(\.rawValue).joined(separator: " or "))
        }
        return value
    }

    /// Layer widths joined by `x` (`128x128`), each at least 1.
    public func layerSizes(_ name: String) throws(LearningError) -> [Int] {
        let text = try text(name)
        let sizes = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw invalid(name, text, "layer widths joined by x, such as 128x128")
        }
        return sizes.compactMap { $0 }
    }
}
