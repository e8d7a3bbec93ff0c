import FileIO
import Learning
import SymmetryFeatures

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

    /// A decision (as read back from `decisions.csv`).
    public init(file: String, decision: Decision, probability: Double?, reason: String) {
        self.file = file
        self.decision = decision
        self.probability = probability
        self.reason = reason
    }

    /// Decisions for feature rows: accept when the probability of good is at least `threshold`; an empty mask
    /// is rejected (it has no region to judge); an unreadable one is an error.
    public static func decide(_ rows: [FeatureRow], classifier: FittedClassifier, threshold: Double) -> [FilterDecision] {
        // A file listed twice (a features table edited or concatenated) could be accepted and rejected at once:
        // it gets one error decision, so nothing is copied or deleted on its account.
        var counts: [String: Int] = [:]
        for row in rows { counts[row.file, default: 0] += 1 }
        var reported = Set<String>()
        let rows = rows.compactMap { row -> FeatureRow? in
            guard counts[row.file, default: 0] > 1 else { return row }
            guard reported.insert(row.file).inserted else { return nil }
            return .error(row.file, "listed \(counts[row.file, default: 0]) times in the features; no decision is made for it")
        }
        let measured = rows.filter { $0.status == .ok }
        let data = Matrix(rows: measured.count, columns: SymmetryFeatures.names.count,
                          values: measured.flatMap { $0.features?.values ?? [] })
            ?? Matrix(rows: 0, columns: SymmetryFeatures.names.count)
        var probabilities = classifier.scores(data)[...]
        return rows.map { row in
            switch row.status {
            case .ok:
                let p = probabilities.popFirst() ?? 0
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
                                      reason: "unreadable: \(row.error ?? "error")")
            }
        }
    }
}

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

    /// Counts over `decisions` joined to `labels` (DESIGN's join).
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

    public static func == (a: BadShare, b: BadShare) -> Bool {
        a.before == b.before && a.accepted == b.accepted
    }
}
