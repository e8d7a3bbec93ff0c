import Foundation
import Learning
import SeededRandom
import TestSupport
import Testing

/// The distribution-free interval of a quantile against SciPy's binomial distribution
/// (`Tests/Fixtures/make_quantile_interval_golden.py`), its ends as the order statistics of the values, and its
/// coverage on samples whose quantile is known.
struct QuantileIntervalTests {
    private struct Golden: Decodable {
        struct Case: Decodable {
            let count: Int, level: Double, confidence: Double, lower: Int?, upper: Int?
        }
        let cases: [Case]
    }

    @Test func ranksAreSciPysAndTheEndsTheirOrderStatistics() throws {
        let bytes = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/quantile_interval.json")))
        let golden = try JSONDecoder().decode(Golden.self, from: bytes)
        #expect(golden.cases.count > 200)
        var random = SeededGenerator(seed: 41)
        for example in golden.cases {
            let ranks = QuantileInterval.ranks(count: example.count, level: example.level, confidence: example.confidence)
            #expect(ranks.lower == example.lower && ranks.upper == example.upper, "\(example)")
            let values = (0..<example.count).map { _ in random.uniform(-1, 1) }
            let sorted = values.sorted()
            let interval = QuantileInterval(values, level: example.level, confidence: example.confidence)
            #expect(interval.lower == example.lower.map { sorted[$0 - 1] } && interval.upper == example.upper.map { sorted[$0 - 1] })
            #expect(interval.count == example.count)
        }
    }

    /// Of many samples of 138 uniform values, the interval of the 0.05-quantile (0.05) holds it at least 95% of the
    /// time, and not much more; of 20 values it has no lower end, and says so.
    @Test func theIntervalHoldsTheQuantileAsOftenAsItSays() {
        var random = SeededGenerator(seed: 43)
        var held = 0
        let trials = 4000
        for _ in 0..<trials {
            let interval = QuantileInterval((0..<138).map { _ in random.uniform() }, level: 0.05)
            if let lower = interval.lower, let upper = interval.upper, lower <= 0.05, 0.05 <= upper { held += 1 }
        }
        let share = Double(held) / Double(trials)
        #expect(share >= 0.94 && share <= 0.985, "\(share)")
        let few = QuantileInterval((0..<20).map { Double($0) }, level: 0.05)
        #expect(few.lower == nil && few.upper == 3 && few.description == "at most 3.0, with no lower end (95%, order statistic 4 of 20)")
        let many = QuantileInterval((1...138).map(Double.init), level: 0.05)
        #expect(many.description == "2.0 to 13.0 (95%, order statistics 2 and 13 of 138)")
        #expect(QuantileInterval([], level: 0.05).description == "unbounded (95%, 0 values)")
        let outside = QuantileInterval.ranks(count: 10, level: 0, confidence: 0.95)
        #expect(outside.lower == nil && outside.upper == nil)
    }
}
