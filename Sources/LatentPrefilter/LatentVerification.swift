import FileIO
import Learning
import Matrices
import NumpyFormats

/// `latent verify`: a prefilter's promise checked against a generation run. The run's vectors are scored by the
/// screen's routine (`LatentScreening.passingRows`, as `latent screen` scores float64 input); the rows that pass
/// give the realised precision, and when some rows do not pass (an unscreened run) all rows give the base
/// precision and the realised speed-up. Intervals: the same 95% bootstrap as training's (`SplitEvaluation`).
public struct LatentVerification: Sendable {
    /// How the run compares with the promise.
    public enum Verdict: String, Sendable {
        /// The realised interval overlaps the promised one.
        case consistent
        /// The realised interval lies entirely below the promised one.
        case worse
        /// The realised interval lies entirely above the promised one.
        case better
        /// Fewer than `minimumKept` rows pass: too few to judge the promise either way.
        case tooFewRows = "too-few-rows"
    }

    /// Why a run cannot be verified.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        /// No row of the run passes the threshold, so there is no realised precision.
        case nothingPasses(rows: Int)
        /// The model stores no promise for the strategy (a model from before promises, or a threshold it never chose).
        case noPromise(ThresholdStrategy)

        /// What is wrong.
        public var description: String {
            switch self {
            case .nothingPasses(let rows): return "none of the \(rows) vectors passes the threshold: there is no realised precision to check"
            case .noPromise(let strategy):
                return "the model stores no promise for \(strategy) (retrain it with this version of ganfilter)"
            }
        }
    }

    /// The fewest passing rows a verdict other than `tooFewRows` is drawn from (as training's
    /// `--min-accepted`): below it, the bootstrap interval of the precision says little.
    public static let minimumKept = 10

    /// Rows of the run, and how many pass.
    public let rows: Int, kept: Int
    /// Precision of the passing rows, with its interval.
    public let realisedPrecision: Estimate
    /// On an unscreened run: the precision of all rows, and the realised speed-up with its interval.
    public let basePrecision: Double?, realisedSpeedup: Estimate?
    /// What the model promised.
    public let promise: LatentPromise
    /// The speed-up intervals compared on an unscreened run (when both are defined), else the precision intervals.
    public let verdict: Verdict
    /// Vectors of the run that the model was trained or tested on (`VectorSketch`: about 1 in 2,000 of a fresh
    /// run's look so by chance); nil when the model does not record its vectors.
    public let seenInTraining: Int?

    /// The share of a run's vectors seen in training at and above which `seenWarning` speaks: a hundred times the
    /// sketch's false-positive rate, far below any real reuse of a training set.
    public static let seenShareWarned = 0.05

    /// A warning when much of the run is vectors the model was trained or tested on: a verdict on them checks the
    /// promise on what made it, not on a fresh run; nil otherwise.
    public var seenWarning: String? {
        guard let seen = seenInTraining, seen >= 3, Double(seen) >= Self.seenShareWarned * Double(rows) else { return nil }
        let share = Double(seen) / Double(max(rows, 1)) * 100
        return "\(seen) of the \(rows) vectors (\(share.rounded() == share ? String(Int(share)) : String(format: "%.1f", share))%) "
            + "are vectors the model was trained or tested on: the verdict checks the promise on what made it; verify on a run "
            + "generated after training"
    }

    /// Verifies `promise` on the run's vectors (`latents`, one per row, the model's dimensions) and outcomes.
    /// `seen` is the model's sketch of its training vectors, when it records one.
    public init(screening: LatentScreening, promise: LatentPromise, latents: Matrix, outcomes: [Bool], replicates: Int = ModelSelection.defaultReplicates,
                seed: UInt64 = 0, seen: VectorSketch? = nil) throws(Problem) {
        let raw = latents.values.map { $0.bitPattern.littleEndian }
        let passing = raw.withUnsafeBytes { bytes in
            screening.passingRows(bytes, rows: latents.rows, columns: latents.columns, elementType: .float64).kept
        }
        var passes = [Double](repeating: 0, count: latents.rows)
        for row in passing { passes[row] = 1 }
        let evaluation = SplitEvaluation(labels: outcomes, scores: passes, threshold: 1, replicates: replicates, seed: seed)
        guard evaluation.precision.value != nil else { throw .nothingPasses(rows: latents.rows) }
        rows = latents.rows
        kept = passing.count
        realisedPrecision = evaluation.precision
        let unscreened = kept < rows
        basePrecision = unscreened ? evaluation.confusion.basePrecision : nil
        realisedSpeedup = unscreened ? evaluation.speedup : nil
        self.promise = promise
        seenInTraining = seen.map { $0.contains(rowsOf: latents).filter { $0 }.count }
        if kept < Self.minimumKept {
            verdict = .tooFewRows
        } else if let realised = realisedSpeedup, let interval = Self.interval(realised),
           let promised = Self.interval(Estimate(value: promise.speedup, low: promise.speedupLow, high: promise.speedupHigh)) {
            verdict = Self.compare(interval, promised)
        } else if let interval = Self.interval(realisedPrecision),
                  let promised = Self.interval(Estimate(value: promise.precision, low: promise.precisionLow, high: promise.precisionHigh)) {
            verdict = Self.compare(interval, promised)
        } else {
            verdict = .consistent
        }
    }

    /// An estimate's interval; its point when the bootstrap left no bounds.
    static func interval(_ estimate: Estimate) -> ClosedRange<Double>? {
        if let low = estimate.low, let high = estimate.high, low <= high { return low...high }
        return estimate.value.map { $0...$0 }
    }

    static func compare(_ realised: ClosedRange<Double>, _ promised: ClosedRange<Double>) -> Verdict {
        realised.upperBound < promised.lowerBound ? .worse : (realised.lowerBound > promised.upperBound ? .better : .consistent)
    }

    /// The promise of `strategy` (the model's default when nil) for `group`.
    public static func promise(in model: PrefilterModel, group: String, strategy: ThresholdStrategy?) throws(Problem) -> LatentPromise {
        let entry = model.groups.first { $0.group == group }
        let name = strategy ?? entry?.strategy ?? .youden
        guard let promise = entry?.promises?.first(where: { $0.strategy == name }) else { throw .noPromise(name) }
        return promise
    }

    /// `verify.json`: the design's keys, `null` where a value is not defined.
    struct File: Encodable {
        var rows: Int
        var kept: Int
        @NullWhenAbsent var realisedPrecision: Double?
        @NullWhenAbsent var realisedPrecisionLow: Double?
        @NullWhenAbsent var realisedPrecisionHigh: Double?
        @NullWhenAbsent var basePrecision: Double?
        @NullWhenAbsent var realisedSpeedup: Double?
        @NullWhenAbsent var realisedSpeedupLow: Double?
        @NullWhenAbsent var realisedSpeedupHigh: Double?
        @NullWhenAbsent var predictedPrecision: Double?
        @NullWhenAbsent var predictedPrecisionLow: Double?
        @NullWhenAbsent var predictedPrecisionHigh: Double?
        @NullWhenAbsent var predictedSpeedup: Double?
        @NullWhenAbsent var predictedSpeedupLow: Double?
        @NullWhenAbsent var predictedSpeedupHigh: Double?
        var verdict: String
        @NullWhenAbsent var vectorsSeenInTraining: Int?
    }

    /// The content of `verify.json`.
    var file: File {
        File(rows: rows, kept: kept, realisedPrecision: realisedPrecision.value, realisedPrecisionLow: realisedPrecision.low,
             realisedPrecisionHigh: realisedPrecision.high, basePrecision: basePrecision, realisedSpeedup: realisedSpeedup?.value,
             realisedSpeedupLow: realisedSpeedup?.low, realisedSpeedupHigh: realisedSpeedup?.high, predictedPrecision: promise.precision,
             predictedPrecisionLow: promise.precisionLow, predictedPrecisionHigh: promise.precisionHigh,
             predictedSpeedup: promise.speedup, predictedSpeedupLow: promise.speedupLow, predictedSpeedupHigh: promise.speedupHigh,
             verdict: verdict.rawValue, vectorsSeenInTraining: seenInTraining)
    }

    /// `verify.json`'s text.
    public var json: String {
        String(decoding: (try? JSONFile.encoded(file, for: "verify.json")) ?? [], as: UTF8.self)
    }

    /// Writes `verify.json` to `path` atomically.
    public func write(to path: String) throws(OutputError) {
        try JSONFile.write(file, to: path)
    }
}
