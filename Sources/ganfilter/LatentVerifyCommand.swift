import ArgumentParser
import BatchRunning
import FileIO
import Parallelism
import Foundation
import LatentPrefilter
import Learning

/// `ganfilter latent verify`: did the prefilter keep its promise on a generation run?
struct LatentVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a prefilter's promised precision and speed-up against a generation run (exit 3 when worse).",
        discussion: """
            --data holds the vectors of a generation run with their outcomes (a latent dataset, as `latent assemble` \
            writes it; the rows of --group). The model promised, for every strategy, the precision of the vectors \
            it keeps, the precision without screening and the speed-up, with 95% intervals, on the held-out split \
            of its training. The rows that pass the threshold give the realised precision; when some rows do not \
            pass (an unscreened run), all rows give the base precision and the realised speed-up. Intervals are \
            2,000 seeded bootstrap replicates of the rows, as training's. The verdict compares the speed-up \
            intervals on an unscreened run, the precision intervals otherwise: worse (or better) when the realised \
            interval lies entirely below (above) the promised one, else consistent; too-few-rows when fewer than \
            \(LatentVerification.minimumKept) vectors pass, too few to judge. A generator retrained since, \
            or drifting, shows up here first. The model records the vectors it was trained and tested on; when \
            \(Int(LatentVerification.seenShareWarned * 100))% or more of the run's are among them, a warning says \
            that the verdict checks the promise on what made it (verify.json: vectors_seen_in_training).

            Example: ganfilter latent verify --model prefilter.json --group 18_24f --data run.csv.gz --output verify.json

            \(ExitStatusHelp.text)
              3   latent verify only: the verdict is worse (the promise was not kept)
            """
    )

    @Option(help: "Model file from `ganfilter latent train`.")
    var model: String

    @Option(help: "The group (GAN) whose promise to check (may be left out for a model of one group).")
    var group: String?

    @Option(help: "The generation run: a latent dataset (.csv, .csv.gz or .npz; an .npz without a group array is all --group) with the outcome column.")
    var data: String

    @Option(help: "The outcome column, 1 for a good image (default: the target the model was trained on).")
    var target: String?

    @Option(help: "The strategy whose threshold and promise to check (default: the model's).", transform: ThresholdStrategy.argument)
    var strategy: ThresholdStrategy?

    @Option(name: .shortAndLong, help: "Write verify.json here.")
    var output: String?

    @Option(parsing: .unconditional, help: "Seed of the bootstrap.")
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "Threads that parse a CSV dataset (default: the CPUs this process may use).")
    var jobs = AvailableProcessors.count

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if let output { try OutputPath.validate(output, option: "--output", as: .json) }
    }

    func run() throws {
        if let output {
            try OutputPath.refuseClobbering(outputs: [NamedPath("--output", output)],
                                            inputs: [NamedPath("--model", model), NamedPath("--data", data)])
        }
        let run = LatentVerificationRun(model: try LatentScreenCommand.load(model), group: group, strategy: strategy, target: target,
                                        seed: seed)
        let verification: LatentVerification
        let group: String
        do {
            group = try run.checkedGroup()
            let dataset = try LatentDatasetInput.read(data, command: "latent verify", group: group, jobs: jobs).dataset
            verification = try run.verify(dataset, path: data)
        } catch let problem as LatentVerificationRun.Problem {
            guard let option = problem.option else {
                StandardError.print("ganfilter latent verify: \(problem)")
                throw ExitCode(2)
            }
            throw ValidationError("\(option): \(problem)")
        }
        if let output { try verification.write(to: output) }
        if let warning = verification.seenWarning { StandardError.print("warning: \(data): \(warning)") }
        SummaryOutput(dataOutputs: [output]).say(Self.summary(verification, group: group))
        if verification.verdict == .worse { throw ExitCode(3) }
    }

    /// The verdict in a few lines.
    static func summary(_ verification: LatentVerification, group: String) -> String {
        func value(_ estimate: Estimate?) -> String {
            guard let estimate, let point = estimate.value else { return "–" }
            let bounds = estimate.low.flatMap { low in estimate.high.map { String(format: " (%.4f-%.4f)", low, $0) } } ?? ""
            return String(format: "%.4f", point) + bounds
        }
        let promise = verification.promise
        var lines = ["group \(group), \(promise.strategy): \(verification.kept) of \(verification.rows) vectors pass",
                     "precision: realised \(value(verification.realisedPrecision)), promised "
                        + value(Estimate(value: promise.precision, low: promise.precisionLow, high: promise.precisionHigh))]
        if let speedup = verification.realisedSpeedup {
            lines.append("speed-up: realised \(value(speedup)) (base precision " + (verification.basePrecision.map { String(format: "%.4f", $0) } ?? "–")
                + "), promised " + value(Estimate(value: promise.speedup, low: promise.speedupLow, high: promise.speedupHigh)))
        }
        lines.append("verdict: \(verification.verdict.rawValue)" + (verification.verdict == .tooFewRows
            ? " (\(verification.kept) vectors pass; at least \(LatentVerification.minimumKept) are needed to judge the promise)" : ""))
        return lines.joined(separator: "\n")
    }
}
