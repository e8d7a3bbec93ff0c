import ArgumentParser
import BatchRunning
import FileIO
import Parallelism
import Foundation
import LatentPrefilter
import Learning

/// `ganfilter latent sample`: latent vectors that pass, ready for the generator.
struct LatentSampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Draw latent vectors that pass a prefilter, from the prior it was trained for (float32 .npy out).",
        discussion: """
            Draws vectors from --latent-distribution (default: the one the model records, from `latent train \
            --latent-distribution` or the pipeline's synthetic data; uniform is [-1, 1] per coordinate, normal \
            the standard normal), rounds them to float32, scores them exactly as `latent screen` scores float32 \
            input (so screening the output keeps every row) and writes exactly --count passing vectors as a \
            float32 .npy (atomically). Blocks of 8,192 draws each come from their own stream of the seeded \
            generator: the file is byte-identical for a --seed whatever --jobs is, and memory holds --jobs blocks \
            whatever --count is. Prints the draws, the acceptance rate and the share of good images the model \
            expects (its held-out precision at the threshold, with the 95% interval). After --max-draws draws \
            (default 1000 x --count) without --count passing vectors it writes nothing (exit status 2).

            Example: ganfilter latent sample --model prefilter.json --group 18_24f --count 10000 --output z.npy

            \(ExitStatusHelp.text)
            """
    )

    @Option(help: "Model file from `ganfilter latent train`.")
    var model: String

    @Option(help: "The group (GAN) the vectors are for.")
    var group: String

    @Option(parsing: .unconditional, help: "Passing vectors to write.")
    var count: Int

    @Option(name: .shortAndLong, help: "The vectors (float32 .npy; - for standard output, the summary then going to standard error).")
    var output: String

    @Option(parsing: .unconditional, help: "Seed of the draws.")
    var seed: UInt64 = 0

    @Option(help: "The prior to draw from (uniform or normal); needed when the model does not record it.")
    var latentDistribution: LatentDistribution?

    @OptionGroup var decisionThreshold: ThresholdOptions

    @Option(parsing: .unconditional, help: "Give up after this many draws (default: 1000 x --count).")
    var maxDraws: Int?

    @Option(parsing: .unconditional, help: "Worker threads (default: the CPUs this process may use); the output does not depend on it.")
    var jobs = AvailableProcessors.count

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        guard (maxDraws ?? count) >= count else { throw ValidationError("--max-draws must be at least --count") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        try OutputPath.validate(output, option: "--output", as: .numpyArray)
    }

    func run() throws {
        try OutputPath.refuseClobbering(outputs: [NamedPath("--output", output)], inputs: [NamedPath("--model", model)])
        let (prefilter, screening) = try LatentScreenCommand.screening(model: model, group: group, threshold: decisionThreshold.choice)
        guard let distribution = latentDistribution ?? prefilter.latentDistribution else {
            throw ValidationError("the model does not record the distribution its vectors came from: give --latent-distribution uniform|normal")
        }
        if let recorded = prefilter.latentDistribution, recorded != distribution {
            StandardError.print("ganfilter latent sample: note: the model was trained on \(recorded) vectors; drawing \(distribution) ones")
        }
        let sampling = LatentSampling(screening: screening, distribution: distribution, dimensions: prefilter.dimensions, seed: seed)
        let progress = ProgressLine(label: "sample", total: count)
        let outcome: LatentSampling.Outcome
        do {
            // A count beyond the largest Int would have failed validation; the product saturates instead of trapping.
            let limit = maxDraws ?? count.multipliedReportingOverflow(by: 1000).partialValue
            let drawLimit = limit < count ? Int.max : limit
            // Sampling ends at whichever comes first, the vectors wanted or the draws allowed: the line shows both.
            outcome = try sampling.sample(count: count, maxDraws: drawLimit, jobs: jobs, to: output) { done in
                progress.update(fraction: max(Double(done.kept) / Double(count), Double(done.draws) / Double(drawLimit)),
                                detail: "\(done.kept)/\(count) kept from \(done.draws) draws of at most \(drawLimit)")
            }
        } catch {
            progress.finish()
            // An output that cannot be written (or would not fit) is 70; too many draws is 2.
            if case .output(let failure) = error { throw failure }
            StandardError.print("ganfilter latent sample: \(error)")
            throw ExitCode(2)
        }
        progress.finish()
        let summary = SummaryOutput(dataOutputs: [output])
        summary.say("group \(group): wrote \(outcome.kept) vectors to \(output) from \(outcome.draws) draws (\(distribution), seed \(seed)); "
            + "acceptance rate " + String(format: "%.4f", outcome.acceptanceRate) + ", threshold \(screening.threshold)")
        LatentScreenCommand.warnIfExtreme(kept: outcome.kept, of: outcome.draws, items: "draws", prefilter: prefilter, group: group,
                                          threshold: screening.threshold, choice: decisionThreshold, sampleScores: sampling.sampleScores())
        summary.say(decisionThreshold.acceptThreshold == nil ? Self.expectation(prefilter, group: group, strategy: decisionThreshold.strategy)
            : "expected share of good images: unknown (the model stores none for a threshold given with --accept-threshold)")
    }

    /// The share of good images the model expects at a stored strategy's threshold, with its interval.
    static func expectation(_ model: PrefilterModel, group: String, strategy: ThresholdStrategy?) -> String {
        guard let entry = model.groups.first(where: { $0.group == group }) else { return "expected share of good images: unknown" }
        let name: ThresholdStrategy = strategy ?? entry.strategy
        guard let promise = try? LatentVerification.promise(in: model, group: group, strategy: name), let precision = promise.precision else {
            return "expected share of good images: unknown (the model stores no promise for this threshold)"
        }
        let interval = promise.precisionLow.flatMap { low in promise.precisionHigh.map { String(format: " (95%% interval %.4f-%.4f)", low, $0) } } ?? ""
        let base = promise.basePrecision.map { String(format: "%.4f", $0) } ?? "?"
        let expected = "expected share of good images: " + String(format: "%.4f", precision) + interval
        return expected + " at \(name.description), against \(base) unscreened (\(promise.split) split of its training)"
    }
}
