import FileIO
import Learning
import MaskFeatures
import MaskImage
import Matrices

/// What the filter does with one image.
public enum Decision: String, Sendable, CaseIterable {
    /// Keep it.
    case accept
    /// Throw it away.
    case reject
    /// The mask could not be read: never `reject`, because people delete what was rejected.
    case error
}

/// One row of `decisions.csv`: `file,decision,probability,reason`.
public struct FilterDecision: Equatable, Sendable {
    /// The input path.
    public let file: String
    /// accept, reject or error.
    public let decision: Decision
    /// The probability of good; nil for empty or unreadable masks.
    public let probability: Double?
    /// Why, in words.
    public let reason: String
    /// The mask's position in its NumPy stack (the `index` column); nil for a mask file.
    public var index: Int?
    /// Whether the mask reaches all four edges of its image, as masks drawn inverted do (`MaskDrawing`); false
    /// for a decision read back, which does not record it, and for a mask not read.
    public var reachesEveryEdge = false
    /// The class levels of the mask's image when it is a label image whose classes the grey threshold splits
    /// (`MaskReading.splitLevels`); nil otherwise, for a decision read back and for a mask not read.
    public var splitLevels: [Int]?
    /// For a mask just scored against a reference and sampled to be scored turned as well
    /// (`MaskDrawing.isOrientationSample(position:)`), how it matched the reference best; nil otherwise.
    public var orientation: OrientationMatch?
    /// The size of the mask just read for the decision (accepted or rejected); nil for a decision read back and for
    /// a mask not read.
    public var size: MaskSize?

    /// Decisions are equal when their file, decision, probability, reason and index are (the columns of
    /// `decisions.csv`), so a decision read back equals the decision written.
    public static func == (lhs: FilterDecision, rhs: FilterDecision) -> Bool {
        (lhs.file, lhs.decision, lhs.probability, lhs.reason, lhs.index) == (rhs.file, rhs.decision, rhs.probability, rhs.reason, rhs.index)
    }

    /// A decision (as read back from `decisions.csv`).
    public init(file: String, decision: Decision, probability: Double?, reason: String, index: Int? = nil) {
        self.file = file
        self.decision = decision
        self.probability = probability
        self.reason = reason
        self.index = index
    }

    /// Whether the mask was empty: rejected without a probability, as only an empty mask is (an unreadable one is an
    /// error).
    public var isEmptyMask: Bool { decision == .reject && probability == nil }

    /// The warning when the threshold of `decisions` (`thresholdName`, as people read it) accepts or rejects at least
    /// 99% of the readable images (`ExtremeAcceptance`), naming a threshold the model stores (`stored`) that does not;
    /// for the label-free filter (`labelFree`), the options that move its cut. Nil otherwise.
    public static func extremeAcceptanceWarning(_ decisions: [FilterDecision], thresholdName: String, stored: [StrategyThreshold],
                                                labelFree: Bool) -> String? {
        let read = decisions.filter { $0.decision != .error }
        return ExtremeAcceptance.warning(accepted: read.filter { $0.decision == .accept }.count, of: read.count, items: "readable images",
                                         threshold: thresholdName, alternatives: ExtremeAcceptance.shares(of: stored, on: read.compactMap(\.probability)),
                                         otherwise: labelFree ? "another --reference-quantile or --accept-threshold accepts another share" : nil)
    }

    /// The notes for `decisions` of masks just read at the grey `threshold` when most of them reach every edge of
    /// their image, as masks drawn inverted do, or are empty, and when any is a label image the threshold splits
    /// (`MaskDrawing`). `labelFree`: the decisions are the label-free filter's, not a model's.
    public static func drawingNotes(_ decisions: [FilterDecision], threshold: UInt8, labelFree: Bool) -> [String] {
        let read = decisions.filter { $0.decision != .error }
        return [MaskDrawing.invertedNote(edged: read.filter(\.reachesEveryEdge).count, of: read.count, threshold: threshold,
                                         effect: labelFree ? "their scores compare the background with real lungs" : "the model judges the background"),
                MaskDrawing.emptyNote(empty: read.filter(\.isEmptyMask).count, of: read.count, threshold: threshold),
                MaskDrawing.splitNote(read.map { ($0.file, $0.splitLevels) }, threshold: threshold),
                MaskDrawing.orientationNote(read.compactMap(\.orientation))]
            .compactMap { $0 }
    }

    /// Decisions for feature rows: accept when the probability of good is at least `threshold`; an empty mask
    /// is rejected (it has no region to judge); an unreadable one is an error.
    public static func decide(_ rows: [FeatureRow], classifier: FittedClassifier, threshold: Double) -> [FilterDecision] {
        // A file listed twice could be accepted and rejected at once: it gets one error decision, so nothing is
        // copied or deleted on its account.
        let rows = FeatureRow.listedOnce(rows)
        let measured = rows.filter { $0.status == .ok }
        let data = Matrix(rows: measured.count, columns: classifier.featureCount, values: measured.flatMap { $0.values ?? [] })
            ?? Matrix(rows: 0, columns: classifier.featureCount)
        var probabilities = classifier.scores(data)[...]
        return rows.map { row in
            var decision = decision(row, probability: row.status == .ok ? probabilities.popFirst() ?? .nan : nil, threshold: threshold)
            (decision.index, decision.reachesEveryEdge, decision.splitLevels, decision.orientation, decision.size)
                = (row.index, row.reachesEveryEdge, row.splitLevels, row.orientation, row.size)
            return decision
        }
    }

    /// The decision for one row, given its probability of good when it has features.
    private static func decision(_ row: FeatureRow, probability: Double?, threshold: Double) -> FilterDecision {
        switch row.status {
        case .ok:
            let p = probability ?? .nan
            guard !p.isNaN else {
                return FilterDecision(file: row.file, decision: .error, probability: nil,
                                      reason: "a feature lies far outside what the model was trained on (it standardises to infinity)")
            }
            return p >= threshold
                ? FilterDecision(file: row.file, decision: .accept, probability: p,
                                 reason: "probability \(p) is at least the threshold \(threshold)")
                : FilterDecision(file: row.file, decision: .reject, probability: p,
                                 reason: "probability \(p) is below the threshold \(threshold)")
        case .empty:
            return FilterDecision(file: row.file, decision: .reject, probability: nil,
                                  reason: "empty mask: both halves are empty")
        case .error:
            return FilterDecision(file: row.file, decision: .error, probability: nil,
                                  reason: "error: \(row.error ?? "no reason given")")
        }
    }
}
