import Foundation
import Learning
import Matrices
import Testing

/// `SoftVoting` through the checks every catalogue model passes (`ModelConformanceTests`), its score, and the
/// records a model file may not hold.
struct SoftVotingTests {
    static let regression = ClassifierSpec(StandardisedClassifier(LogisticRegression(C: 1, penalty: .l2, classWeight: .none)))
    static let trees = ClassifierSpec(RandomForest(trees: 20, featuresPerNode: .all, splitter: .random, seed: 3))

    /// A vote of a self-trained regression and extremely randomised trees, as `RealismPrior` makes it.
    static func spec(pool: Matrix) -> ClassifierSpec {
        ClassifierSpec(SoftVoting([ClassifierSpec(SelfTraining(base: regression, pool: pool, trees: 20, seed: 3)), trees]))
    }

    @Test func itConformsAsTheCatalogueModelsDo() throws {
        let (data, labels, pool, poolLabels) = SelfTrainingTests.problem()
        let spec = Self.spec(pool: pool)
        #expect(spec.kind == SoftVotingModel.kind && spec.scoresAreProbabilities)
        #expect(spec.parameters == "self-trained(C=1;penalty=l2;class_weight=none;pseudo_label_share=0.2;n_estimators=20)"
            + "|forest(n_estimators=20;max_features=all;splitter=random;bootstrap=false)")
        let fitted = try spec.fit(data, labels)
        let scores = fitted.scores(pool)
        #expect(scores.count == pool.rows && scores.allSatisfy { (0...1).contains($0) })
        #expect(try #require(RankingCurves.rocAUC(labels: poolLabels, scores: scores)) > 0.9)
        #expect(try Self.spec(pool: pool).fit(data, labels).scores(pool) == scores)

        // The score is the mean of the members' probabilities, each fitted on the same rows as alone.
        let model = try #require(fitted.model as? SoftVotingModel)
        #expect(model.members.map(\.kind) == [SelfTrainedModel.kind, "forest"])
        let first = try ClassifierSpec(SelfTraining(base: Self.regression, pool: pool, trees: 20, seed: 3)).fit(data, labels).scores(pool)
        let second = try Self.trees.fit(data, labels).scores(pool)
        #expect(zip(scores, zip(first, second)).allSatisfy { abs($0 - ($1.0 + $1.1) / 2) < 1e-15 })

        try ModelConformanceTests.expectRecordRoundTrips(fitted, spec: spec, data: pool)
        ModelConformanceTests.expectOneClassRefused(spec, data: data)
    }

    /// No members, too many, a vote among them and a member whose scores are not probabilities are refused.
    @Test func itRefusesWhatItCannotAverage() throws {
        let (data, labels, _, _) = SelfTrainingTests.problem()
        #expect(throws: LearningError.self) { try SoftVoting([]).fit(data, labels) }
        let many = Array(repeating: Self.regression, count: SoftVoting.maximumMembers + 1)
        #expect(throws: LearningError.self) { try SoftVoting(many).fit(data, labels) }
        let nested = ClassifierSpec(SoftVoting([Self.regression]))
        #expect(throws: LearningError.self) { try SoftVoting([nested, Self.regression]).fit(data, labels) }
        #expect(throws: LearningError.self) { try SoftVoting([ClassifierSpec(Truncation()), Self.regression]).fit(data, labels) }
        #expect(try SoftVoting([Self.regression]).fit(data, labels).scores(data) == Self.regression.fit(data, labels).scores(data))
    }

    /// A model file is untrusted: a vote nested in a vote, or in a self-trained model's base (records nested
    /// without end), a member whose scores are not probabilities, members on other inputs, no members or too
    /// many are refused, naming the field.
    @Test func hostileRecordsAreRefused() throws {
        let (data, labels, pool, _) = SelfTrainingTests.problem()
        let spec = Self.spec(pool: pool)
        let json = try ModelConformanceTests.recordObject(try spec.fit(data, labels), spec: spec)
        let decodes = ModelConformanceTests.decodesAsRecord
        #expect(decodes(json))
        let members = try #require(json["members"] as? [[String: Any]])
        var nested = json
        nested["members"] = [json, members[1]]
        #expect(!decodes(nested))
        var selfTrainedVote = members[0]
        selfTrainedVote["base"] = json
        var deep = json
        deep["members"] = [selfTrainedVote, members[1]]
        #expect(!decodes(deep))
        var truncation = json
        truncation["members"] = [["kind": "truncation", "parameters": ""], members[1]]
        #expect(!decodes(truncation))
        var empty = json
        empty["members"] = [[String: Any]]()
        #expect(!decodes(empty))
        var crowded = json
        crowded["members"] = Array(repeating: members[1], count: SoftVoting.maximumMembers + 1)
        #expect(!decodes(crowded))
        let threeColumns = try #require(Matrix(rows: data.rows, columns: 3, values: (0..<data.rows).flatMap { data.row($0).prefix(3) }))
        var narrower = json
        narrower["members"] = [members[0], try ModelConformanceTests.recordObject(try Self.trees.fit(threeColumns, labels), spec: Self.trees)]
        #expect(!decodes(narrower))
        var unknown = json
        unknown["members"] = [["kind": "oracle", "parameters": ""]]
        #expect(!decodes(unknown))
    }
}
