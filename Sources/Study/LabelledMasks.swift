/// The masks and the labels CSV that judges them: the study's mask filter part.
public struct LabelledMasks: Sendable, Equatable {
    /// Folder of segmentation masks, or a `.npy`/`.npz` stack of them.
    public var masks: String
    /// Their labels CSV (file,label with good/bad).
    public var labels: String
    /// The array of an `.npz` `masks` that holds them, when it holds several; nil otherwise.
    public var member: String?

    /// `masks` (the array `member` of an `.npz` of several) labelled by `labels`.
    public init(masks: String, labels: String, member: String? = nil) {
        self.masks = masks
        self.labels = labels
        self.member = member
    }
}
