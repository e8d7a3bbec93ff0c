import Learning
import SeededRandom
import Testing

/// `RankingCurves.rocAUC(labels:scores:weights:)` by what a weight means: weights of 1 give the unweighted AUC,
/// and a whole weight counts as that many copies of its row. (Its values against scikit-learn's
/// `roc_auc_score(sample_weight=...)` are in `RealismPriorTests`, through the prior's evidence.)
struct WeightedRocAUCTests {
    /// Scores on a coarse grid (ties within and across the classes) and labels leaning with them.
    private func sample(_ count: Int, seed: UInt64) -> (labels: [Bool], scores: [Double]) {
        var generator = SeededGenerator(seed: seed)
        let scores = (0..<count).map { _ in (generator.uniform() * 8).rounded(.down) }
        let labels = scores.map { generator.uniform() < 0.2 + 0.08 * $0 }
        return (labels, scores)
    }

    @Test func weightsOfOneGiveTheUnweightedAUC() throws {
        for seed in 0..<5 as Range<UInt64> {
            let (labels, scores) = sample(60, seed: seed)
            let plain = try #require(RankingCurves.rocAUC(labels: labels, scores: scores))
            let weighted = try #require(RankingCurves.rocAUC(labels: labels, scores: scores, weights: scores.map { _ in 1 }))
            #expect(abs(plain - weighted) <= 1e-12)
        }
    }

    @Test func aWholeWeightCountsAsThatManyCopies() throws {
        let (labels, scores) = sample(50, seed: 9)
        let weights = scores.indices.map { Double($0 % 4) }
        var copiedLabels: [Bool] = [], copiedScores: [Double] = []
        for (index, weight) in weights.enumerated() {
            copiedLabels += Array(repeating: labels[index], count: Int(weight))
            copiedScores += Array(repeating: scores[index], count: Int(weight))
        }
        let copied = try #require(RankingCurves.rocAUC(labels: copiedLabels, scores: copiedScores))
        let weighted = try #require(RankingCurves.rocAUC(labels: labels, scores: scores, weights: weights))
        #expect(abs(copied - weighted) <= 1e-12)
        // One class, or lengths that differ: no AUC.
        #expect(RankingCurves.rocAUC(labels: [true, true], scores: [1, 2], weights: [1, 1]) == nil)
        #expect(RankingCurves.rocAUC(labels: [true, false], scores: [1, 2], weights: [1]) == nil)
        #expect(RankingCurves.rocAUC(labels: [true, false], scores: [1, 2], weights: [1, 0]) == nil)
    }
}
