@testable import Learning
import SeededRandom
import Testing

/// The tree's sort against the standard library's: the same values in order, the same samples with them, for
/// every size the recursion cuts at (insertion sort, partitions, the heapsort fallback on many equal values).
struct KeyedSortTests {
    @Test func sortsLikeTheStandardLibrary() {
        var random = SeededGenerator(seed: 5)
        for count in Array(0...70) + [100, 1000, 5000] {
            for kind in 0..<4 {
                var items: [KeyedSort.Keyed] = (0..<count).map { sample in
                    switch kind {
                    case 0: (random.uniform(-3, 3), sample)
                    case 1: (Double(random.integer(below: 4)), sample)  // many equal values
                    case 2: (Double(sample), sample)  // already sorted
                    default: (kind == 3 && sample % 2 == 0 ? -0.0 : 0.0, sample)  // signed zeros, all equal
                    }
                }
                let expected = items.sorted { ($0.value, $0.sample) < ($1.value, $1.sample) }
                items.withUnsafeMutableBufferPointer { KeyedSort.sort($0) }
                #expect(zip(items, items.dropFirst()).allSatisfy { $0.value <= $1.value }, "\(count), kind \(kind)")
                // The same (value, sample) pairs: sorted by sample within equal values, the lists agree.
                let again = items.sorted { ($0.value, $0.sample) < ($1.value, $1.sample) }
                #expect(again.map(\.sample) == expected.map(\.sample) && again.map(\.value) == expected.map(\.value), "\(count), kind \(kind)")
            }
        }
    }
}
