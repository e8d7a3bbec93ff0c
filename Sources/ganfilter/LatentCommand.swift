import ArgumentParser
import Foundation
import LatentPrefilter
import Learning

/// `ganfilter latent`: the latent prefilter.
struct LatentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latent",
        abstract: "Screen latent vectors before generation (analysis, training with thresholds, screening, the speed-up).",
        subcommands: [LatentAnalyzeCommand.self, LatentTrainCommand.self, LatentScreenCommand.self, LatentSampleCommand.self,
                      LatentVerifyCommand.self, LatentSpeedupCommand.self, LatentAssembleCommand.self]
    )
}

/// `ganfilter latent speedup`: the design's speed-up formula with a bootstrap interval.
struct LatentSpeedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speedup",
        abstract: "The generation speed-up of screening, from good-image counts before and after, with 95% intervals.",
        discussion: """
            Generation time per good image is proportional to 1/precision, so speedup = p2/p1 (p1 = precision of \
            all vectors, p2 = precision of the accepted ones). With --generation-seconds T0, --screen-seconds C \
            and the pass rate R (default: accepted/all from the counts), it also gives \
            (T0/p1) / (T0/p2 + C/(p2 R)). Intervals: 2,000 ordinary bootstrap replicates (seeded) of each \
            sample, resampled independently, both precisions recomputed each time; 2.5th-97.5th percentiles.

            Example: ganfilter latent speedup --before 43/1000 --after 17/200 --generation-seconds 2 --screen-seconds 0.00001

            \(ExitStatusHelp.text)
            """
    )

    @Option(parsing: .unconditional, help: "Good images among all generated before screening, TP/N.")
    var before: String

    @Option(parsing: .unconditional, help: "Good images among those generated from accepted vectors, TP/N.")
    var after: String

    @Option(parsing: .unconditional, help: "Generator time per image (seconds), for the speed-up with screening cost.")
    var generationSeconds: Double?

    @Option(parsing: .unconditional, help: "Screening time per vector (seconds).")
    var screenSeconds: Double?

    @Option(parsing: .unconditional, help: "Share of vectors that pass the screen (default: after N / before N).")
    var passRate: Double?

    @Option(parsing: .unconditional, help: "Bootstrap replicates (\(ModelSelection.replicatesRange.lowerBound) to \(ModelSelection.replicatesRange.upperBound)).")
    var replicates = ModelSelection.defaultReplicates

    @Option(parsing: .unconditional, help: "Seed of the bootstrap.")
    var seed: UInt64 = 0

    func validate() throws {
        guard GoodCount(before) != nil else { throw ValidationError("--before must be TP/N with 0 <= TP <= N and N > 0, got '\(before)'") }
        guard GoodCount(after) != nil else { throw ValidationError("--after must be TP/N with 0 <= TP <= N and N > 0, got '\(after)'") }
        guard (generationSeconds == nil) == (screenSeconds == nil) else {
            throw ValidationError("give --generation-seconds and --screen-seconds together")
        }
        if let generationSeconds, let screenSeconds, !(generationSeconds > 0 && screenSeconds >= 0) {
            throw ValidationError("--generation-seconds must be positive and --screen-seconds not negative")
        }
        if let passRate, !(passRate > 0 && passRate <= 1) { throw ValidationError("--pass-rate must be in (0, 1]") }
        let range = ModelSelection.replicatesRange
        guard range.contains(replicates) else {
            throw ValidationError("--replicates must be \(range.lowerBound) to \(range.upperBound), got \(replicates)")
        }
    }

    func run() throws {
        guard let before = GoodCount(before), let after = GoodCount(after) else { throw ValidationError("bad counts") }
        let rate = passRate ?? min(1, Double(after.total) / Double(before.total))
        var cost: (generationSeconds: Double, screenSeconds: Double, passRate: Double)?
        if let generationSeconds, let screenSeconds {
            cost = (generationSeconds, screenSeconds, rate)
        }
        let result = SpeedUp(before: before, after: after).estimates(replicates: replicates, seed: seed, cost: cost)
        func show(_ estimate: Estimate, digits: Int, suffix: String = "") -> String {
            guard let value = estimate.value else { return "undefined" }
            let format = "%.\(digits)f"
            let point: String = String(format: format, value) + suffix
            guard let low = estimate.low, let high = estimate.high else {
                return point + " (no interval: too many replicates undefined)"
            }
            let lowText: String = String(format: format, low) + suffix
            let highText: String = String(format: format, high) + suffix
            return point + " (95% interval " + lowText + " to " + highText + ")"
        }
        print("precision before: \(show(result.precisionBefore, digits: 4))  [\(before) good]")
        print("precision after:  \(show(result.precisionAfter, digits: 4))  [\(after) good]")
        print("speed-up p2/p1:   \(show(result.speedup, digits: 2, suffix: "x"))")
        if let costed = result.speedupWithCost, let cost {
            print("with screening:   \(show(costed, digits: 2, suffix: "x"))  [t0 \(cost.generationSeconds) s, c \(cost.screenSeconds) s, pass rate \(String(format: "%.4f", rate))]")
        }
        print("\(replicates) bootstrap replicates, seed \(seed)")
        if result.speedup.value == nil { throw ExitCode(2) }
    }
}
