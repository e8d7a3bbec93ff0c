import ArgumentParser
import BatchRunning
import FileIO
import Parallelism
import Foundation
import Synthesis

/// `ganfilter synth`: seeded synthetic data.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Make seeded synthetic data for trying ganfilter out and for tests.",
        subcommands: [SynthMasksCommand.self, SynthLatentCommand.self]
    )
}

/// `ganfilter synth masks`: synthetic two-sided masks with labels.
struct SynthMasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "masks",
        abstract: "Write seeded synthetic 256x256 two-sided masks (ellipses, not lungs) and their labels.csv.",
        discussion: """
            Each mask is a blob left and right of the centre, drawn as an 8-bit probability map with soft \
            edges; about 84% carry the faults a GAN makes (one side shifted, shrunk, rotated, missing or \
            doubled, ragged outlines, stray specks). labels.csv (file,label with good/bad) follows the faults \
            with rater noise, so that bad:good is about 3:1. The same seed gives the same files. A folder that \
            holds other masks (any *.png not named synthetic_NNNNN.png) is refused; an earlier set is refreshed.

            Example: ganfilter synth masks --count 200 --output masks/
            """
    )

    @Option(parsing: .unconditional, help: "Number of masks.")
    var count = 200

    @Option(name: .shortAndLong, help: "Folder to write into (created if missing).")
    var output: String

    @Option(parsing: .unconditional, help: "Seed of the set.")
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "Worker threads (default: the CPUs this process may use).")
    var jobs = AvailableProcessors.count

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1, got \(count)") }
        guard count <= 10_000_000 else { throw ValidationError("--count must be at most 10,000,000") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        try OutputPath.validateFolder(output, option: "--output")
    }

    func run() throws {
        if let conflict = SyntheticMaskSet.conflict(in: output) { throw ValidationError("--output: \(conflict)") }
        let progress = ProgressLine(label: "synth masks", total: count)
        let summary: SyntheticMaskSetSummary
        do {
            defer { progress.finish() }
            summary = try SyntheticMaskSet.write(count: count, seed: seed, to: output, jobs: jobs, progress: progress.update)
        }
        let bad = summary.count - summary.good
        StandardError.print("ganfilter synth masks: wrote \(summary.count) masks (\(summary.good) good, \(bad) bad"
            + String(format: ", bad:good %.2f:1) and %@", summary.good > 0 ? Double(bad) / Double(summary.good) : .infinity, summary.labelsPath))
    }
}
