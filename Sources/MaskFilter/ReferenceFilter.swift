import BatchRunning
import FileIO
import Learning
import MaskFeatures
import MaskImage
import Parallelism
import Realism

/// Filtering without labels (`filter PATH --reference DIR`): a mask is accepted when its score against the
/// real reference masks is at least the filter's `cut` (by default the 0.05-quantile of the reference masks' own
/// leave-one-out scores, so that about 95% of real masks would pass; or a score chosen from the report), and its
/// anatomy lies within the reference's (`AnatomyGate`).
public struct ReferenceFilter: Sendable {
    /// What a mask is scored by.
    public enum Score: String, CaseIterable, Sendable, Codable {
        /// The best translation-aligned Dice against a reference mask (`realism_dice`).
        case dice
        /// The realism score with local radii (`realism_knn`, `LocalRealism`).
        case knn
        /// The mean of the 5 best Dice with every mask centred and scaled to one area (`realism_scaled_mean5`,
        /// `ScaledMask`).
        case scaled
        /// The mean of the 5 best boundary F1 scores of those frames' outlines, at a tolerance of 2 frame pixels
        /// (`realism_boundary`, `ScaledBoundary`).
        case boundary

        /// What `filter --reference` scores masks by unless told otherwise: of the four, it ranks generated masks
        /// best against label rules calibrated on another reference, on every rule of the bench's three generators
        /// (README). The few-label prior anchors on it when the labels rank it above the scaled Dice
        /// (`RealismPrior.scores`).
        public static let standard = Score.boundary

        /// The score of the scaled frames this is (`ScaledReference.FrameScore`); nil for the two that need the
        /// reference's table of nearest masks instead (`ReferenceNeighbours`).
        public var frameScore: ScaledReference.FrameScore? {
            switch self {
            case .dice, .knn: return nil
            case .scaled: return .dice
            case .boundary: return .boundary
            }
        }

        /// Each score's option value, column and name, for `--help`.
        public static var choices: String {
            allCases.map { "\($0.rawValue) (\($0.column): the \($0.name))" }.joined(separator: ", ")
        }

        /// The score's column in a features table.
        public var column: String {
            switch self {
            case .dice: return "realism_dice"
            case .knn: return "realism_knn"
            case .scaled: return "realism_scaled_mean5"
            case .boundary: return "realism_boundary"
            }
        }

        /// The score's name in decisions' reasons and report tables.
        public var name: String {
            switch self {
            case .dice: return "best aligned Dice"
            case .knn: return "realism score with local radii"
            case .scaled: return "mean of the 5 best scaled Dice"
            case .boundary: return "mean of the 5 best scaled boundary F1"
            }
        }

        /// The filter at `quantile` of this score, for people and report tables.
        public func summary(quantile: Double) -> String {
            "reference \(quantile)-quantile of \(name)"
        }
    }

    /// Where the filter cuts its score.
    public enum Cut: Equatable, Sendable {
        /// At this quantile of the reference masks' own leave-one-out scores, so that about 1 − q of real masks
        /// would pass (the design's default, `defaultQuantile`).
        case quantile(Double)
        /// At this score: a threshold a person chose, from the report's trade-off charts or a strategy's row of
        /// `compared_thresholds.csv`.
        case score(Double)

        /// The design's default: the reference's 0.05-quantile.
        public static let standard = Cut.quantile(ReferenceFilter.defaultQuantile)

        /// Why this cut cannot be used (a quantile outside [0, 1], a score that is not a finite number), or nil.
        public var problem: String? {
            switch self {
            case .quantile(let q): (0...1).contains(q) ? nil : "--reference-quantile must be in [0, 1], not \(q)"
            case .score(let value): value.isFinite ? nil : "--accept-threshold must be a finite number, not \(value)"
            }
        }

        /// Where the threshold comes from, for people: "the reference's 0.05-quantile", "the chosen threshold".
        public var name: String {
            switch self {
            case .quantile(let q): "the reference's \(q)-quantile"
            case .score: "the chosen threshold"
            }
        }

        /// Whether the threshold is calibrated on the reference's own leave-one-out scores (a quantile), which are
        /// then computed; a score given needs none of them.
        public var isCalibrated: Bool {
            if case .quantile = self { true } else { false }
        }

        /// How reasons and messages name `threshold`, the score this cut gives.
        public func describe(_ threshold: Double) -> String { "\(name) \(threshold)" }
    }

    /// The real masks.
    public let reference: ReferenceSet
    /// Their radii, made only when masks are scored by `realism_knn`.
    private let localRealism: LocalRealism?
    /// What masks are scored by.
    public let score: Score
    /// Where the score is cut: at a quantile of the reference's own scores (the design's default), or at a score.
    public let cut: Cut
    /// The acceptance threshold on the score.
    public let threshold: Double
    /// The threshold and where it comes from, as people read it ("0.98 (the reference's 0.05-quantile of
    /// realism_boundary)").
    public var thresholdName: String { "\(threshold) (\(cut.name) of \(score.column))" }
    /// The anatomy ranges of the reference a mask must fall within; nil turns the gate off.
    public let gate: AnatomyGate?
    /// Where the quantile of real masks' scores that `threshold` estimates lies, with 95% confidence, from the
    /// reference's own leave-one-out scores (`QuantileInterval`); nil for a threshold given as a score.
    public let interval: QuantileInterval?

    /// The design's default quantile.
    public static let defaultQuantile = 0.05

    /// Below this many reference masks a threshold calibrated on them is noticeably looser. With fewer real masks
    /// each lies farther from the others, its leave-one-out score is lower, and so is their quantile, more than a
    /// generated mask's score falls: on the bench's first generator, random subsets of the 138 Montgomery masks
    /// (three each) accepted 32-49% at 10 masks, 32-45% at 20, 25-33% at 40, 17-29% at 80 and 100, against 23.5%
    /// with all (README, "How many reference masks"; the anatomical gate widens its ranges below this count too,
    /// `AnatomyGate.fullCount`).
    public static let fewReferenceMasks = 100

    /// What `interval` says of the threshold, for a line of output; nil for a threshold given as a score.
    public var intervalSummary: String? {
        guard let interval, case .quantile(let quantile) = cut else { return nil }
        return "the \(quantile)-quantile of real masks' \(score.column) lies within \(interval), by the reference's own scores; "
            + "--accept-threshold at either end shows what that uncertainty moves"
    }

    /// A note when the threshold is a quantile of fewer than `fewReferenceMasks` reference masks; nil otherwise.
    public var calibrationNote: String? {
        guard cut.isCalibrated, reference.masks.count < Self.fewReferenceMasks else { return nil }
        return "the threshold is a quantile of \(reference.masks.count) reference masks, fewer than \(Self.fewReferenceMasks): with fewer real "
            + "masks each lies farther from the others, and the threshold they calibrate is looser (more generated masks pass); more "
            + "reference masks, or a threshold read off the report's trade-off chart (--accept-threshold), cut tighter"
    }

    /// The filter of `init(reference:score:cut:gate:table:anatomy:frameScores:jobs:)` with what it reads of the
    /// reference kept in the cache `folder`: the table of nearest masks where the score or the cut needs it, the
    /// gate's anatomy ranges and the leave-one-out scores it calibrates on, each read where sound, else computed on
    /// `jobs` threads and written there (without a `folder`, computed). `note` hears why a cache file was not used
    /// or could not be written, `tableProgress` how much of a table being built is done. `filter --reference` and
    /// the pipeline's label-free step build their filter so.
    public static func cached(reference: ReferenceSet, score: Score = .standard, cut: Cut = .standard, gate: Bool = true, folder: String?,
                              jobs: Int = 1, note: (String) -> Void = { _ in },
                              tableProgress: (@Sendable (Int) -> Void)? = nil) throws(ReferenceSet.Problem) -> ReferenceFilter {
        try ReferenceFilter(reference: reference, score: score, cut: cut, gate: gate,
                            table: usesTable(score: score, cut: cut)
                                ? LocalRealism.table(of: reference, folder: folder, jobs: jobs, note: note, progress: tableProgress) : nil,
                            anatomy: gate ? folder.map { AnatomyGate.cached(reference, folder: $0, jobs: jobs, note: note) } : nil,
                            frameScores: calibratingFrameScore(score: score, cut: cut).flatMap { by in
                                folder.map { reference.scaled.cachedLeaveOneOut(by: by, digest: reference.digest, folder: $0, jobs: jobs, note: note) }
                            },
                            jobs: jobs)
    }

    /// What a run of this filter says of it before deciding: a threshold calibrated on few reference masks, and the
    /// anatomical gate widened for them (`AnatomyGate.wideningNote`).
    public var notes: [String] {
        [calibrationNote, gate?.wideningNote].compactMap { $0 }
    }

    /// What a run says of `decisions` it just made when some masks were resized to the reference's size
    /// (`MaskSizes.resizeNote`); nil otherwise.
    public func resizeNote(_ decisions: [FilterDecision]) -> String? {
        MaskSizes.resizeNote(decisions.compactMap(\.size), against: reference)
    }

    /// Whether a filter of `score` cut at `cut` reads the reference's table of nearest masks (the `table` of
    /// `init`): `realism_knn` always (its radii), `realism_dice` for its leave-one-out scores, the scores of the
    /// scaled frames never. A caller that keeps the table on disk asks this before loading or building it.
    public static func usesTable(score: Score, cut: Cut) -> Bool {
        score == .knn || (score.frameScore == nil && cut.isCalibrated)
    }

    /// The score of the scaled frames whose leave-one-out values over the reference a filter of `score` cut at
    /// `cut` calibrates on (the `frameScores` of `init`); nil when it needs none (another score, or a score given).
    /// A caller that keeps them on disk asks this before loading or computing them.
    public static func calibratingFrameScore(score: Score, cut: Cut) -> ScaledReference.FrameScore? {
        cut.isCalibrated ? score.frameScore : nil
    }

    /// A filter that cuts `score` at `cut`: the quantile of `reference`'s own leave-one-out scores (`knn` needs
    /// `LocalRealism.minimumLeaveOneOutCount` reference masks), or a score given, when they are not computed.
    /// `gate` (on by default) rejects masks outside the reference's anatomy ranges. `table`, the reference's
    /// nearest masks (`LocalRealism.tableWidth()` wide, as `ReferenceNeighbours.cached` keeps them), spares
    /// building it, `anatomy`, the reference's gate (`AnatomyGate.cached`), measuring it, and `frameScores`, the
    /// reference's leave-one-out scores of a score of the scaled frames (`Score.frameScore`,
    /// `ScaledReference.cachedLeaveOneOut`), computing them; the leave-one-out scores run on `jobs` threads (the
    /// threshold does not depend on it).
    public init(reference: ReferenceSet, score: Score = .standard, cut: Cut = .standard,
                gate: Bool = true, table: ReferenceNeighbours? = nil, anatomy: AnatomyGate? = nil, frameScores: [Double]? = nil,
                jobs: Int = 1) throws(ReferenceSet.Problem) {
        self.reference = reference
        func neighbours() -> ReferenceNeighbours {
            table.flatMap { $0.serves(reference, width: 1) ? $0 : nil }
                ?? ReferenceNeighbours(reference, width: LocalRealism.tableWidth(), jobs: jobs)
        }
        localRealism = score == .knn ? LocalRealism(reference, table: neighbours()) : nil
        switch cut {
        case .score(let value):
            threshold = value
            interval = nil
        case .quantile(let quantile):
            let scores: [Double]
            if let frameScore = score.frameScore {
                scores = frameScores.flatMap { $0.count == reference.masks.count ? $0 : nil }
                    ?? reference.scaled.leaveOneOut(by: frameScore, jobs: jobs)
            } else if let localRealism {
                scores = try localRealism.leaveOneOutScores(jobs: jobs)
            } else {
                scores = neighbours().leaveOneOutBest
            }
            threshold = Quantile.of(scores, at: quantile)
            interval = QuantileInterval(scores, level: quantile)
        }
        self.score = score
        self.cut = cut
        self.gate = gate ? anatomy ?? AnatomyGate(reference, jobs: jobs) : nil
    }

    /// Masks decided together: their scores are computed in one pass (`ScaledReference.scores(_:by:excluding:)`,
    /// `ReferenceSet.diceBounds(_:)`), which reads the reference once a tile. Fixed, so the work split never
    /// depends on `jobs`.
    static let tileSize = 16

    /// One decision per input, in input order, on up to `jobs` threads (results do not depend on it); the
    /// `probability` column holds the score. Unreadable files are errors (never rejects); an empty mask is
    /// rejected; a mask of another size than the reference is resized to it (`ReferenceSet.comparable(_:)`), for
    /// the score and the anatomical gate, and its reason says so. `start` is the position of the first input in
    /// its batch (a band's of a stream).
    public func decide(_ inputs: [MaskInput], startingAt start: Int = 0, greyThreshold: UInt8, maxPixels: UInt64 = PNGReader.defaultMaxPixels,
                       jobs: Int, progress: (@Sendable (Int) -> Void)? = nil) -> [FilterDecision] {
        ParallelMap.mapTiles(count: inputs.count, jobs: jobs, tileSize: Self.tileSize, progress: progress) { range in
            decide(tile: Array(inputs[range]), at: start + range.lowerBound, greyThreshold: greyThreshold, maxPixels: maxPixels)
        }
    }

    /// One decision per mask of `batch`, in order, band by band, as `decide(_:greyThreshold:maxPixels:jobs:progress:)`.
    public func decide(_ batch: MaskBatch, greyThreshold: UInt8, maxPixels: UInt64 = PNGReader.defaultMaxPixels, jobs: Int,
                       progress: (@Sendable (Int) -> Void)? = nil) -> [FilterDecision] {
        batch.mapBands(progress: progress) { band, start, progress in
            decide(band, startingAt: start, greyThreshold: greyThreshold, maxPixels: maxPixels, jobs: jobs, progress: progress)
        }
    }

    /// A mask read and measured: decided already (unreadable or empty), or waiting for its score, as the
    /// reference compares it, with the note of its resizing, the gate's reason to reject it and whether it reaches
    /// every edge of its image and the class levels its image's threshold split (`MaskDrawing`).
    private enum Measured {
        case decided(FilterDecision)
        case toScore(file: String, aligned: AlignedMask, size: MaskSize?, resized: String, gateFailure: String?, reachesEveryEdge: Bool,
                     splitLevels: [Int]?)
    }

    /// The decisions of a few inputs, in order, the first at `start` of the batch: each measured alone, then scored
    /// together (`scores(_:frames:)`), and those sampled for it (`MaskDrawing.isOrientationSample(position:)`)
    /// scored turned back every way as well.
    private func decide(tile inputs: [MaskInput], at start: Int, greyThreshold: UInt8, maxPixels: UInt64) -> [FilterDecision] {
        let measured = inputs.map { measure($0, greyThreshold: greyThreshold, maxPixels: maxPixels) }
        let toScore = measured.indices.filter { if case .toScore = measured[$0] { true } else { false } }
        let aligned = measured.compactMap { measured -> AlignedMask? in
            if case .toScore(_, let aligned, _, _, _, _, _) = measured { aligned } else { nil }
        }
        let frames = aligned.map(ScaledMask.init)
        let values = scores(aligned, frames: frames)
        let sampled = frames.indices.filter { MaskDrawing.isOrientationSample(position: start + toScore[$0]) }
        let orientations = reference.scaled.orientations(frames, at: sampled)
        var k = 0
        return zip(inputs, measured).map { input, measured in
            var decision: FilterDecision
            switch measured {
            case .decided(let decided): decision = decided
            case .toScore(let file, _, let size, let resized, let gateFailure, let reachesEveryEdge, let splitLevels):
                decision = decide(file: file, value: k < values.count ? values[k] : 0, resized: resized, gateFailure: gateFailure)
                (decision.size, decision.reachesEveryEdge, decision.splitLevels) = (size, reachesEveryEdge, splitLevels)
                decision.orientation = k < orientations.count ? orientations[k] : nil
                k += 1
            }
            decision.index = input.index
            return decision
        }
    }

    /// The score of each of `masks` (none empty), in order, the reference read once for them all; `frames` are the
    /// masks' scaled frames.
    private func scores(_ masks: [AlignedMask], frames: [ScaledMask?]) -> [Double] {
        if let frameScore = score.frameScore { return reference.scaled.scores(frames, by: frameScore) }
        let bounds = reference.diceBounds(masks)
        return zip(masks, bounds).map { mask, bounds in
            score == .knn ? localRealism?.score(mask, bounds: bounds) ?? 0 : reference.scores(mask, bounds: bounds).best
        }
    }

    private func measure(_ input: MaskInput, greyThreshold: UInt8, maxPixels: UInt64) -> Measured {
        if let problem = input.problem {
            return .decided(FilterDecision(file: input.name, decision: .error, probability: nil, reason: "unreadable: \(problem)"))
        }
        let reading: MaskReading
        do throws(MaskImageError) {
            reading = try input.read(threshold: greyThreshold, maxPixels: maxPixels)
        } catch {
            return .decided(FilterDecision(file: input.name, decision: .error, probability: nil, reason: "unreadable: \(error.reason)"))
        }
        let mask = reading.mask
        let size = MaskSize(width: mask.width, height: mask.height)
        let compared = reference.comparable(mask)
        let aligned = AlignedMask(compared)
        guard aligned.count > 0 else {
            var empty = FilterDecision(file: input.name, decision: .reject, probability: nil, reason: "empty mask: no foreground")
            empty.size = size
            return .decided(empty)
        }
        return .toScore(file: input.name, aligned: aligned, size: size, resized: reference.resizeNote(mask).map { " (\($0))" } ?? "",
                        gateFailure: gate?.failure(compared), reachesEveryEdge: mask.reachesEveryEdge, splitLevels: reading.splitLevels)
    }

    private func decide(file: String, value: Double, resized: String, gateFailure: String?) -> FilterDecision {
        if let gateFailure {
            return FilterDecision(file: file, decision: .reject, probability: value, reason: gateFailure + resized)
        }
        let name = score.name
        return value >= threshold
            ? FilterDecision(file: file, decision: .accept, probability: value,
                             reason: "\(name) \(value) is at least \(cut.describe(threshold))\(resized)")
            : FilterDecision(file: file, decision: .reject, probability: value,
                             reason: "\(name) \(value) is below \(cut.describe(threshold))\(resized)")
    }
}
