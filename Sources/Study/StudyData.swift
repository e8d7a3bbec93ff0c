import FileIO

/// What a study runs on: the user's own data where given, and the shipped demonstration (the sample masks,
/// the shipped generator bench, synthetic latent records) only when the user gave none. A report on a user's
/// masks then holds only the user's data, and says what it left out.
public struct StudyData: Sendable {
    /// The shipped sample masks and their labels.
    public static let shippedMasks = "masks", shippedLabels = "masks/labels.csv"
    /// The shipped real generator: its masks and labels, the real masks it is measured against, its latent
    /// records and a fresh run of it.
    public static let shippedGenerator = GeneratorBench(masks: "bench/generator/masks", labels: "bench/generator/masks/labels.csv",
                                                        reference: "masks/lung256", latents: "bench/generator/latent.csv.gz",
                                                        freshRun: "bench/generator/fresh.csv.gz")
    /// Synthetic latent records of the demonstration.
    public static let shippedRecords = 60_000

    /// The masks and their labels; nil leaves the mask filter part out.
    public let masks: LabelledMasks?
    /// The generator part; nil leaves it out.
    public let generator: GeneratorBench?
    /// The latent part.
    public let latent: StudyRun.LatentSource
    /// What was left out and why, for people.
    public let notes: [String]

    /// The user's options, each nil when not given: `masks` (and `masksMember`, the array of an `.npz` of several
    /// that holds them) labelled by `labels`; `generator`, a generator of the user's; `records`, given, asks for
    /// that many synthetic latent records (the demonstration's latent part) whatever else is given.
    public init(masks: String?, masksMember: String? = nil, labels: String?, generator: GeneratorOptions,
                latent: String?, records: Int?, noGenerator: Bool, noLatent: Bool) throws(StudyError) {
        let ownMasks = masks != nil || labels != nil
        let ownGenerator = generator.givesGenerator
        let own = ownMasks || ownGenerator || latent != nil
        var notes: [String] = []
        guard masksMember == nil || masks != nil else {
            throw StudyError(description: "--masks-member names an array of the --masks archive: give both")
        }
        if let masks {
            guard let labels else {
                throw StudyError(description: "--masks \(masks) needs its labels (--labels FILE: file,label with good/bad)")
            }
            self.masks = LabelledMasks(masks: masks, labels: labels, member: masksMember)
        } else if labels != nil {
            throw StudyError(description: "--labels judges the masks of --masks: give both")
        } else if own {
            self.masks = nil
            notes.append("your own data is given without --masks, so the shipped sample masks' calibration check is left out "
                + "(--masks adds masks of yours)")
        } else if FileIdentity(path: Self.shippedMasks) == nil {
            self.masks = nil
            notes.append("no \(Self.shippedMasks); the calibration check on the sample masks is left out")
        } else {
            self.masks = LabelledMasks(masks: Self.shippedMasks, labels: Self.shippedLabels)
        }

        guard generator.referenceMember == nil || generator.reference != nil else {
            throw StudyError(description: "--generator-reference-member names an array of the --generator-reference archive: give both")
        }
        guard generator.masksMember == nil || generator.masks != nil else {
            throw StudyError(description: "--generator-masks-member names an array of the --generator-masks archive: give both")
        }
        if noGenerator {
            self.generator = nil
        } else if let masks = generator.masks {
            guard generator.freshRun == nil || generator.latents != nil else {
                throw StudyError(description: "--generator-fresh-run verifies the prefilter of --generator-latents: give both")
            }
            guard generator.reference != nil || FileIdentity(path: Self.shippedGenerator.reference) != nil else {
                throw StudyError(description: "--generator-masks \(masks) is measured against real masks: give them with --generator-reference "
                    + "DIR (the default, \(Self.shippedGenerator.reference), the shipped Montgomery masks, lies in the ganfilter folder, "
                    + "and the pipeline runs in another)")
            }
            if generator.labels == nil {
                notes.append("--generator-masks \(masks) has no labels, so only the label-free filter runs on them (--generator-labels "
                    + "adds the labelled filter beside it; ganfilter label suggest chooses the masks worth labelling)")
            }
            self.generator = GeneratorBench(masks: masks, masksMember: generator.masksMember, labels: generator.labels,
                                            reference: generator.reference ?? Self.shippedGenerator.reference,
                                            referenceMember: generator.referenceMember, latents: generator.latents, freshRun: generator.freshRun)
        } else if ownGenerator {
            throw StudyError(description: "the generator options need --generator-masks")
        } else if own {
            self.generator = nil
            notes.append("your own data is given, so the shipped generator bench is left out (--generator-masks adds a generator of yours)")
        } else if FileIdentity(path: Self.shippedGenerator.masks) == nil {
            self.generator = nil
            notes.append("no \(Self.shippedGenerator.masks); the generator part is left out")
        } else {
            let exists = { (path: String?) in path.flatMap { FileIdentity(path: $0) == nil ? nil : $0 } }
            let bench = Self.shippedGenerator
            self.generator = GeneratorBench(masks: bench.masks, labels: bench.labels, reference: generator.reference ?? bench.reference,
                                            referenceMember: generator.referenceMember, latents: exists(bench.latents),
                                            freshRun: exists(bench.freshRun))
        }

        if noLatent {
            self.latent = .none
        } else if let latent {
            self.latent = .dataset(latent)
        } else if own && records == nil {
            self.latent = .none
            notes.append("your own data is given without --latent, so no synthetic latent study is run (--latent adds your latent records)")
        } else {
            self.latent = .synthetic(records: records ?? Self.shippedRecords)
        }
        guard self.masks != nil || self.generator != nil || self.latent != .none else {
            throw StudyError(description: "nothing to run: " + (notes.isEmpty ? "" : notes.joined(separator: "; ") + "; ")
                + "give --masks, --generator-masks or --latent (the shipped sample data lies in the ganfilter folder)")
        }
        self.notes = notes
    }
}
