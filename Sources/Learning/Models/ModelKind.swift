
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
