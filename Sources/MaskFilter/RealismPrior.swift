import Learning
import Matrices

/// Training on a few dozen labels with a prior toward the label-free ranking: a logistic regression whose
/// coefficient on a label-free score (the anchor: `realism_scaled_mean5` or `realism_boundary`, whichever ranks
/// the labelled masks better; `scores`) is not penalised, while the other features' coefficients are shrunk toward
/// 0 by the L2 penalty.
///
/// With a strong penalty (small `C`) the model ranks masks as the label-free score does and the labels set only
/// its scale and offset; with a weak one the other features correct that ranking where the labels show it errs.
/// The penalty is fixed (`C` = 1, `strength`), not chosen by cross-validation: on a few dozen labels each fold
/// holds a handful of masks, the fold means of neighbouring `C`s differ by less than their noise, and the `C`
/// that wins is chosen as much for its luck as for its merit (Varoquaux 2018, "Cross-validation failure: small
/// sample sizes lead to large error bars"). Cross-validation still chooses between unweighted and balanced
/// classes, and gives the estimates. On 50 labels this ranks held-out masks far better than the full grid,
/// which must learn from nothing, and better than a `C` chosen over 1e-3 … 1e3 (`docs/few-labels.md`).
///
/// With unlabelled masks in the table each candidate is self-trained on them (`SelfTraining`): the regression
/// pseudo-labels the masks it ranks highest and lowest, a forest learns from those and the labels, and the
/// score is the mean of both. The forest follows rules no straight boundary does (shape criteria).
///
/// And each candidate votes with the `challenger` below (`SoftVoting`, the mean of their probabilities): the
/// anchored model ranks well where a rule follows the label-free score, the trees on the labels where it does
/// not, and fifty labels cannot tell which of the two a rule is closer to (`docs/few-labels.md`, "Voting with
/// the challenger").
///
/// A prior can be wrong: a label rule about something the label-free score does not see (lung area within
/// limits, say) is one no anchored regression ranks well, and its pseudo-labels mislead the forest too. So a
/// `challenger`, extremely randomised trees on the labels alone, is cross-validated beside the anchored
/// candidates and chosen only when its mean fold score beats the best of theirs by more than the standard error
/// of the difference (`CrossValidation.best(_:by:preferring:)`).
///
/// And the labels are asked first (`checked(on:labels:unlabelled:)`): the prior holds only when the label-free
/// score ranks the labelled masks better than chance, by a one-sided Mann-Whitney test at 5%, each labelled mask
/// weighed back to the table's distribution of the score (`Evidence`). When it does not (a rule on
/// what the score does not see), anchoring on it and self-training on its pseudo-labels would teach the rule's
/// opposite, and a challenger on a few dozen labels seldom clears a standard error, so the prior is dropped and
/// the challenger is the model: with no ranking to trust, it is the one that assumes no shape of the rule, and
/// choosing between it and a regression by the fold scores of a few dozen labels would choose by their noise.
public struct RealismPrior: Sendable, Equatable {
    /// What the labelled masks say of the label-free ranking.
    ///
    /// The labels of `label suggest` are no sample of the table: half of its first round lies near the label-free
    /// threshold, where the score ranks worst, and asked there alone it would seem to rank no better than chance
    /// (range restriction). So each labelled mask is weighed back to the table: the masks of the table (labelled
    /// and not) are cut into `strata` equal-count strata of the score (NumPy's default quantiles; a mask on a cut
    /// belongs below it), and a labelled mask weighs its stratum's share of the table over its share of the
    /// labels. `auc` is the weighted ROC AUC (`RankingCurves.rocAUC(labels:scores:weights:)`, scikit-learn's
    /// `roc_auc_score` with `sample_weight`: ties count half) and `z` its distance above 0.5 in standard errors under the null hypothesis of no ranking,
    /// `sqrt((n₊ + n₋ + 1) / (12 n₊ n₋))` with each class's effective size `(Σw)² / Σw²` (Kish) for its count
    /// (without the tie correction, which would only shrink it). Labels drawn at random weigh about 1 each,
    /// and this is the Mann-Whitney test.
    public struct Evidence: Sendable, Equatable {
        /// The label-free score's weighted ROC AUC on the labelled masks.
        public let auc: Double
        /// `(auc − 0.5)` in standard errors under the null hypothesis.
        public let z: Double

        /// Whether the ranking of this one score holds: `z` at least `RealismPrior.requiredZ`. A prior that chose
        /// its anchor among several asks more (`RealismPrior.holds`).
        public var holds: Bool { z >= RealismPrior.requiredZ }

        /// The equal-count strata of the score the labels are weighed back to.
        public static let strata = 5

        /// The evidence of `labels` for `scores` (one per labelled mask) among a table whose other masks score
        /// `unlabelled`; nil unless both classes are labelled and every score is finite.
        public init?(scores: [Double], labels: [Bool], unlabelled: [Double]) {
            guard scores.count == labels.count, labels.contains(true), labels.contains(false),
                  scores.allSatisfy(\.isFinite) else { return nil }
            let table = scores + unlabelled.filter(\.isFinite)
            let cuts = Quantile.of(table, at: (1..<Self.strata).map { Double($0) / Double(Self.strata) })
            let stratum = { (score: Double) in cuts.filter { $0 < score }.count }
            var labelledCount = [Double](repeating: 0, count: Self.strata)
            for score in scores { labelledCount[stratum(score)] += 1 }
            var tableCount = [Double](repeating: 0, count: Self.strata)
            for score in table { tableCount[stratum(score)] += 1 }
            let weights = scores.map { score in
                let index = stratum(score)
                return (tableCount[index] / Double(table.count)) / (labelledCount[index] / Double(scores.count))
            }
            let good = labels.indices.filter { labels[$0] }.map { weights[$0] }
            let bad = labels.indices.filter { !labels[$0] }.map { weights[$0] }
            let sum = { (values: [Double]) in values.reduce(0, +) }
            let effective = { (values: [Double]) in sum(values) * sum(values) / sum(values.map { $0 * $0 }) }
            guard let auc = RankingCurves.rocAUC(labels: labels, scores: scores, weights: weights) else { return nil }
            let (p, n) = (effective(good), effective(bad))
            self.auc = auc
            z = (auc - 0.5) / ((p + n + 1) / (12 * p * n)).squareRoot()
        }
    }

    /// The one-sided 5% point of the standard normal: the labels must show the label-free ranking at this level
    /// for the prior to hold.
    public static let requiredZ = 1.6448536269514722

    /// The point the anchor's z must reach when the labels chose it among `count` anchors: the one-sided
    /// `5% / count` point (Bonferroni), so that taking the better of two rankings does not let a ranking that
    /// holds by chance pass twice as often. Indexed by `count - 1`, up to `scores.count`: 1.645 for one,
    /// 1.960 for two.
    public static let requiredZs = [requiredZ, 1.959963984540054]

    /// `requiredZs` for a prior of `count` anchors (the last for more than it lists).
    public static func requiredZ(anchors count: Int) -> Double {
        requiredZs[min(max(count, 1), requiredZs.count) - 1]
    }

    /// The label-free scores the prior may anchor on, the one it anchors on before any label is asked first.
    ///
    /// The labels choose (`checked(on:labels:unlabelled:)`): the anchor is the score whose weighted ROC AUC on
    /// them (`Evidence`) is the larger, the first on a tie. The scaled Dice weighs a mask's area, the boundary F1
    /// its outline, and which of them a rule follows differs between rules: alone, the boundary score ranks the
    /// bench's outline rules better, and the scaled Dice was the better anchor on its shape rules. Anchored on
    /// the scaled Dice alone, fifty suggested labels missed 5 of the 32 goals over 30 test splits; anchored on the
    /// one the labels choose, 2 (`docs/few-labels.md`, "The anchor the labels choose"). Two scores, both label-free and close, cost the
    /// choice little when a few dozen labels choose wrongly.
    public static let scores: [ReferenceFilter.Score] = [.scaled, .boundary]

    /// The score the prior anchors on before any label is asked, and `label suggest` asks about first: the mean
    /// of the 5 best scaled Dice. Not the label-free filter's default (`ReferenceFilter.Score.standard`, the
    /// boundary score): as the only anchor of fifty labels the boundary score left the bench's filters further
    /// from the filter trained on 800 labels on four of its eight rules, and its threshold region, where the first
    /// round of `label suggest` asks, is crowded with masks that score near 1.
    public static let score = scores[0]

    /// The column of `score`.
    public static let column = score.column

    /// The prior and its models (`fewLabelCandidates`) are the default below this many labelled rows in a table
    /// with a label-free score, well past `TrainingOptions.fewLabels`, where the test split and the threshold
    /// strategy change. On random labels of the bench (`Benchmarks/label_count_curve.py`, the first generator's
    /// four rules, splits 0–4 or 0–2) they ranked as well as the usual grid or better at every count from 100 to 800: test ROC AUC
    /// 0.909 against 0.836 on 100 labels of the Montgomery outline rule, 0.927 against 0.857 on 200; and with the
    /// boundary at 100, a user who labelled a hundred masks got a worse filter than one who labelled fifty, on seven
    /// of the bench's eight rules (`docs/few-labels.md`, "How many labels"). Their cost bounds them: on 800 labels a run takes
    /// about 17 s on one core and its model file about 30 MB, against 2 s and 0.3 MB for the usual grid.
    public static let maximumRows = 1000

    /// The models of few labels are the default below this many labelled rows in a table without a label-free
    /// score (the `challenger` alone, `noteWithoutScore(rows:)`). Unanchored, the trees were not clearly better than
    /// the usual grid past a hundred labels: measured without realism columns, on 200 and 800 labels of the first
    /// generator's Montgomery outline rule they ranked at 0.743 and 0.817 against the grid's 0.799 and 0.835, of
    /// the second generator's shape rule at 0.918 and 0.941 against 0.876 and 0.918.
    public static let maximumRowsWithoutScore = TrainingOptions.fewLabels

    /// The inverse strength of the penalty on the other features: scikit-learn's default, on standardised
    /// features. `label suggest` asks about the masks a regression of this strength is unsure of.
    public static let strength = 1.0

    /// A label-free score the prior may anchor on, and where it is among the model's features.
    public struct Anchor: Sendable, Equatable {
        /// The score.
        public let score: ReferenceFilter.Score
        /// The index of its column among the model's features.
        public let index: Int
    }

    /// The anchors the table has, in the order of `scores`: the first is `column`'s.
    public let anchors: [Anchor]
    /// The anchor: the first of `anchors` until the labels are asked, then the one they rank best.
    public let anchor: Anchor
    /// What the labels said of the anchor's ranking (`checked(on:labels:unlabelled:)`); nil before they were asked.
    public let evidence: Evidence?
    /// What they said of each of `anchors` (nil where there was nothing to ask), once asked.
    public let evidences: [Evidence?]

    /// The index of the anchor's column among the model's features.
    public var columnIndex: Int { anchor.index }

    /// Whether the candidates anchor on `anchor`: unless the labels showed no evidence for its ranking, at the
    /// level for as many anchors as the table has (`requiredZ(anchors:)`).
    public var holds: Bool { evidence.map { $0.z >= Self.requiredZ(anchors: anchors.count) } ?? true }

    /// The prior on a table with `features` (in model order); nil when it has no `column`.
    public init?(features: [String]) {
        let anchors = Self.scores.compactMap { score in features.firstIndex(of: score.column).map { Anchor(score: score, index: $0) } }
        guard let first = anchors.first, first.score == Self.score else { return nil }
        self.init(anchors: anchors, anchor: first, evidence: nil, evidences: [])
    }

    private init(anchors: [Anchor], anchor: Anchor, evidence: Evidence?, evidences: [Evidence?]) {
        self.anchors = anchors
        self.anchor = anchor
        self.evidence = evidence
        self.evidences = evidences
    }

    /// The prior a training run on `rows` labelled masks uses when the models are the default ones: nil at
    /// `maximumRows` or more, or when the table has no `column`.
    public static func forDefaultModels(rows: Int, features: [String]) -> RealismPrior? {
        isFewLabels(rows, features: features) ? RealismPrior(features: features) : nil
    }

    /// Whether `rows` labelled masks of a table with `features` (in model order) are few enough for the few-label
    /// models (`fewLabelCandidates`): below `maximumRows` with a label-free score to anchor on, below
    /// `maximumRowsWithoutScore` without one.
    public static func isFewLabels(_ rows: Int, features: [String]) -> Bool {
        rows < (RealismPrior(features: features) != nil ? maximumRows : maximumRowsWithoutScore)
    }

    /// The models `train` cross-validates on a few labels with the default models: `prior`'s candidates
    /// (`candidates(unlabelled:seed:)`, the `challenger` alone when the labels dropped it), or, in a table without
    /// a label-free score (nil), the `challenger` alone (`noteWithoutScore(rows:)`). The first is the one `train`
    /// keeps unless another clearly beats it, and the one `label suggest` asks.
    public static func fewLabelCandidates(_ prior: RealismPrior?, unlabelled: Matrix, seed: UInt64) -> [ClassifierSpec] {
        prior?.candidates(unlabelled: unlabelled, seed: seed) ?? [challenger(seed: seed)]
    }

    /// What a training run on `rows` labelled masks says when the table has no label-free score to anchor on: the
    /// model is the `challenger` alone, as when the labels drop the prior. With no ranking to trust, it is the model
    /// that assumes no shape of the rule; the default grid, chosen among by the fold scores of a few dozen labels,
    /// would be chosen by their noise (Varoquaux 2018).
    public static func noteWithoutScore(rows: Int) -> String {
        "\(rows) labelled masks, fewer than \(maximumRowsWithoutScore), and no \(column) column to anchor a prior on (features --reference DIR "
            + "adds it): the model is \(forestTrees) extremely randomised trees on the labels alone, each node trying "
            + "\(challengerFeatures.inWords), not a grid of models that so few labels would choose among by their noise; --model chooses others"
    }

    /// The prior with the evidence (`Evidence`) of `labels`, one per row of `data` (the labelled masks in model
    /// order), in a table whose other masks are the rows of `unlabelled`, for each of `anchors`; it anchors on the
    /// one of largest weighted ROC AUC (the first of equal ones). Unchanged when there is none (labels of one
    /// class, a score that is not finite, matrices of other columns).
    public func checked(on data: Matrix, labels: [Bool], unlabelled: Matrix) -> RealismPrior {
        guard data.rows == labels.count, unlabelled.columns == data.columns,
              anchors.allSatisfy({ $0.index < data.columns }) else { return self }
        let evidences = anchors.map { anchor in
            Evidence(scores: (0..<data.rows).map { data[$0, anchor.index] }, labels: labels,
                     unlabelled: (0..<unlabelled.rows).map { unlabelled[$0, anchor.index] })
        }
        var best: Int?
        for (index, evidence) in evidences.enumerated() {
            guard let evidence else { continue }
            if let chosen = best, let leader = evidences[chosen], leader.auc >= evidence.auc { continue }
            best = index
        }
        guard let best, let evidence = evidences[best] else { return self }
        return RealismPrior(anchors: anchors, anchor: anchors[best], evidence: evidence, evidences: evidences)
    }

    /// The prior checked (`checked(on:labels:unlabelled:)`) on the labelled rows of `set` that train: all of them, or those
    /// a held-out test split of `testFraction` leaves (`StratifiedHoldout` with `seed`, as `ModelSelection` draws
    /// it), so that no test label decides the model.
    public func checked(on set: TrainingSet, testFraction: Double, seed: UInt64) -> RealismPrior {
        let rows = testFraction > 0
            ? (try? StratifiedHoldout(set.labels, testFraction: testFraction, seed: seed).training) ?? Array(set.labels.indices)
            : Array(set.labels.indices)
        return checked(on: set.data.selecting(rows: rows), labels: rows.map { set.labels[$0] }, unlabelled: set.unlabelled)
    }

    /// The candidates: standardised L2 logistic regressions of `C` = `strength`, `column` unpenalised, without
    /// and with balanced class weights.
    public var candidates: [ClassifierSpec] {
        ClassWeight.allCases.map { weight in
            ClassifierSpec(StandardisedClassifier(LogisticRegression(C: Self.strength, penalty: .l2, classWeight: weight,
                                                                     unpenalized: [columnIndex])))
        }
    }

    /// The candidates for a table whose unlabelled rows are `pool`, while the prior `holds`: `candidates`, each
    /// self-trained on the pool (`SelfTraining`, its forest seeded with `seed`) when it has at least
    /// `SelfTraining.minimumPool` rows, and each voting with the `challenger` (`SoftVoting`). When the labels
    /// dropped the prior: the `challenger` alone.
    public func candidates(unlabelled pool: Matrix, seed: UInt64) -> [ClassifierSpec] {
        let challenger = Self.challenger(seed: seed)
        guard holds else { return [challenger] }
        let anchored = Self.selfTrains(pool: pool.rows)
            ? candidates.map { ClassifierSpec(SelfTraining(base: $0, pool: pool, trees: Self.forestTrees, seed: seed)) }
            : candidates
        return anchored.map { ClassifierSpec(SoftVoting([$0, challenger])) }
    }

    /// The model the labels must clearly prefer to overturn the prior: `forestTrees` extremely randomised trees
    /// (`RandomForest` with `splitter: .random`) seeded with `seed`, each node trying `challengerFeatures`,
    /// fitted on the labels alone, which bend to any rule on any feature and trust no ranking.
    ///
    /// Extremely randomised trees, not a random forest: a node draws each feature's threshold at random rather
    /// than searching the few dozen values the labels give it, and every tree sees every label rather than a
    /// bootstrap two thirds of them. Their boundary is smoother and varies less from one draw of labels to the
    /// next (Geurts, Ernst and Wehenkel 2006). Over 30 splits of the bench's 17 rules (its 8 and the 9 stress
    /// rules), fifty suggested labels missed 15 of the 68 goals with them, against 20 with the forest, and led
    /// fifty random labels on the median on all 17 rules, against 14. Their mean AUC over the 17 was the same
    /// (−0.0002); the first generator's place rule lost 0.048 (`docs/few-labels.md`, "The challenger's trees").
    public static func challenger(seed: UInt64) -> ClassifierSpec {
        ClassifierSpec(RandomForest(trees: forestTrees, featuresPerNode: challengerFeatures, splitter: .random, seed: seed))
    }

    /// The features each node of the challenger tries: all of them, not scikit-learn's `sqrt(d)`. The challenger
    /// learns from a few dozen labels, where a rule the label-free score does not see is often one feature within
    /// limits (lung area, say): a node that tries 4 of 21 features mostly splits on noise, and so few rows leave
    /// little to decorrelate. Measured with the random forest the challenger was then: over 30 splits of the
    /// bench, fifty suggested labels ranked every one of nine such rules better (by 0.003 to 0.058; the area
    /// rules most) than with `sqrt(d)`, and the bench's own rules within −0.002 … +0.007 (splits 0–9). On rules
    /// written after the choice it is no clean win: those with an area limit gained, two on a bounding box's
    /// width, which many weak columns decide, lost. Over all 23 rules it missed the fewest goals, ahead of half
    /// the features and of letting cross-validation choose (`docs/few-labels.md`, "The challenger's features").
    public static let challengerFeatures = FeaturesPerNode.all

    /// The trees of the challenger and of each self-trained forest. More trees only average away a forest's own
    /// randomness (Breiman 2001): on fifty labels 100 trees left a split's test ROC AUC to the seed by a standard
    /// deviation of 0.001–0.003 on the bench's rules and 0.014 where the forest alone is the model; 500 (with
    /// `TrainingOptions.fewLabelsRepeats`) about halve it, at seconds per run.
    public static let forestTrees = 500

    /// Whether a table of `pool` unlabelled rows self-trains.
    public static func selfTrains(pool: Int) -> Bool { pool >= SelfTraining.minimumPool }

    /// What a training run says it did, for `rows` labelled masks and `pool` unlabelled ones.
    public func note(rows: Int, pool: Int) -> String {
        if let evidence, !holds {
            return "\(rows) labelled masks, fewer than \(Self.maximumRows), but they do not show the label-free ranking "
                + "(ROC AUC \(Self.rounded(evidence.auc)) of \(anchor.score.column) on them\(others), \(Self.rounded(evidence.z)) standard errors above chance, "
                + "fewer than \(Self.rounded(Self.requiredZ(anchors: anchors.count)))"
                + (anchors.count > 1 ? ", the one-sided 5% point for the best of \(anchors.count)" : "") + "): no prior toward it; the model is \(Self.forestTrees) extremely randomised trees "
                + "on the labels alone, each node trying \(Self.challengerFeatures.inWords); --model chooses others"
        }
        return "\(rows) labelled masks, fewer than \(Self.maximumRows): the models are logistic regressions anchored on \(anchor.score.column) "
            + "(its coefficient unpenalised, the other features' shrunk toward 0 at C=\(Self.strength); "
            + "cross-validation, its folds dealt \(TrainingOptions.fewLabelsRepeats) times, chooses between unweighted and balanced classes), "
            + "a prior toward the label-free ranking"
            + (Self.selfTrains(pool: pool)
                ? ", each self-trained on " + (pool > SelfTraining.maximumPool ? "\(SelfTraining.maximumPool) (drawn by the seed) of " : "")
                    + "the \(pool) unlabelled masks (the \(Int(SelfTraining.share * 100))% it ranks highest labelled good "
                    + "and the \(Int(SelfTraining.share * 100))% lowest bad, a random forest of \(Self.forestTrees) trees fitted on those and the labels; "
                    + "the score is the mean of both models' probabilities)"
                : "")
            + ", each voting with \(Self.forestTrees) extremely randomised trees on the labels alone (each node trying \(Self.challengerFeatures.inWords)), "
            + "the score the mean of their probabilities; those trees alone replace them only when their cross-validated score beats theirs by more than "
            + "the standard error of the difference"
            + (evidence.map { "; the labels show the label-free ranking (ROC AUC \(Self.rounded($0.auc)) of \(anchor.score.column) on them\(others)"
                + (anchors.count > 1 ? ", the label-free score they rank best)" : ")") } ?? "")
            + "; --model chooses others"
    }

    /// The labels' ROC AUC of the anchors not chosen, for a note: ", 0.91 of realism_boundary".
    private var others: String {
        zip(anchors, evidences).filter { $0.0 != anchor }.compactMap { other, evidence in
            evidence.map { ", \(Self.rounded($0.auc)) of \(other.score.column)" }
        }.joined()
    }

    private static func rounded(_ value: Double) -> String { "\((value * 1000).rounded() / 1000)" }
}
