/// The user's options for a generator of theirs (`pipeline --generator-...`), each nil when not given; what they
/// make, with the shipped defaults, is a `GeneratorBench`.
public struct GeneratorOptions: Sendable {
    /// Folder of the generated masks, or a `.npy`/`.npz` stack of them (`--generator-masks`).
    public var masks: String?
    /// The array of an `.npz` `masks` that holds them, when it holds several (`--generator-masks-member`).
    public var masksMember: String?
    /// Their labels CSV (`--generator-labels`).
    public var labels: String?
    /// The real masks they are measured against (`--generator-reference`).
    public var reference: String?
    /// The array of an `.npz` `reference` that holds the real masks (`--generator-reference-member`).
    public var referenceMember: String?
    /// The generator's `(z, passed)` records (`--generator-latents`).
    public var latents: String?
    /// A fresh unscreened run of it with its outcomes (`--generator-fresh-run`).
    public var freshRun: String?

    /// The options given; the others nil.
    public init(masks: String? = nil, masksMember: String? = nil, labels: String? = nil, reference: String? = nil,
                referenceMember: String? = nil, latents: String? = nil, freshRun: String? = nil) {
        self.masks = masks
        self.masksMember = masksMember
        self.labels = labels
        self.reference = reference
        self.referenceMember = referenceMember
        self.latents = latents
        self.freshRun = freshRun
    }

    /// Whether any option of a generator of the user's is given (the reference's alone is not: it may measure the
    /// shipped bench).
    var givesGenerator: Bool { masks != nil || masksMember != nil || labels != nil || latents != nil || freshRun != nil }
}
