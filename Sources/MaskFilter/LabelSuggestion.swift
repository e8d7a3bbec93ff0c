import BatchRunning
import FileIO
import Learning
import MaskFeatures
import Matrices
import SeededRandom

/// Which masks to label next (`ganfilter label suggest`): the few labels that teach a filter the most.
///
/// - Without labels (or with labels of one class only), half the picks (rounded up) lie nearest the label-free
///   threshold of the label-free score (`RealismPrior.column` when the table has it), each the farthest (in
///   standardised feature space) from the masks picked before it among the 3n nearest; the other half spread
///   over the score's range, one drawn from each of as many equal-count strata. Without a score, half the picks
///   (rounded up) are each the farthest from those already picked (farthest-point sampling), which finds the rare
///   kinds of mask, and the rest are drawn at random by the seed, which keeps the labels a fair sample of the table.
/// - With labels of both classes, half the picks (rounded up) are the masks the current model is least sure of,
///   the rest the most typical masks of the regions left (`KMeans`), or, in a table without a label-free score,
///   masks drawn at random; when that model is not anchored on the label-free score (the labels do not show its
///   ranking, they number `RealismPrior.maximumRows` or more, or the table has no realism column), half of the
///   rest (rounded down) are the masks farthest from every mask labelled or chosen instead.
///   - The current model is the one `train` fits on these labels: below `RealismPrior.maximumRows` labels, with a
///     realism column, the anchored logistic regression self-trained on the unlabelled masks and voting with
///     its challenger (`RealismPrior`, unweighted classes), or that challenger, extremely randomised trees, when
///     the labels drop the prior (`RealismPrior.checked(on:labels:unlabelled:)`); without one, below
///     `RealismPrior.maximumRowsWithoutScore` labels, the challenger; otherwise a logistic regression of the same strength.
///   - The uncertain half: among the 3n masks whose probability of good lies nearest 0.5, each pick the farthest
///     (in standardised feature space) from the labelled masks and the picks so far, weighted by its uncertainty.
///   - The typical masks: the unlabelled masks left are clustered by k-means into as many clusters as picks,
///     and the mask nearest each centre is taken, the largest clusters first.
///   - The diverse masks: greedy farthest-point picks (k-center, the core-set of Sener and Savarese 2018) in
///     standardised feature space, away from the labelled masks and every pick before.
///   - The drawn masks: the first of the seed's order of the unlabelled masks left.
///   - Why all these: uncertainty alone samples only where the current model draws its boundary. When the labels
///     follow a rule that model cannot express (a two-sided limit, a rule on features the prior does not weigh),
///     its uncertain masks are a biased sample and the next model learns less from them than from random ones
///     (sampling bias: Dasgupta and Hsu 2008). Typical masks of every region keep the labels representative,
///     which is what a few dozen labels need most (Hacohen et al. 2022, "Active learning on a budget"). But when
///     the labels follow no ranking the model knew before them, a rare kind of bad mask lies in no large region,
///     and a side of the rule no label has reached yet is found only by asking where no label is. Where the
///     labels do follow the label-free score, asking there too cost the bench's rules on lung outlines and
///     shapes more than it gained (`docs/few-labels.md`, "Asking where no label is"). And in a table with no label-free score, the centres
///     of k-means clusters in some twenty standardised columns are no fair sample of a rule on a few of them;
///     masks drawn at random are (`docs/few-labels.md`, "Without realism columns"). Where the table has the score but the
///     labels drop it, drawing in place of the typical masks was measured too, and gained nothing.
///
/// Only `ok` rows are suggested, never a labelled one, and of masks with the very same features only one
/// (unless fewer distinct masks are left than asked for); the seed decides the first pick (and so the others), so
/// the same seed gives the same choice.
public struct LabelSuggestion: Sendable {
    /// One suggested mask.
    public struct Pick: Equatable, Sendable {
        /// The mask, as the features table names it.
        public let file: String
        /// Its stack index, when it came from an array.
        public let index: Int?
        /// The score the choice used: the label-free score, or the probability of good.
        public let score: Double?
        /// Why it was chosen.
        public let reason: String
    }

    /// The picks, in the order chosen.
    public let picks: [Pick]
    /// What the user should know (fewer masks left than asked for, one class of labels).
    public let notes: [String]

    /// The column used as the label-free score when the table has it.
    public static let scoreColumn = RealismPrior.column

    /// Chooses `count` of `rows` (features in `columns`) to label next. `labels` joins the rows as `train` joins
    /// them; `threshold` is the label-free score's threshold (the median score when nil). The rows are taken in
    /// their places (`TablePlace`), as `train` takes them: a shuffled copy of the table gives the same choice.
    public init(rows table: [FeatureRow], columns: [String], labels: LabelTable?, count: Int, threshold: Double? = nil,
                seed: UInt64 = 0) throws(LabelTable.JoinError) {
        let rows = TablePlace.sorted(table, file: \.file, index: \.index)
        var notes: [String] = []
        let join = try labels?.join(rows.map(\.file))
        let joined = join?.labels ?? Array(repeating: nil, count: rows.count)
        if let labels, let unjoined = join?.unjoined, let first = unjoined.first {
            // Labels of masks the table does not hold teach nothing here; say so rather than drop them unseen.
            notes.append("\(unjoined.count) of the labels in \(labels.path) name no mask of the table, such as "
                + "\(Excerpt.quoted(first.file)) (line \(first.line)): not used"
                + ((joined.allSatisfy { $0 == nil } ? labels.joinExplanation(rows.map(\.file)) : nil).map { "; " + $0 } ?? ""))
        }
        let usable = rows.indices.filter { rows[$0].status == .ok && rows[$0].values?.count == columns.count }
        let labelled = usable.filter { joined[$0] != nil }
        let candidates = usable.filter { joined[$0] == nil }
        if count > candidates.count {
            notes.append("\(count) masks asked for, \(candidates.count) unlabelled ok masks left: suggesting all of them")
        }
        let wanted = min(count, candidates.count)
        guard wanted > 0 else {
            picks = []
            self.notes = notes
            return
        }
        let data = Matrix(rows: usable.count, columns: columns.count, values: usable.flatMap { rows[$0].values ?? [] })
            ?? Matrix(rows: 0, columns: columns.count)
        let scaler = StandardScaler(fitting: data)
        var position: [Int: Int] = [:]
        for (offset, row) in usable.enumerated() { position[row] = offset }
        let standardised = scaler.transform(data)
        let point = { (row: Int) in standardised.row(position[row] ?? 0) }
        var generator = SeededGenerator(seed: seed)
        var shuffled = candidates
        generator.shuffle(&shuffled)
        // Masks of the very same features (a generator that collapsed onto one mask) are asked about once: the
        // first of each in the seed's order. The others are suggested only when nothing else is left.
        var seen = Set<[Double]>()
        let order = shuffled.filter { seen.insert(rows[$0].values ?? []).inserted }

        // The label-free score's column, when the table has one: it decides both rounds' masks other than the uncertain ones.
        let scoreIndex = columns.firstIndex(of: Self.scoreColumn)
        let classes = Set(labelled.compactMap { joined[$0]?.isGood })
        var chosen: [(row: Int, score: Double?, reason: String)]
        if classes.count == 2 {
            let uncertainCount = (wanted + 1) / 2
            let (uncertainPicks, probability, anchored) = Self.uncertain(order, unlabelled: candidates, labelled: labelled, joined: joined, data: data,
                                                               position: position, wanted: uncertainCount,
                                                               fewLabels: RealismPrior.isFewLabels(labelled.count, features: columns),
                                                               prior: RealismPrior(features: columns), seed: seed,
                                                               point: point)
            // Where the labels show the label-free score's ranking, the model's boundary lies along it and typical
            // masks cover the rest; where they do not, the model knows no more than its labels, and half of the rest
            // is asked where no label is.
            let diverseCount = anchored ? 0 : (wanted - uncertainPicks.count) / 2
            let taken = Set(uncertainPicks.map(\.row))
            // With no label-free score in the table there are no typical regions of a ranking to cover: the rest is
            // drawn at random.
            let others = order.filter { !taken.contains($0) }, restCount = wanted - uncertainPicks.count - diverseCount
            chosen = uncertainPicks + (scoreIndex != nil
                ? Self.typical(others, standardised: standardised, position: position, wanted: restCount, score: { probability[$0] }, seed: seed)
                : Self.drawn(others, count: restCount, score: { probability[$0] }))
            let before = Set(chosen.map(\.row))
            chosen += Self.farthest(order.filter { !before.contains($0) }, count: diverseCount, fixed: labelled + chosen.map(\.row), point: point).map {
                ($0, probability[$0], Self.diverseReason)
            }
        } else {
            if !labelled.isEmpty { notes.append("the labels hold one class only: choosing as without labels") }
            if let scoreIndex {
                chosen = Self.spread(order, rows: rows, scoreIndex: scoreIndex, threshold: threshold, wanted: wanted, labelled: labelled,
                                     point: point, generator: &generator)
            } else {
                chosen = Self.farthest(order, count: (wanted + 1) / 2, fixed: labelled, point: point).map { ($0, nil, Self.diverseReason) }
                let before = Set(chosen.map(\.row))
                chosen += Self.drawn(order.filter { !before.contains($0) }, count: wanted - chosen.count, score: { _ in nil })
            }
        }
        if chosen.count < wanted {
            // A cluster left empty (or no clustering), a model that could not rank, or fewer distinct masks than
            // asked for: the rest from the masks farthest from all chosen.
            let taken = Set(chosen.map(\.row))
            let rest = Self.farthest(shuffled.filter { !taken.contains($0) }, count: wanted - chosen.count, fixed: labelled + chosen.map(\.row),
                                     point: point)
            chosen += rest.map { ($0, nil, Self.diverseReason) }
        }
        picks = chosen.map { Pick(file: rows[$0.row].file, index: rows[$0.row].index, score: $0.score, reason: $0.reason) }
        self.notes = notes
    }

    /// Why a mask chosen for being far from every other was chosen.
    private static let diverseReason = "diverse: the mask farthest from the labelled masks and those chosen before it in standardised feature space"

    /// Squared Euclidean distance.
    private static func distance(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for (x, y) in zip(a, b) { sum += (x - y) * (x - y) }
        return sum
    }

    /// Greedy farthest-point choice of `count` of `pool`, away from `fixed` and from each other; the first pick
    /// is the pool's first when nothing is fixed. `weight` scales each candidate's distance.
    private static func farthest(_ pool: [Int], count: Int, fixed: [Int], point: (Int) -> [Double],
                                 weight: (Int) -> Double = { _ in 1 }) -> [Int] {
        var nearest = pool.map { candidate in fixed.map { distance(point(candidate), point($0)) }.min() ?? .infinity }
        var taken = [Bool](repeating: false, count: pool.count)
        var result: [Int] = []
        while result.count < min(count, pool.count) {
            var best = -1
            var bestValue = -Double.infinity
            for (offset, candidate) in pool.enumerated() where !taken[offset] {
                let value = nearest[offset] == .infinity ? Double.greatestFiniteMagnitude * weight(candidate) : nearest[offset] * weight(candidate)
                if value > bestValue {
                    best = offset
                    bestValue = value
                }
            }
            guard best >= 0 else { break }
            taken[best] = true
            result.append(pool[best])
            let chosenPoint = point(pool[best])
            for (offset, candidate) in pool.enumerated() where !taken[offset] {
                nearest[offset] = min(nearest[offset], distance(point(candidate), chosenPoint))
            }
        }
        return result
    }

    /// The first `count` of `pool`, which is in the seed's order: a random draw, each with its `score`.
    private static func drawn(_ pool: [Int], count: Int, score: (Int) -> Double?) -> [(row: Int, score: Double?, reason: String)] {
        pool.prefix(max(0, count)).map { ($0, score($0), drawnReason) }
    }

    /// Why a mask drawn at random was chosen.
    private static let drawnReason = "random: drawn by the seed from the unlabelled masks, so that the labels stay a fair sample of the table"

    /// Without usable labels: half near the threshold of the label-free score, half spread over it.
    private static func spread(_ order: [Int], rows: [FeatureRow], scoreIndex: Int, threshold: Double?, wanted: Int,
                               labelled: [Int], point: (Int) -> [Double],
                               generator: inout SeededGenerator) -> [(row: Int, score: Double?, reason: String)] {
        let score = { (row: Int) in rows[row].values?[scoreIndex] ?? 0 }
        let cut = threshold ?? Quantile.of(order.map(score), at: 0.5)
        let nearCount = (wanted + 1) / 2
        let byCloseness = order.sorted { (abs(score($0) - cut), $0) < (abs(score($1) - cut), $1) }
        // The 3n masks nearest the threshold, in the seed's order, so that the first pick is the seed's.
        var nearPool = Array(byCloseness.prefix(3 * nearCount))
        generator.shuffle(&nearPool)
        let near = farthest(nearPool, count: nearCount, fixed: labelled, point: point)
        var result = near.map { ($0, Optional(score($0)), "near the label-free threshold \(cut) of \(scoreColumn)") }
        let spreadCount = wanted - near.count
        guard spreadCount > 0 else { return result }
        let taken = Set(near)
        let rest = order.filter { !taken.contains($0) }.sorted { (score($0), $0) < (score($1), $1) }
        // One mask drawn (by the seed) from each of `spreadCount` strata of equal count: typical masks of every
        // score level, where the farthest would be the outliers.
        for stratum in 0..<spreadCount {
            let lower = stratum * rest.count / spreadCount, upper = (stratum + 1) * rest.count / spreadCount
            guard lower < upper else { continue }
            let pick = rest[lower + generator.integer(below: upper - lower)]
            result.append((pick, score(pick), "spread over \(scoreColumn): stratum \(stratum + 1) of \(spreadCount) by score"))
        }
        return result
    }

    /// With labels of both classes: the masks of `order` the current model (see the type's documentation; with
    /// `fewLabels`, the first of `RealismPrior.fewLabelCandidates` under `prior` checked on the labels, self-trained
    /// on every `unlabelled` row as `train` self-trains) is least sure of, kept apart; every mask's probability of
    /// good under it (empty when it could not be fitted); and whether that model is anchored on the label-free
    /// score (the prior holds).
    private static func uncertain(_ order: [Int], unlabelled rows: [Int], labelled: [Int], joined: [LabelTable.Entry?], data: Matrix,
                                  position: [Int: Int], wanted: Int, fewLabels: Bool, prior: RealismPrior?, seed: UInt64,
                                  point: (Int) -> [Double]) -> (picks: [(row: Int, score: Double?, reason: String)], probability: [Int: Double],
                                                                anchored: Bool) {
        let training = data.selecting(rows: labelled.map { position[$0] ?? 0 })
        let outcomes = labelled.map { joined[$0]?.isGood ?? false }
        let unlabelled = data.selecting(rows: rows.map { position[$0] ?? 0 })
        let model: ClassifierSpec
        let modelName: String
        let anchored: Bool
        let checked = fewLabels ? prior?.checked(on: training, labels: outcomes, unlabelled: unlabelled) : nil
        if fewLabels, let first = RealismPrior.fewLabelCandidates(checked, unlabelled: unlabelled, seed: seed).first {
            model = first
            anchored = checked?.holds ?? false
            if let checked, anchored {
                modelName = "the prior train fits on \(labelled.count) labels (a logistic regression anchored on \(checked.anchor.score.column)"
                    + (RealismPrior.selfTrains(pool: unlabelled.rows) ? ", self-trained on the unlabelled masks" : "")
                    + ", voting with extremely randomised trees on the labels)"
            } else if let checked {
                modelName = "the extremely randomised trees train fits on \(labelled.count) labels (they do not show the ranking of \(checked.anchor.score.column), "
                    + "so train drops its prior)"
            } else {
                modelName = "the extremely randomised trees train fits on \(labelled.count) labels (the table has no \(RealismPrior.column) to anchor on)"
            }
        } else {
            model = ClassifierSpec(StandardisedClassifier(LogisticRegression(C: RealismPrior.strength)))
            modelName = "a logistic regression on \(labelled.count) labels"
            anchored = false
        }
        guard let fitted = try? model.fit(training, outcomes) else {
            let picks = farthest(order, count: wanted, fixed: labelled, point: point).map {
                ($0, Double?.none, "diverse (the model could not be fitted on the labels)")
            }
            return (picks, [:], anchored)
        }
        let probabilities = fitted.scores(data.selecting(rows: order.map { position[$0] ?? 0 }))
        var probability: [Int: Double] = [:]
        for (row, p) in zip(order, probabilities) { probability[row] = p.isFinite ? p : 0.5 }
        let byUncertainty = order.sorted { (abs((probability[$0] ?? 0.5) - 0.5), $0) < (abs((probability[$1] ?? 0.5) - 0.5), $1) }
        let pool = Array(byUncertainty.prefix(3 * wanted))
        let picks = farthest(pool, count: wanted, fixed: labelled, point: point) { row in 1 - 2 * abs((probability[row] ?? 0.5) - 0.5) + 1e-9 }
        let reasoned = picks.map { row in
            (row, probability[row], "uncertain: probability of good \(probability[row] ?? 0.5) under \(modelName), far from the labelled masks and the other picks")
        }
        return (reasoned, probability, anchored)
    }

    /// The most rows k-means clusters when choosing typical masks (drawn by the seed); enough for the regions a few
    /// dozen picks can cover, and a bound on the time.
    static let typicalSample = 4000

    /// The typical masks of `pool`: the one nearest the centre of each of `wanted` k-means clusters (standardised
    /// features, k-means++ seeded with `seed`), the largest clusters first, each with its `score`. Fewer when a
    /// cluster is left empty; the caller fills the rest.
    private static func typical(_ pool: [Int], standardised: Matrix, position: [Int: Int], wanted: Int,
                                score: (Int) -> Double?, seed: UInt64) -> [(row: Int, score: Double?, reason: String)] {
        guard wanted > 0, !pool.isEmpty else { return [] }
        var sample = pool.sorted()
        if sample.count > typicalSample {
            var generator = SeededGenerator(seed: seed)
            generator.shuffle(&sample)
            sample = Array(sample.prefix(typicalSample)).sorted()
        }
        let clusters = min(wanted, sample.count)
        let rows = standardised.selecting(rows: sample.map { position[$0] ?? 0 })
        guard let fitted = try? KMeans(rows, clusters: clusters, seed: seed) else { return [] }
        let typical = fitted.typicalRows(of: rows).map { sample[$0] }
        return typical.enumerated().map { rank, row in
            (row, score(row), "typical: nearest the centre of k-means cluster \(rank + 1) of \(typical.count) (largest first) "
                + "of the unlabelled masks in standardised feature space")
        }
    }
}
