/// A folder of masks and the labels CSV that judges them: the study's mask filter part.
public struct LabelledMasks: Sendable, Equatable {
    /// Folder of segmentation masks.
    public var masks: String
    /// Their labels CSV (file,label with good/bad).
    public var labels: String

    /// `masks` labelled by `labels`.
    public init(masks: String, labels: String) {
        self.masks = masks
        self.labels = labels
    }
}
