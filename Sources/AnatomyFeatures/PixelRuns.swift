import MaskImage

/// The maximal horizontal runs of a mask's foreground (or background) pixels, row by row: the form in which
/// components and holes are found without visiting single pixels.
public struct PixelRuns: Sendable {
    /// One run: columns `start ..< end` of row `y`.
    public struct Run: Equatable, Sendable {
        /// The row.
        public let y: Int
        /// First column of the run.
        public let start: Int
        /// One past its last column.
        public let end: Int
        /// Its pixel count.
        public var length: Int { end - start }
    }

    /// The runs in raster order.
    public let runs: [Run]
    /// `runs[rowStarts[y] ..< rowStarts[y + 1]]` are the runs of row `y`; `height + 1` entries.
    public let rowStarts: [Int]

    /// The runs of `mask`'s foreground, or with `background` of its background.
    public init(_ mask: BinaryMask, background: Bool = false) {
        var runs: [Run] = []
        var rowStarts = [0]
        rowStarts.reserveCapacity(mask.height + 1)
        let words = mask.wordsPerRow
        mask.words.withUnsafeBufferPointer { bits in
            for y in 0..<mask.height {
                let row = y * words
                /// The first column at or after `from` whose pixel is `set` (foreground unless `background`
                /// inverts it); `mask.width` when there is none.
                func next(_ set: Bool, from: Int) -> Int {
                    var index = from / 64
                    guard index < words else { return mask.width }
                    var word = (set != background ? bits[row + index] : ~bits[row + index]) & ~BinaryMask.lowBits(from % 64)
                    while word == 0 {
                        index += 1
                        guard index < words else { return mask.width }
                        word = set != background ? bits[row + index] : ~bits[row + index]
                    }
                    return min(index * 64 + word.trailingZeroBitCount, mask.width)
                }
                var x = next(true, from: 0)
                while x < mask.width {
                    let end = next(false, from: x)
                    runs.append(Run(y: y, start: x, end: end))
                    x = next(true, from: end)
                }
                rowStarts.append(runs.count)
            }
        }
        self.runs = runs
        self.rowStarts = rowStarts
    }

    /// The connected groups of runs: runs in neighbouring rows join when their columns overlap, or with
    /// `diagonal` also when they touch at a corner (8-connectivity; else 4). Each run's group, numbered from
    /// 0 in raster order of the group's first run.
    public func groups(diagonal: Bool) -> (group: [Int32], count: Int) {
        var parent = Array(Int32(0)..<Int32(runs.count))
        func find(_ run: Int32) -> Int32 {
            var root = run
            while parent[Int(root)] != root { root = parent[Int(root)] }
            var node = run
            while parent[Int(node)] != root {
                let up = parent[Int(node)]
                parent[Int(node)] = root
                node = up
            }
            return root
        }
        let reach = diagonal ? 1 : 0
        for y in 1..<max(rowStarts.count - 1, 1) {
            var above = rowStarts[y - 1]
            for current in rowStarts[y]..<rowStarts[y + 1] {
                let run = runs[current]
                // Runs above that end before this one can reach are passed for good: later runs start further right.
                while above < rowStarts[y] && runs[above].end + reach <= run.start { above += 1 }
                var candidate = above
                while candidate < rowStarts[y] && runs[candidate].start < run.end + reach {
                    let a = find(Int32(candidate)), b = find(Int32(current))
                    if a != b { parent[Int(max(a, b))] = min(a, b) }
                    candidate += 1
                }
            }
        }
        // Roots are each group's first run, so numbering them in run order numbers groups in raster order.
        var number = [Int32](repeating: -1, count: runs.count)
        var group = [Int32](repeating: 0, count: runs.count)
        var count: Int32 = 0
        for index in runs.indices {
            let root = Int(find(Int32(index)))
            if number[root] < 0 {
                number[root] = count
                count += 1
            }
            group[index] = number[root]
        }
        return (group, Int(count))
    }
}
