/// A real generator's masks for the study's generator part: filtered with labels (a model trained on every
/// feature set and the realism columns) and without (against the real reference masks), side by side on the
/// same held-out masks.
public struct GeneratorBench: Sendable {
    /// Folder of the generated masks (*.png).
    public var masks: String
    /// Their labels CSV (file,label with good/bad).
    public var labels: String
    /// Folder of real masks of the same size, the reference of the realism columns and of the label-free filter.
    public var reference: String

    /// The bench of `masks` labelled by `labels`, measured against `reference`.
    public init(masks: String, labels: String, reference: String) {
        self.masks = masks
        self.labels = labels
        self.reference = reference
    }
}
