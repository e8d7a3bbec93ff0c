import CDenseKernels
import SeededRandom
import Testing

/// A tree node's two passes for a random split, in C, against the plain Swift loops `DecisionTree` ran before:
/// the same range (Swift's `min` and `max`, ties and infinities included) and the same weights on the left.
struct NodeSplitTests {
    @Test func theRangeAndTheLeftWeightsAreThePlainLoops() {
        var random = SeededGenerator(seed: 5)
        for round in 0..<300 {
            let rows = random.integer(below: 60) + 1
            // Few distinct values, so that ties with the threshold and between samples are common.
            let levels = [-Double.infinity, -1, 0, 0.5, 1, .infinity]
            let values = (0..<rows).map { _ in round.isMultiple(of: 3) ? levels[random.integer(below: levels.count)] : random.uniform(-2, 2) }
            let samples = (0..<random.integer(below: rows + 1)).map { _ in random.integer(below: rows) }
            let weights = (0..<rows).map { _ in random.integer(below: 4) }
            let positiveWeights = weights.map { random.integer(below: 2) == 1 ? $0 : 0 }
            let threshold = random.integer(below: 2) == 1 ? levels[random.integer(below: levels.count)] : random.uniform(-2, 2)

            var low = 0.0, high = 0.0
            ganfilter_node_range(values, samples, samples.count, &low, &high)
            let expected = samples.reduce((Double.infinity, -Double.infinity)) { range, sample in
                (min(range.0, values[sample]), max(range.1, values[sample]))
            }
            #expect(low.bitPattern == expected.0.bitPattern && high.bitPattern == expected.1.bitPattern, "round \(round)")

            var left = 0, positives = 0
            ganfilter_node_count_left(values, samples, samples.count, weights, positiveWeights, threshold, &left, &positives)
            let goingLeft = samples.filter { values[$0] <= threshold }
            #expect(left == goingLeft.reduce(0) { $0 + weights[$1] }, "round \(round)")
            #expect(positives == goingLeft.reduce(0) { $0 + positiveWeights[$1] }, "round \(round)")
        }
    }
}
