/// Quantiles as NumPy's default `quantile`/`percentile` and pandas' `describe` define them: linear
/// interpolation between the two closest order statistics.
///
/// The order statistics are found by selection, not by sorting: each level partitions only the part of the
/// values its rank can be in (levels in increasing order narrow it further), and a part that partitioning does
/// not shrink quickly enough is sorted instead, so no input takes more than `n log n` steps.
public enum Quantile {
    /// The `levels`-quantiles (each in 0...1) of `values`; NaN for every level when there are no values.
    /// Values are compared with `<`: NaNs have no defined place.
    public static func of(_ values: [Double], at levels: [Double]) -> [Double] {
        guard !values.isEmpty else { return levels.map { _ in .nan } }
        var work = values
        let order = levels.indices.sorted { levels[$0] < levels[$1] }
        var results = [Double](repeating: .nan, count: levels.count)
        work.withUnsafeMutableBufferPointer { work in
            var low = 0  // every rank below it is in place, every value at or above it is no smaller
            for index in order {
                let position = min(max(levels[index], 0), 1) * Double(work.count - 1)
                let lower = Int(position.rounded(.down))
                select(lower, in: work, from: low)
                low = lower
                let below = work[lower]
                // After selection every value past `lower` is no smaller: the next order statistic is their least.
                var above = below
                if lower + 1 < work.count {
                    above = work[lower + 1]
                    for rank in (lower + 2)..<work.count where work[rank] < above { above = work[rank] }
                }
                results[index] = below + (above - below) * (position - Double(lower))
            }
        }
        return results
    }

    /// The `level`-quantile of `values` (NaN when there are none).
    public static func of(_ values: [Double], at level: Double) -> Double { of(values, at: [level])[0] }

    /// Puts the value of rank `rank` at `values[rank]`, the smaller ones before it and the others after, looking
    /// only at `values[start...]` (everything before `start` is already no larger than what follows it).
    private static func select(_ rank: Int, in values: UnsafeMutableBufferPointer<Double>, from start: Int) {
        var low = start, high = values.count - 1
        var budget = 2 * (Int.bitWidth - values.count.leadingZeroBitCount) + 8
        while low < high {
            guard budget > 0 else {
                // Partitioning is not shrinking the range fast enough (an adversarial order): sort what is left.
                var rest = UnsafeMutableBufferPointer(rebasing: values[low...high])
                rest.sort()
                return
            }
            budget -= 1
            // Median of three as the pivot, then Lomuto's partition (bounds checked by index, whatever `<` says).
            let middle = low + (high - low) / 2
            if values[middle] < values[low] { values.swapAt(middle, low) }
            if values[high] < values[low] { values.swapAt(high, low) }
            if values[high] < values[middle] { values.swapAt(high, middle) }
            values.swapAt(middle, high)
            let pivot = values[high]
            var store = low
            for index in low..<high where values[index] < pivot {
                values.swapAt(index, store)
                store += 1
            }
            values.swapAt(store, high)
            if store == rank { return }
            if rank < store { high = store - 1 } else { low = store + 1 }
        }
    }
}
