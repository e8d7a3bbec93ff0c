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
