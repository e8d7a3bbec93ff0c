import ArgumentParser
import FileIO
import LatentPrefilter
import Synthesis

/// `ganfilter synth latent`: a calibrated synthetic latent dataset.
struct SynthLatentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latent",
        abstract: "Write a seeded synthetic latent dataset calibrated to the study's figures (CSV).",
        discussion: """
            Six groups (18_24m ... 58_64f) with the study's valid shares, five quality scores with its quartiles \
            and correlations, valid = all five positive, and a weak, linear dependence of image quality on z \
            (logistic AUC about 0.72-0.80 per group, nearest neighbours at chance). The generative model is in \
            latent/README.md. The same seed gives the same file.

            Example: ganfilter synth latent --records 60000 --output latent.csv
            """
    )

    @Option(parsing: .unconditional, help: "Records, split evenly over the six groups.")
    var records = 60_000

    @Option(parsing: .unconditional, help: "Latent dimensions.")
    var dimensions = LatentSynthesis.defaultDimensions

    @Option(help: "How z is drawn: uniform (on [-1, 1], the study's text) or normal.")
    var latentDistribution: LatentSynthesis.Distribution = .uniform

    @Option(parsing: .unconditional, help: "Seed.")
    var seed: UInt64 = 0

    @Option(name: .shortAndLong, help: "CSV file to write (atomically; gzip-compressed when it ends in .gz); - for standard output.")
    var output: String

    func validate() throws {
        guard (6...10_000_000).contains(records) else { throw ValidationError("--records must be in 6...10,000,000") }
        guard (1...4096).contains(dimensions) else { throw ValidationError("--dimensions must be in 1...4096") }
        try OutputPath.validate(output, option: "--output", as: .latentDataset)
    }

    func run() throws {
        let dataset = LatentSynthesis(dimensions: dimensions, distribution: latentDistribution, seed: seed).dataset(records: records)
        try dataset.write(to: output)
        let valid = dataset.valid.filter { $0 }.count
        StandardError.print("ganfilter synth latent: wrote \(dataset.count) records (\(valid) valid) to \(output)")
    }
}

extension LatentDistribution: ExpressibleByArgument {}
