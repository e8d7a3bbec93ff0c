import FileIO

/// A real generator for the study's generator part: its masks filtered with labels (a model trained on every
/// feature set and the realism columns) and without (against the real reference masks), side by side on the
/// same held-out masks, or without labels alone when it has none; and its latents, a prefilter's predicted
/// speed-up checked on a fresh run.
public struct GeneratorBench: Sendable {
    /// Folder of the generated masks (*.png), or a `.npy`/`.npz` stack of them.
    public var masks: String
    /// The array of an `.npz` `masks` that holds them, when it holds several; nil otherwise.
    public var masksMember: String?
    /// Their labels CSV (file,label with good/bad); nil when they have none, and only the label-free filter runs.
    public var labels: String?
    /// Folder of real masks of one size (the generated masks are resized to it when theirs differs), the
    /// reference of the realism columns and of the label-free filter.
    public var reference: String
    /// The array of an `.npz` `reference` that holds the real masks, when it holds several; nil otherwise.
    public var referenceMember: String?
    /// The generator's `(z, passed)` records, of one group named `gan` (`StudyRun.generatorGroup`), for a latent
    /// prefilter of its own; nil leaves it out.
    public var latents: String?
    /// A fresh unscreened run of the generator with its outcomes, to verify that prefilter on; nil leaves it out.
    public var freshRun: String?

    /// Whether the masks and their labels are the shipped bench's (`StudyData.shippedGenerator`), whatever the
    /// reference: the report then says what made them and by what rule they were labelled.
    public var isShipped: Bool {
        let same = { (path: String, shipped: String) in
            path == shipped || FileIdentity(path: path).map { $0 == FileIdentity(path: shipped) } == true
        }
        guard let labels, let shipped = StudyData.shippedGenerator.labels else { return false }
        return same(masks, StudyData.shippedGenerator.masks) && same(labels, shipped)
    }

    /// The bench of `masks` (its array `masksMember`, for an `.npz` of several) labelled by `labels` (nil:
    /// unlabelled), measured against `reference` (its array `referenceMember`, likewise); with `latents`, a
    /// prefilter trained on them, verified on `freshRun`.
    public init(masks: String, masksMember: String? = nil, labels: String?, reference: String, referenceMember: String? = nil,
                latents: String? = nil, freshRun: String? = nil) {
        self.masks = masks
        self.masksMember = masksMember
        self.labels = labels
        self.reference = reference
        self.referenceMember = referenceMember
        self.latents = latents
        self.freshRun = latents == nil ? nil : freshRun
    }
}
