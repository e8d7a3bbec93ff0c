import Learning

/// The bad share before and after filtering, over the images that have a label: the one place where
/// "bad share" and "bad per good" are computed, for `filter`'s summary, `summary.json` and the report.
public struct BadShare: Equatable, Sendable {
    /// Labelled images: good and bad.
    public let before: (good: Int, bad: Int)
    /// Accepted labelled images: good and bad.
    public let accepted: (good: Int, bad: Int)

    /// Counts given directly.
    public init(before: (good: Int, bad: Int), accepted: (good: Int, bad: Int)) {
        self.before = before
        self.accepted = accepted
    }

    /// The counts of a confusion matrix whose positive class is "good" (accepted = predicted positive).
    public init(_ matrix: ConfusionMatrix) {
        self.init(before: (matrix.positives, matrix.negatives), accepted: (matrix.truePositives, matrix.falsePositives))
    }

    /// bad / (good + bad) before filtering; nil without labelled images.
    public var shareBefore: Double? { Self.share(before) }
    /// bad / (good + bad) among accepted images; nil when none is accepted.
    public var shareAfter: Double? { Self.share(accepted) }
    /// bad / good before filtering; nil without good images.
    public var badPerGoodBefore: Double? { before.good > 0 ? Double(before.bad) / Double(before.good) : nil }
    /// bad / good among accepted images; nil when no good image is accepted.
    public var badPerGoodAfter: Double? { accepted.good > 0 ? Double(accepted.bad) / Double(accepted.good) : nil }

    private static func share(_ counts: (good: Int, bad: Int)) -> Double? {
        counts.good + counts.bad > 0 ? Double(counts.bad) / Double(counts.good + counts.bad) : nil
    }

    /// Counts over `decisions` joined to `labels` (the design's join).
    public init(_ decisions: [FilterDecision], labels: LabelTable) throws(LabelTable.JoinError) {
        let joined = try labels.join(decisions.map(\.file))
        var before = (good: 0, bad: 0)
        var accepted = (good: 0, bad: 0)
        for (decision, entry) in zip(decisions, joined.labels) {
            guard let entry, decision.decision != .error else { continue }
            if entry.isGood { before.good += 1 } else { before.bad += 1 }
            if decision.decision == .accept {
                if entry.isGood { accepted.good += 1 } else { accepted.bad += 1 }
            }
        }
        self.before = before
        self.accepted = accepted
    }

    /// Equal counts before and among the accepted (a tuple is not `Equatable`).
    public static func == (a: BadShare, b: BadShare) -> Bool {
        a.before == b.before && a.accepted == b.accepted
    }
}
