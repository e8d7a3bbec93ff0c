import Foundation
import LatentPrefilter
import Testing

struct SpeedUpTests {
    @Test func formulaOfDesign() throws {
        #expect(SpeedUp.ratio(p1: 0.04, p2: 0.08) == 2)
        #expect(SpeedUp.ratio(p1: 0, p2: 0.08) == nil)
        // Free screening gives the plain ratio; t0 = 1, c = 0.5, r = 0.25: (1/0.04) / (1/0.08 + 0.5/(0.08*0.25)) = 25/37.5.
        #expect(SpeedUp.withCost(p1: 0.04, p2: 0.08, generationSeconds: 1, screenSeconds: 0, passRate: 0.3) == 2)
        let costed = try #require(SpeedUp.withCost(p1: 0.04, p2: 0.08, generationSeconds: 1, screenSeconds: 0.5, passRate: 0.25))
        #expect(abs(costed - 25.0 / 37.5) < 1e-12)
    }

    @Test func countsParse() {
        #expect(GoodCount("43/1000") == GoodCount(good: 43, total: 1000))
        #expect(GoodCount(" 3 / 20 ")?.precision == 0.15)
        for bad in ["", "3", "3/0", "5/4", "-1/4", "a/b", "1/2/3"] { #expect(GoodCount(bad) == nil, "\(bad)") }
    }

    @Test func intervalsCoverThePointAndAreSeeded() throws {
        let speedup = SpeedUp(before: try #require(GoodCount(good: 433, total: 10_000)),
                              after: try #require(GoodCount(good: 80, total: 1_000)))
        let a = speedup.estimates(seed: 1)
        let b = speedup.estimates(seed: 1)
        #expect(a.speedup == b.speedup)
        let value = try #require(a.speedup.value)
        let low = try #require(a.speedup.low)
        let high = try #require(a.speedup.high)
        #expect(low < value && value < high)
        // Binomial standard errors: p2 = 0.08 +- 0.0086 over 1,000; the 95% interval is about +- 1.96 se.
        let p2Low = try #require(a.precisionAfter.low)
        #expect(abs((0.08 - p2Low) - 1.96 * (0.08 * 0.92 / 1000).squareRoot()) < 0.003)
        #expect(a.speedupWithCost == nil)
    }

    @Test func undefinedWhenTheBaseHasNoGoodImages() throws {
        let speedup = SpeedUp(before: try #require(GoodCount(good: 0, total: 50)), after: try #require(GoodCount(good: 2, total: 10)))
        let result = speedup.estimates(replicates: 500)
        #expect(result.speedup.value == nil && result.speedup.low == nil)
        let rare = SpeedUp(before: try #require(GoodCount(good: 1, total: 50)), after: try #require(GoodCount(good: 2, total: 10)))
        #expect(rare.estimates(replicates: 500).speedup.low == nil, "p1* = 0 in about a third of the replicates: no honest interval")
    }
}
