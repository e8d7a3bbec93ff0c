import Learning
import SeededRandom
import Testing

/// Quantiles by selection against the definition on a sorted copy (NumPy's linear interpolation), on orders
/// that make selection work hardest: sorted, reversed, all equal, few distinct values.
struct QuantileTests {
    /// NumPy's default quantile of `values`, by sorting.
    private func reference(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }

    @Test func selectionGivesTheSortedDefinition() {
        var random = SeededGenerator(seed: 31)
        for trial in 0..<400 {
            let count = random.integer(below: 60) + 1
            var values = (0..<count).map { _ in trial % 3 == 0 ? Double(random.integer(below: 4)) : random.uniform(-5, 5) }
            switch trial % 5 {
            case 1: values.sort()
            case 2: values.sort(by: >)
            case 3: values = values.map { _ in 7 }
            default: break
            }
            let levels = (0..<random.integer(below: 6)).map { _ in random.uniform() } + [0, 1, 0.5]
            let got = Quantile.of(values, at: levels)
            for (level, value) in zip(levels, got) { #expect(value == reference(values, level), "\(values) at \(level)") }
        }
    }

    @Test func emptyValuesHaveNoQuantilesAndLevelsAreClamped() {
        #expect(Quantile.of([], at: 0.5).isNaN)
        #expect(Quantile.of([3, 1, 2], at: -1) == 1 && Quantile.of([3, 1, 2], at: 2) == 3)
    }

    @Test func largeAdversarialOrdersFinish() {
        let equal = [Double](repeating: 1, count: 200_000)
        #expect(Quantile.of(equal, at: [0.25, 0.5, 0.75]) == [1, 1, 1])
        let organPipe = (0..<200_000).map { Double(min($0, 200_000 - $0)) }
        #expect(Quantile.of(organPipe, at: 0.5) == reference(organPipe, 0.5))
    }
}
