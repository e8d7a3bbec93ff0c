/// Sorts a decision tree node's samples by their value of one feature, as scikit-learn's splitter does:
/// introsort (quicksort on the median of three, heapsort where the quicksort goes deeper than twice the
/// logarithm of the count, insertion sort below 16), its partition free of branches on the values. It is not stable, and need not be: a split falls only
/// between different values, so the rows on each side, and the tree, do not depend on how ties are ordered.
/// Several times as fast as the standard library's stable sort, which merges through a buffer and a closure.
enum KeyedSort {
    /// A value with the sample it belongs to.
    typealias Keyed = (value: Double, sample: Int)

    /// Sorts `items` by value, ascending. The values must not be NaN.
    static func sort(_ items: UnsafeMutableBufferPointer<Keyed>) {
        guard let base = items.baseAddress, items.count > 1 else { return }
        introsort(base, items.count, depthLimit: 2 * (Int.bitWidth - items.count.leadingZeroBitCount))
    }

    private static func introsort(_ items: UnsafeMutablePointer<Keyed>, _ count: Int, depthLimit: Int) {
        var items = items, count = count, depthLimit = depthLimit
        while count > 16 {
            if depthLimit == 0 {
                heapsort(items, count)
                return
            }
            depthLimit -= 1
            // The median of the first, middle and last values as the pivot, held at the end; then a partition
            // without branches on the values (Lomuto's, each item swapped with the first not below the pivot,
            // which keeps the order of the two parts), and the pivot put between the parts.
            swapAt(items, medianIndex(items, 0, count / 2, count - 1), count - 1)
            let pivot = items[count - 1].value
            var store = 0
            for index in 0..<count - 1 {
                let item = items[index]
                items[index] = items[store]
                items[store] = item
                // 1 when the value is below the pivot: the sign of the difference, which the compiler cannot
                // turn back into a branch (a -0 against a +0 pivot counts as below: the parts stay ordered).
                store &+= Int(truncatingIfNeeded: (item.value - pivot).bitPattern >> 63)
            }
            swapAt(items, store, count - 1)
            // Recurse into the smaller side, loop on the larger: the stack stays logarithmic.
            if store < count - store - 1 {
                introsort(items, store, depthLimit: depthLimit)
                items += store + 1
                count -= store + 1
            } else {
                introsort(items + store + 1, count - store - 1, depthLimit: depthLimit)
                count = store
            }
        }
        insertionSort(items, count)
    }

    /// The index of the median of the values at `a`, `b` and `c`.
    @inline(__always)
    private static func medianIndex(_ items: UnsafeMutablePointer<Keyed>, _ a: Int, _ b: Int, _ c: Int) -> Int {
        let x = items[a].value, y = items[b].value, z = items[c].value
        return x < y ? (y < z ? b : (x < z ? c : a)) : (x < z ? a : (y < z ? c : b))
    }

    @inline(__always)
    private static func swapAt(_ items: UnsafeMutablePointer<Keyed>, _ i: Int, _ j: Int) {
        let held = items[i]
        items[i] = items[j]
        items[j] = held
    }

    private static func insertionSort(_ items: UnsafeMutablePointer<Keyed>, _ count: Int) {
        guard count > 1 else { return }
        for index in 1..<count {
            let held = items[index]
            var slot = index
            while slot > 0, items[slot - 1].value > held.value {
                items[slot] = items[slot - 1]
                slot -= 1
            }
            items[slot] = held
        }
    }

    private static func heapsort(_ items: UnsafeMutablePointer<Keyed>, _ count: Int) {
        func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while 2 * root + 1 < end {
                var child = 2 * root + 1
                if child + 1 < end, items[child].value < items[child + 1].value { child += 1 }
                guard items[root].value < items[child].value else { return }
                swapAt(items, root, child)
                root = child
            }
        }
        for start in stride(from: count / 2 - 1, through: 0, by: -1) { siftDown(start, count) }
        for end in stride(from: count - 1, to: 0, by: -1) {
            swapAt(items, 0, end)
            siftDown(0, end)
        }
    }
}
