import Foundation
@testable import Learning
import SeededRandom
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

    /// None or all of the images good: the bootstrap draws the same count every time, and the interval held only
    /// the point. Now each precision's holds Wilson's interval (SciPy's `binomtest(k, n).proportion_ci(method="wilson")`),
    /// and the speed-up's the after count's over the before precision.
    @Test func noneOrAllGoodStillHaveAnInterval() throws {
        let all = SpeedUp(before: try #require(GoodCount(good: 433, total: 10_000)), after: try #require(GoodCount(good: 10, total: 10)))
        let result = all.estimates(replicates: 2_000)
        let afterLow = try #require(result.precisionAfter.low)
        #expect(abs(afterLow - 0.7224672001371109) < 1e-12 && result.precisionAfter.high == 1)
        let (value, low, high) = (try #require(result.speedup.value), try #require(result.speedup.low), try #require(result.speedup.high))
        #expect(abs(low - 0.7224672001371109 / 0.0433) < 1e-9 && high > value)
        let none = SpeedUp(before: try #require(GoodCount(good: 0, total: 10)), after: try #require(GoodCount(good: 3, total: 10)))
        let estimates = none.estimates(replicates: 2_000)
        let (beforeHigh, afterHigh) = (try #require(estimates.precisionBefore.high), try #require(estimates.precisionAfter.high))
        #expect(estimates.precisionBefore.low == 0 && abs(beforeHigh - 0.27753279986288926) < 1e-12)
        // 3 of 10: Wilson's 0.1078-0.6032 lies within the bootstrap's reach below and beyond it above.
        #expect(abs(afterHigh - 0.6032218525388546) < 1e-12)
    }

    @Test func undefinedWhenTheBaseHasNoGoodImages() throws {
        let speedup = SpeedUp(before: try #require(GoodCount(good: 0, total: 50)), after: try #require(GoodCount(good: 2, total: 10)))
        let result = speedup.estimates(replicates: 500)
        #expect(result.speedup.value == nil && result.speedup.low == nil)
        let rare = SpeedUp(before: try #require(GoodCount(good: 1, total: 50)), after: try #require(GoodCount(good: 2, total: 10)))
        #expect(rare.estimates(replicates: 500).speedup.low == nil, "p1* = 0 in about a third of the replicates: no honest interval")
    }

    @Test func splitEvaluationWithCostFollowsTheFormulaAndIsBracketed() throws {
        // 1,000 rows, 50 good; the threshold accepts 200 rows of which 30 good: p1 0.05, p2 0.15, R 0.2.
        var labels: [Bool] = [], scores: [Double] = []
        for row in 0..<1000 {
            let accepted = row < 200
            labels.append(accepted ? row < 30 : row < 220)
            scores.append(accepted ? 1 : 0)
        }
        let cost = ScreeningCost(generationSeconds: 2, screenSeconds: 0.01)
        let evaluation = SplitEvaluation(labels: labels, scores: scores, threshold: 0.5, replicates: 800, seed: 3, cost: cost)
        let expected = (2 / 0.05) / (2 / 0.15 + 0.01 / (0.15 * 0.2))
        let withCost = try #require(evaluation.speedupWithCost)
        #expect(abs(try #require(withCost.value) - expected) < 1e-12)
        #expect(try #require(withCost.low) < expected && expected < (try #require(withCost.high)))
        // The screen's cost only ever lowers the speed-up.
        #expect(try #require(withCost.value) < (try #require(evaluation.speedup.value)))
        #expect(SplitEvaluation(labels: labels, scores: scores, threshold: 0.5).speedupWithCost == nil)
    }

    @Test(arguments: [(20, 0.3), (1000, 0.02), (10_000, 0.07), (10_000, 0.5), (400, 0.9), (50_000, 0.995)])
    func binomialDrawsHaveTheBinomialMeanAndVariance(n: Int, p: Double) {
        var random = SeededGenerator(seed: 99)
        let draws = (0..<20_000).map { _ in Double(SpeedUp.binomial(n, p, &random)) }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count - 1)
        let expectedVariance = Double(n) * p * (1 - p)
        // Five standard errors of the mean; the variance within 5%.
        #expect(abs(mean - Double(n) * p) < 5 * (expectedVariance / Double(draws.count)).squareRoot(), "mean \(mean)")
        #expect(abs(variance / expectedVariance - 1) < 0.05, "variance \(variance) vs \(expectedVariance)")
        #expect(draws.allSatisfy { $0 >= 0 && $0 <= Double(n) })
    }

    @Test func binomialFromTheModeMatchesTheProbabilities() {
        // n p = 60: drawn from the mode. Observed frequencies against the binomial probabilities (chi-square).
        let n = 200, p = 0.3, count = 100_000
        var random = SeededGenerator(seed: 5)
        var observed = [Double](repeating: 0, count: n + 1)
        for _ in 0..<count { observed[SpeedUp.binomial(n, p, &random)] += 1 }
        var chiSquare = 0.0, cells = 0
        for k in 0...n {
            let logChoose: Double = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
            let logP: Double = logChoose + Double(k) * log(p) + Double(n - k) * log(1 - p)
            let expected = exp(logP) * Double(count)
            guard expected >= 5 else { continue }
            chiSquare += (observed[k] - expected) * (observed[k] - expected) / expected
            cells += 1
        }
        // The 99.9th percentile of chi-square with about 40 degrees of freedom is about 73.4.
        #expect(cells > 30 && chiSquare < 80, "chi-square \(chiSquare) over \(cells) cells")
    }
}

/// Intervals on a split of few rows hold Wilson's score interval of the precision.
struct FewRowIntervalTests {
    /// SciPy's `binomtest(k, n).proportion_ci(0.95, method="wilson")`.
    @Test func wilsonAgreesWithSciPy() throws {
        let cases: [(Int, Int, Double, Double)] = [(5, 5, 0.5655175352168251, 1), (3, 10, 0.10779126740630102, 0.6032218525388546),
                                                   (0, 4, 0, 0.4898908364545973), (17, 23, 0.5352999516257464, 0.8745138395501366)]
        for (k, n, low, high) in cases {
            let interval = try #require(SplitEvaluation.wilsonInterval(successes: k, trials: n))
            #expect(abs(interval.low - low) <= 1e-12 && abs(interval.high - high) <= 1e-12, "\(k)/\(n): \(interval)")
        }
        #expect(SplitEvaluation.wilsonInterval(successes: 0, trials: 0) == nil)
    }

    /// Five accepted rows, all good: the bootstrap alone says precision 1 for certain; widened, the interval admits
    /// what five rows cannot rule out, whatever the split's size; so does a thousand accepted, all good. On 400
    /// accepted rows, 300 good, the bootstrap's interval stands, within its noise of Wilson's.
    @Test func intervalsHoldWilsonsWhereTheBootstrapFails() throws {
        for rows in [20, 5_000] {
            let labels = Array(repeating: true, count: 5) + (0..<(rows - 5)).map { $0 % 3 == 0 }
            let scores = (0..<rows).map { Double(rows - $0) }
            let widened = SplitEvaluation(labels: labels, scores: scores, threshold: Double(rows - 4), replicates: 500, seed: 3)
            #expect(widened.confusion.accepted == 5)
            #expect(abs((widened.precision.low ?? 1) - 0.5655175352168251) <= 1e-12 && widened.precision.high == 1, "\(rows)")
            let base = try #require(widened.confusion.basePrecision)
            #expect(abs((widened.speedup.low ?? 0) - 0.5655175352168251 / base) <= 1e-12)
            #expect((widened.speedup.high ?? 0) >= 1 / base)
        }
        let allGood = SplitEvaluation(labels: (0..<3_000).map { $0 < 1_000 || $0 % 2 == 0 }, scores: (0..<3_000).map { Double(3_000 - $0) },
                                      threshold: 2_001, replicates: 500, seed: 3)
        #expect(allGood.confusion.accepted == 1_000 && allGood.precision.high == 1)
        #expect(abs((allGood.precision.low ?? 1) - (SplitEvaluation.wilsonInterval(successes: 1_000, trials: 1_000)?.low ?? 0)) <= 1e-12)
        // 400 accepted of 1,000, 300 of them good.
        let labels = (0..<1_000).map { $0 < 400 ? $0 % 4 != 0 : $0 % 2 == 0 }
        let scores = (0..<1_000).map { Double(1_000 - $0) }
        let many = SplitEvaluation(labels: labels, scores: scores, threshold: 601, replicates: 500, seed: 3)
        #expect(many.confusion.accepted == 400)
        #expect(SplitEvaluation.wilsonWhereBootstrapFails(successes: 300, trials: 400) == nil)
        let wilson = try #require(SplitEvaluation.wilsonInterval(successes: 300, trials: 400))
        let (low, high) = (try #require(many.precision.low), try #require(many.precision.high))
        #expect(abs(low - wilson.low) < 0.01 && abs(high - wilson.high) < 0.01 && (low != wilson.low || high != wilson.high))
    }
}
