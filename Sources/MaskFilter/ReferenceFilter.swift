import BatchRunning
import FileIO
import Learning
import MaskImage
import Parallelism
import Realism

/// Filtering without labels (`filter PATH --reference DIR`): a mask is accepted when its best
/// translation-aligned Dice against the real reference masks is at least the `quantile` of the reference
/// masks' own leave-one-out best Dice, so that about `1 - quantile` of real masks would pass.
public struct ReferenceFilter: Sendable {
    /// The real masks.
    public let reference: ReferenceSet
    /// The share of real masks the threshold lets fall below it (the design's default 0.05).
    public let quantile: Double
    /// The acceptance threshold on the best aligned Dice.
    public let threshold: Double

    /// A filter at the `quantile` of `reference`'s own scores; needs at least two reference masks.
    public init(reference: ReferenceSet, quantile: Double = 0.05) throws(ReferenceSet.Problem) {
        guard reference.masks.count >= 2 else {
            throw ReferenceSet.Problem(description: "the reference needs at least two masks to score itself leave-one-out")
        }
        self.reference = reference
        self.quantile = quantile
        threshold = Quantile.of(reference.leaveOneOutBest(), at: quantile)
    }

    /// One decision per input, in input order, on up to `jobs` threads (results do not depend on it); the
    /// `probability` column holds the best aligned Dice. Unreadable files and masks of another size are
    /// errors (never rejects); an empty mask is rejected.
    public func decide(_ inputs: [MaskInput], greyThreshold: UInt8, maxPixels: UInt64 = PNGReader.defaultMaxPixels, jobs: Int,
                       progress: (@Sendable (Int) -> Void)? = nil) -> [FilterDecision] {
        ParallelMap.map(count: inputs.count, jobs: jobs, chunkSize: 16, progress: progress) { index in
            var decision = decide(inputs[index], greyThreshold: greyThreshold, maxPixels: maxPixels)
            decision.index = inputs[index].index
            return decision
        }
    }

    /// One decision per mask of `batch`, in order, band by band, as `decide(_:greyThreshold:maxPixels:jobs:progress:)`.
    public func decide(_ batch: MaskBatch, greyThreshold: UInt8, maxPixels: UInt64 = PNGReader.defaultMaxPixels, jobs: Int,
                       progress: (@Sendable (Int) -> Void)? = nil) -> [FilterDecision] {
        var decisions: [FilterDecision] = []
        batch.forEachBand { band in
            let before = decisions.count
            decisions += decide(band, greyThreshold: greyThreshold, maxPixels: maxPixels, jobs: jobs,
                                progress: progress.map { report in { @Sendable done in report(before + done) } })
        }
        return decisions
    }

    private func decide(_ input: MaskInput, greyThreshold: UInt8, maxPixels: UInt64) -> FilterDecision {
        if let problem = input.problem {
            return FilterDecision(file: input.name, decision: .error, probability: nil, reason: "unreadable: \(problem)")
        }
        let mask: BinaryMask
        do throws(MaskImageError) {
            mask = try input.mask(threshold: greyThreshold, maxPixels: maxPixels)
        } catch {
            return FilterDecision(file: input.name, decision: .error, probability: nil, reason: "unreadable: \(error.reason)")
        }
        if let problem = reference.sizeProblem(mask) {
            return FilterDecision(file: input.name, decision: .error, probability: nil, reason: problem)
        }
        let aligned = AlignedMask(mask)
        guard aligned.count > 0 else {
            return FilterDecision(file: input.name, decision: .reject, probability: nil, reason: "empty mask: no foreground")
        }
        let best = reference.scores(aligned).best
        return best >= threshold
            ? FilterDecision(file: input.name, decision: .accept, probability: best,
                             reason: "best aligned Dice \(best) is at least the reference's \(quantile)-quantile \(threshold)")
            : FilterDecision(file: input.name, decision: .reject, probability: best,
                             reason: "best aligned Dice \(best) is below the reference's \(quantile)-quantile \(threshold)")
    }
}
