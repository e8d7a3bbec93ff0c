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
