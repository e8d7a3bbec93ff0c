import ArgumentParser
import LatentPrefilter
import Learning

/// `--strategy NAME | --accept-threshold P`, shared by the commands that apply a model's threshold (`filter`,
/// `latent screen`, `latent sample`).
struct ThresholdOptions: ParsableArguments {
    @Option(help: "Use the threshold the model stores for this strategy (default: the model's own); any spelling of a stored one.",
            transform: ThresholdStrategy.argument)
    var strategy: ThresholdStrategy?

    @Option(parsing: .unconditional, help: "Accept when the model's score (its probability of good, for all but truncation) is at least P, instead of a stored threshold.")
    var acceptThreshold: Double?

    /// The choice for a latent screen.
    var choice: LatentScreening.ThresholdChoice {
        acceptThreshold.map { .acceptThreshold($0) } ?? .strategy(strategy)
    }

    /// At most one of the two, and a finite threshold.
    func validate() throws {
        guard strategy == nil || acceptThreshold == nil else { throw ValidationError("give either --strategy or --accept-threshold, not both") }
        guard acceptThreshold?.isFinite ?? true else { throw ValidationError("--accept-threshold must be a finite number") }
    }
}
