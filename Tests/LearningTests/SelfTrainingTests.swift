import Foundation
import Learning
import Matrices
import Testing

/// `SelfTraining` through the checks every catalogue model passes (`ModelConformanceTests`), and what it adds:
/// which rows it pseudo-labels, its score, and the records a model file may not hold.
struct SelfTrainingTests {
    /// A few labelled rows and a pool of unlabelled ones from the conformance data.
    static func problem() -> (labelled: Matrix, labels: [Bool], pool: Matrix, poolLabels: [Bool]) {
        let (data, labels) = ModelConformanceTests.data(rows: 600)
        let labelled = Array(0..<45), pool = Array(45..<600)
        return (data.selecting(rows: labelled), labelled.map { labels[$0] }, data.selecting(rows: pool), pool.map { labels[$0] })
    }

    static let base = ClassifierSpec(StandardisedClassifier(LogisticRegression(C: 1, penalty: .l2, classWeight: .none)))

    @Test func itConformsAsTheCatalogueModelsDo() throws {
        let (data, labels, pool, poolLabels) = Self.problem()
        let spec = ClassifierSpec(SelfTraining(base: Self.base, pool: pool, trees: 20, seed: 3))
        #expect(spec.kind == SelfTrainedModel.kind && spec.scoresAreProbabilities)
        #expect(spec.parameters == "C=1;penalty=l2;class_weight=none;pseudo_label_share=0.2;n_estimators=20")
        let fitted = try spec.fit(data, labels)
        let scores = fitted.scores(pool)
        #expect(scores.count == pool.rows && scores.allSatisfy { (0...1).contains($0) })
        #expect(try #require(RankingCurves.rocAUC(labels: poolLabels, scores: scores)) > 0.9)
        #expect(try ClassifierSpec(SelfTraining(base: Self.base, pool: pool, trees: 20, seed: 3)).fit(data, labels).scores(pool) == scores)

        // The score is the mean of the base model's and the forest's probabilities.
        let model = try #require(fitted.model as? SelfTrainedModel)
        #expect(model.forest.trees.count == 20)
        let expected = zip(try Self.base.fit(data, labels).scores(pool), model.forest.probabilities(pool)).map { ($0 + $1) / 2 }
        #expect(scores == expected)

        try ModelConformanceTests.expectRecordRoundTrips(fitted, spec: spec, data: pool)
        ModelConformanceTests.expectOneClassRefused(spec, data: data)
    }

    /// The forest learns from the labels and the pool's ends as the base model ranks them: `floor(0.2 n)` rows
    /// at each end, ties broken by row.
    @Test func thePoolsEndsArePseudoLabelled() {
        #expect(SelfTraining.pseudoLabels([0.5, 0.1, 0.9, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6, 0.0]) == ([9, 1], [6, 2]))
        #expect(SelfTraining.pseudoLabels([0.5, 0.5, 0.5, 0.5, 0.5]) == ([0], [4]))
        #expect(SelfTraining.pseudoLabels([1, 0, 1, 0]) == ([], []))
        #expect(SelfTraining.pseudoLabels([.nan, 1, 2, 3, 4]) == ([0], [4]))
    }

    /// A pool larger than `maximumPool` is sampled by the seed, rows kept in order: the cost stays bounded.
    @Test func aLargePoolIsSampledBySeed() throws {
        let (data, _) = ModelConformanceTests.data(rows: SelfTraining.maximumPool + 500)
        let first = SelfTraining(base: Self.base, pool: data, seed: 5), again = SelfTraining(base: Self.base, pool: data, seed: 5)
        #expect(first.pool.rows == SelfTraining.maximumPool && first.pool == again.pool)
        #expect(SelfTraining(base: Self.base, pool: data, seed: 6).pool != first.pool)
        let small = data.selecting(rows: Array(0..<100))
        #expect(SelfTraining(base: Self.base, pool: small, seed: 5).pool == small)
    }

    @Test func itRefusesWhatItCannotSelfTrainOn() throws {
        let (data, labels, pool, _) = Self.problem()
        let small = pool.selecting(rows: [0, 1, 2, 3])
        #expect(throws: LearningError.self) { try SelfTraining(base: Self.base, pool: small).fit(data, labels) }
        let narrow = try #require(Matrix(rows: 10, columns: 3, values: Array(repeating: 1, count: 30)))
        #expect(throws: LearningError.self) { try SelfTraining(base: Self.base, pool: narrow).fit(data, labels) }
        #expect(throws: LearningError.self) { try SelfTraining(base: ClassifierSpec(Truncation()), pool: pool).fit(data, labels) }
    }

    /// A model file is untrusted: a base that is itself self-trained (records nested without end), a base whose
    /// scores are not probabilities, and a forest on other inputs than the base are refused, naming the field.
    @Test func hostileRecordsAreRefused() throws {
        let (data, labels, pool, _) = Self.problem()
        let spec = ClassifierSpec(SelfTraining(base: Self.base, pool: pool, trees: 2))
        let json = try ModelConformanceTests.recordObject(try spec.fit(data, labels), spec: spec)
        let decodes = ModelConformanceTests.decodesAsRecord
        #expect(decodes(json))
        var nested = json
        nested["base"] = json
        #expect(!decodes(nested))
        var truncation = json
        truncation["base"] = ["kind": "truncation", "parameters": ""]
        #expect(!decodes(truncation))
        var narrower = json
        var base = try #require(json["base"] as? [String: Any])
        for key in ["means", "scales", "coefficients"] {
            base[key] = (base[key] as? [Double])?.dropLast().map { $0 }
        }
        narrower["base"] = base
        #expect(!decodes(narrower))
        var noForest = json
        noForest["forest"] = nil
        #expect(!decodes(noForest))
    }
}
