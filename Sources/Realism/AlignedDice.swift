import CBitCount
import FileIO
import MaskImage

/// The Dice overlap of two masks of one size after translating the second so that its foreground centroid
/// falls on the first's: `2 |A ∧ B'| / (|A| + |B'|)`, `B'` = `B` shifted by `(dx, dy)` = the centroid
/// difference rounded half up (`floor(d + 0.5)`), pixels shifted out of the frame dropped. Exact, on the
/// bit-packed rows.
public struct AlignedMask: Sendable {
    /// The mask's width and height, and the words of one of its rows.
    public let width: Int, height: Int
    let wordsPerRow: Int
    /// Its foreground pixel count.
    public let count: Int
    /// Its foreground centroid (column, row); nil for an empty mask.
    public let centroid: (x: Double, y: Double)?
    /// First and last foreground row and column; meaningless for an empty mask.
    let rows: ClosedRange<Int>, columns: ClosedRange<Int>
    /// Foreground pixels per row and per column.
    let rowCounts: [Int32], columnCounts: [Int32]
    /// The mask's rows of `rows` (no other row has foreground), each between `wordsPerRow` zero words on either
    /// side, so that a shift by any column count reads words without bounds checks or edge cases: `2 * wordsPerRow`
    /// words a row, and one more empty row. The mask is kept only so (`mask` makes it again): a reference of
    /// 10,000 masks holds each once.
    let paddedRows: [UInt64]

    /// The mask, made again from its rows.
    public var mask: BinaryMask {
        var words = [UInt64](repeating: 0, count: wordsPerRow * height)
        for y in rows where y < height {
            let at = paddedStart(ofRow: y)
            for index in 0..<wordsPerRow { words[y * wordsPerRow + index] = paddedRows[at + index] }
        }
        return BinaryMask(width: width, height: height, words: words) ?? BinaryMask(width: width, height: height)
    }

    /// Whether `other` holds the very same mask, wherever it lies in the frame: the same size, pixel count and
    /// extent, and every pixel of it on one of this mask's once its extent is moved onto this one's (an empty
    /// mask has no meaningful extent). Every realism score aligns or centres the masks it compares, so a moved
    /// copy is the same real mask to each of them.
    func isSame(as other: AlignedMask) -> Bool {
        guard width == other.width, height == other.height, count == other.count else { return false }
        guard count > 0 else { return true }
        guard rows.count == other.rows.count, columns.count == other.columns.count else { return false }
        let dx = columns.lowerBound - other.columns.lowerBound, dy = rows.lowerBound - other.rows.lowerBound
        return overlapCounts(other, dx: dx, dy: dy, rows: rows, countShifted: false).intersection == count
    }

    /// Whether the foreground reaches all four edges of the image, as no lung mask's does but an inverted one's
    /// (the lungs dark on a light ground) does: `BinaryMask.reachesEveryEdge` of `mask`, read off the extents kept
    /// here without making the mask again.
    var reachesEveryEdge: Bool {
        count > 0 && rows == 0...(height - 1) && columns == 0...(width - 1)
    }

    /// Whether the foreground lies wholly on one side of the centre column `(width - 1) / 2`, as one lung's does.
    var liesOnOneSide: Bool {
        count > 0 && (2 * columns.upperBound < width - 1 || 2 * columns.lowerBound > width - 1)
    }

    /// A key equal for the same masks wherever they lie (`isSame(as:)`; unequal masks may share one): FNV-1a of
    /// the pixel count, the extent's width and the row counts over the extent, two to a word (the last of an odd
    /// count left out).
    var sameMaskKey: UInt64 {
        var hash = FNV1a()
        hash.add(bytesOf: UInt64(count))
        hash.add(bytesOf: UInt64(count == 0 ? 0 : columns.count))
        if count > 0 { rowCounts[rows].withUnsafeBytes { hash.add(words: $0) } }
        return hash.value
    }

    /// Where row `y` of `rows` begins in `paddedRows`; the `wordsPerRow` words before it are empty.
    func paddedStart(ofRow y: Int) -> Int {
        Self.paddedStart(ofRow: y, first: rows.lowerBound, words: wordsPerRow)
    }

    private static func paddedStart(ofRow y: Int, first: Int, words: Int) -> Int {
        (2 * (y - first) + 1) * words
    }

    /// Measures `mask` once for many comparisons.
    public init(_ mask: BinaryMask) {
        width = mask.width
        height = mask.height
        wordsPerRow = mask.wordsPerRow
        var count = 0, columnSum = 0, rowSum = 0
        var firstRow = Int.max, lastRow = -1, firstColumn = Int.max, lastColumn = -1
        let words = mask.wordsPerRow, maskRows = mask.height
        var rowCounts = [Int32](repeating: 0, count: maskRows)
        // Whole words of columns (bits past the width are 0). A column's count is gathered first in one byte of a
        // word for each byte of the row words (`byteSpreads`), eight columns an addition, and moved into the
        // counts before a byte can pass 255.
        var columnCounts = [Int32](repeating: 0, count: words * 64)
        var gathered = [UInt64](repeating: 0, count: words * 8)
        // A reference of 10,000 masks is measured on every start, so the loops read through buffers.
        mask.words.withUnsafeBufferPointer { maskWords in
            rowCounts.withUnsafeMutableBufferPointer { rowCounts in
                columnCounts.withUnsafeMutableBufferPointer { columnCounts in
                    gathered.withUnsafeMutableBufferPointer { gathered in
                        Self.byteSpreads.withUnsafeBufferPointer { spreads in
                            func moveGathered() {
                                for slot in 0..<gathered.count where gathered[slot] != 0 {
                                    for k in 0..<8 { columnCounts[slot &* 8 &+ k] &+= Int32(truncatingIfNeeded: (gathered[slot] &>> UInt64(8 &* k)) & 0xff) }
                                    gathered[slot] = 0
                                }
                            }
                            var rowsGathered = 0
                            for y in 0..<maskRows {
                                var inRow = 0
                                for wordIndex in 0..<words {
                                    let word = maskWords[y &* words &+ wordIndex]
                                    guard word != 0 else { continue }
                                    inRow &+= word.nonzeroBitCount
                                    firstColumn = min(firstColumn, wordIndex &* 64 &+ word.trailingZeroBitCount)
                                    lastColumn = max(lastColumn, wordIndex &* 64 &+ 63 &- word.leadingZeroBitCount)
                                    var rest = word, slot = wordIndex &* 8
                                    while rest != 0 {
                                        gathered[slot] &+= spreads[Int(truncatingIfNeeded: rest & 0xff)]
                                        rest &>>= 8
                                        slot &+= 1
                                    }
                                }
                                guard inRow > 0 else { continue }
                                rowCounts[y] = Int32(inRow)
                                count &+= inRow
                                rowSum &+= inRow &* y
                                firstRow = min(firstRow, y)
                                lastRow = y
                                rowsGathered &+= 1
                                if rowsGathered == 255 {
                                    moveGathered()
                                    rowsGathered = 0
                                }
                            }
                            moveGathered()
                        }
                    }
                }
            }
        }
        let extent = count == 0 ? 0...0 : firstRow...lastRow
        var padded = [UInt64](repeating: 0, count: (2 * extent.count + 1) * words)
        padded.withUnsafeMutableBufferPointer { padded in
            mask.words.withUnsafeBufferPointer { maskWords in
                // An empty mask's rows are all zero (and a mask of no rows has none to read).
                for y in extent where count > 0 {
                    let at = Self.paddedStart(ofRow: y, first: extent.lowerBound, words: words)
                    for wordIndex in 0..<words { padded[at &+ wordIndex] = maskWords[y &* words &+ wordIndex] }
                }
            }
        }
        columnCounts.removeLast(columnCounts.count - mask.width)
        for (column, pixels) in columnCounts.enumerated() { columnSum += column * Int(pixels) }
        self.count = count
        centroid = count == 0 ? nil : (Double(columnSum) / Double(count), Double(rowSum) / Double(count))
        rows = extent
        columns = count == 0 ? 0...0 : firstColumn...lastColumn
        paddedRows = padded
        self.rowCounts = rowCounts
        self.columnCounts = columnCounts
    }

    /// For each byte value, its eight bits as the eight bytes of a word (bit 0 in the lowest byte), each 0 or 1.
    private static let byteSpreads: [UInt64] = (0..<256).map { (byte: Int) -> UInt64 in
        var spread: UInt64 = 0
        for bit in 0..<8 where (byte >> bit) & 1 == 1 { spread |= UInt64(1) << UInt64(8 * bit) }
        return spread
    }

    /// How `other` moves onto this mask: the shift and whether all of it stays in the frame; nil when either
    /// is empty or the sizes differ.
    func alignment(_ other: AlignedMask) -> (dx: Int, dy: Int, inFrame: Bool)? {
        guard let a = centroid, let b = other.centroid, width == other.width, height == other.height else {
            return nil
        }
        let (dx, dy) = Self.shift(from: b, onto: a)
        let inFrame = other.columns.lowerBound + dx >= 0 && other.columns.upperBound + dx < width
            && other.rows.lowerBound + dy >= 0 && other.rows.upperBound + dy < height
        return (dx, dy, inFrame)
    }

    /// The move that takes a centroid at `b` onto one at `a`: the difference rounded half up on each axis.
    @inline(__always)
    static func shift(from b: (x: Double, y: Double), onto a: (x: Double, y: Double)) -> (dx: Int, dy: Int) {
        (Int((a.x - b.x + 0.5).rounded(.down)), Int((a.y - b.y + 0.5).rounded(.down)))
    }

    /// The Dice overlap with `other` aligned onto this mask; 0 when either is empty or the sizes differ.
    public func dice(_ other: AlignedMask) -> Double {
        guard let (dx, dy, inFrame) = alignment(other) else { return 0 }
        if inFrame {
            // Only rows where both masks have foreground can overlap.
            let from = max(rows.lowerBound, other.rows.lowerBound + dy), to = min(rows.upperBound, other.rows.upperBound + dy)
            guard from <= to else { return 0 }
            let overlap = overlapCounts(other, dx: dx, dy: dy, rows: from...to, countShifted: false)
            return 2 * Double(overlap.intersection) / Double(count + other.count)
        }
        // Every row of the other mask that stays in the frame counts towards |B'|.
        let from = max(0, other.rows.lowerBound + dy), to = min(height - 1, other.rows.upperBound + dy)
        guard from <= to else { return 0 }
        let overlap = overlapCounts(other, dx: dx, dy: dy, rows: from...to, countShifted: true)
        return 2 * Double(overlap.intersection) / Double(count + overlap.shifted)
    }

    /// An upper bound of `dice(other)`, at a few percent of its cost: `2 min(|A|, |B'|) / (|A| + |B'|)`, and
    /// when the other mask stays in the frame (so `|B'| = |B|`) also `|A ∧ B'| <= Σ_y min(|A_y|, |B'_y|)` and
    /// the same over columns. Out of the frame `|B'| <= |B|`, so only `|B| < |A|` bounds it below 1.
    public func diceBound(_ other: AlignedMask) -> Double {
        guard let (dx, dy, inFrame) = alignment(other) else { return 0 }
        let denominator = Double(count + other.count)
        guard inFrame else { return other.count < count ? 2 * Double(other.count) / denominator : 1 }
        let rowBound = Self.overlapBound(rowCounts, other.rowCounts, shift: dy,
                                         from: max(rows.lowerBound, other.rows.lowerBound + dy),
                                         through: min(rows.upperBound, other.rows.upperBound + dy))
        let columnBound = Self.overlapBound(columnCounts, other.columnCounts, shift: dx,
                                            from: max(columns.lowerBound, other.columns.lowerBound + dx),
                                            through: min(columns.upperBound, other.columns.upperBound + dx))
        return 2 * Double(min(count, other.count, Int(rowBound), Int(columnBound))) / denominator
    }

    /// `Σ min(mine[i], theirs[i - shift])` for `i` from `first` through `last` (0 when `last < first`); both
    /// ranges lie within the other mask's extent shifted into the frame.
    @inline(__always)
    private static func overlapBound(_ mine: [Int32], _ theirs: [Int32], shift: Int, from first: Int, through last: Int) -> Int32 {
        guard first <= last else { return 0 }
        return mine.withUnsafeBufferPointer { mine in
            theirs.withUnsafeBufferPointer { theirs in
                let a = UnsafeBufferPointer(rebasing: mine[first...last]), b = UnsafeBufferPointer(rebasing: theirs[first - shift...last - shift])
                var bound: Int32 = 0
                for index in 0..<a.count { bound &+= min(a[index], b[index]) }
                return bound
            }
        }
    }

    /// `|A ∧ B'|` over `rows`, and with `countShifted` `|B'|` over them (else 0): `other` shifted by
    /// `(dx, dy)`, its bits past the last column dropped.
    @inline(__always)
    private func overlapCounts(_ other: AlignedMask, dx: Int, dy: Int, rows: ClosedRange<Int>, countShifted: Bool)
        -> (intersection: Int, shifted: Int)
    {
        let words = wordsPerRow
        let lastWordBits = width % 64 == 0 ? ~UInt64(0) : BinaryMask.lowBits(width % 64)
        // Word `i` of the shifted row is `(p[at] << s) | (p[at - 1] >> (64 - s))` over the padded source row
        // `p`: a move left by `s` bits equals a move right by `64 - s` bits read one word further on.
        var wordOffset = dx >= 0 ? -(dx / 64) : (-dx) / 64, bitShift = UInt64(abs(dx) % 64)
        if dx < 0 && bitShift > 0 {
            wordOffset += 1
            bitShift = 64 - bitShift
        }
        let carried: UInt64 = bitShift == 0 ? 0 : ~0
        var intersection = 0, shifted = 0
        paddedRows.withUnsafeBufferPointer { mine in
            other.paddedRows.withUnsafeBufferPointer { theirs in
                guard let mine = mine.baseAddress, let theirs = theirs.baseAddress else { return }
                // The loop is `CBitCount`'s, so that it counts with POPCNT where the CPU has it. Both masks' padded
                // rows begin at their extents' first rows; the source rows, `y - dy`, lie in the other's extent.
                gf_shifted_overlap(mine, self.rows.lowerBound, self.rows.upperBound, theirs, words, rows.lowerBound, rows.upperBound,
                                   dy + other.rows.lowerBound, wordOffset, UInt32(bitShift), carried, lastWordBits,
                                   countShifted ? 1 : 0, &intersection, &shifted)
            }
        }
        return (intersection, shifted)
    }
}
