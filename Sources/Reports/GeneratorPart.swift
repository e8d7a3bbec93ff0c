/// The report's generator part: whose generated masks it filtered, their labels, and whether its steps ran.
public struct GeneratorPart: Sendable, Equatable {
    /// Where the generated masks came from, which the section's first words say.
    public enum Origin: Sendable, Equatable {
        /// The shipped bench: a small GAN's masks (`bench/generator`), labelled by its outline rule.
        case shippedBench
        /// Any other masks (a user's own generator): the folder of its masks. The shipped masks given by another
        /// path than the shipped one are these too, and the words stay true of them.
        case own(masks: String)
    }

    /// Whose masks.
    public var origin: Origin
    /// Their labels CSV; nil when they have none, and only the label-free filter ran.
    public var labelsPath: String?
    /// Whether the part's steps ran; a part that failed is reported as such.
    public var ran: Bool
    /// For masks without labels, the command line (as a shell reads it) that suggests the first masks to label,
    /// with a labelling page; nil when they have labels.
    public var labelSuggestion: String?

    /// The part of `origin`'s masks labelled in `labelsPath` (nil: unlabelled, and `labelSuggestion` the command
    /// that chooses masks to label).
    public init(origin: Origin, labelsPath: String?, ran: Bool, labelSuggestion: String? = nil) {
        self.origin = origin
        self.labelsPath = labelsPath
        self.ran = ran
        self.labelSuggestion = labelsPath == nil ? labelSuggestion : nil
    }

    /// The section's first words: what the masks are and how they were labelled.
    var provenance: String {
        switch origin {
        case .shippedBench:
            "Masks a small GAN made (bench/generator), labelled by an outline rule that does not use any column below "
                + "(bench/generator/sample_gan.py says how)."
        case .own(let masks):
            labelsPath.map { "Generated masks from \(masks), labelled in \($0)." }
                ?? "Generated masks from \(masks), without labels: only the label-free filter ran (pipeline --generator-labels FILE "
                + "adds the labelled filter beside it, and ganfilter label suggest chooses the masks worth labelling)."
        }
    }
}
