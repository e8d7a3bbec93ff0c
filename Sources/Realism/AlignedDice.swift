import MaskImage

/// The Dice overlap of two masks of one size after translating the second so that its foreground centroid
/// falls on the first's: `2 |A ∧ B'| / (|A| + |B'|)`, `B'` = `B` shifted by `(dx, dy)` = the centroid
/// difference rounded half up (`floor(d + 0.5)`), pixels shifted out of the frame dropped. Exact, on the
/// bit-packed rows.
public struct AlignedMask: Sendable {
    /// The mask.
    public let mask: BinaryMask
    /// Its foreground pixel count.
    public let count: Int
    /// Its foreground centroid (column, row); nil for an empty mask.
    public let centroid: (x: Double, y: Double)?
    /// First and last foreground row and column; meaningless for an empty mask.
    let rows: ClosedRange<Int>, columns: ClosedRange<Int>

    /// Measures `mask` once for many comparisons.
    public init(_ mask: BinaryMask) {
        self.mask = mask
        var count = 0, columnSum = 0, rowSum = 0
        var firstRow = Int.max, lastRow = -1, firstColumn = Int.max, lastColumn = -1
        for y in 0..<mask.height {
            for wordIndex in 0..<mask.wordsPerRow {
                var word = mask.words[y * mask.wordsPerRow + wordIndex]
                guard word != 0 else { continue }
                let inWord = word.nonzeroBitCount
                count += inWord
                rowSum += inWord * y
                firstRow = min(firstRow, y)
                lastRow = y
                firstColumn = min(firstColumn, wordIndex * 64 + word.trailingZeroBitCount)
                lastColumn = max(lastColumn, wordIndex * 64 + 63 - word.leadingZeroBitCount)
                while word != 0 {
                    columnSum += wordIndex * 64 + word.trailingZeroBitCount
                    word &= word - 1
                }
            }
        }
        self.count = count
        centroid = count == 0 ? nil : (Double(columnSum) / Double(count), Double(rowSum) / Double(count))
        rows = count == 0 ? 0...0 : firstRow...lastRow
        columns = count == 0 ? 0...0 : firstColumn...lastColumn
    }

    /// The Dice overlap with `other` aligned onto this mask; 0 when either is empty or the sizes differ.
    public func dice(_ other: AlignedMask) -> Double {
        guard let a = centroid, let b = other.centroid, mask.width == other.mask.width, mask.height == other.mask.height else {
            return 0
        }
        let dx = Int((a.x - b.x + 0.5).rounded(.down)), dy = Int((a.y - b.y + 0.5).rounded(.down))
        let width = mask.width, height = mask.height, words = mask.wordsPerRow
        let inFrame = other.columns.lowerBound + dx >= 0 && other.columns.upperBound + dx < width
            && other.rows.lowerBound + dy >= 0 && other.rows.upperBound + dy < height
        // When nothing of the other mask leaves the frame, it keeps every pixel and only rows where both
        // masks have foreground need the AND; otherwise every row of it that stays in the frame is counted.
        let from = inFrame ? max(rows.lowerBound, other.rows.lowerBound + dy) : max(0, other.rows.lowerBound + dy)
        let to = inFrame ? min(rows.upperBound, other.rows.upperBound + dy) : min(height - 1, other.rows.upperBound + dy)
        var intersection = 0, kept = inFrame ? other.count : 0
        guard from <= to else { return 0 }
        let padding = width % 64 == 0 ? ~UInt64(0) : BinaryMask.lowBits(width % 64)
        let wordShift = dx >= 0 ? dx / 64 : -((-dx) / 64)
        let bitShift = UInt64(dx >= 0 ? dx % 64 : (-dx) % 64)
        mask.words.withUnsafeBufferPointer { mine in
            other.mask.words.withUnsafeBufferPointer { theirs in
                for y in from...to {
                    let source = (y - dy) * words, target = y * words
                    for index in 0..<words {
                        let origin = index - wordShift
                        var value: UInt64 = 0
                        if dx >= 0 {
                            if origin >= 0 && origin < words { value = theirs[source + origin] << bitShift }
                            if bitShift > 0, origin >= 1, origin - 1 < words { value |= theirs[source + origin - 1] >> (64 - bitShift) }
                        } else {
                            if origin >= 0 && origin < words { value = theirs[source + origin] >> bitShift }
                            if bitShift > 0, origin + 1 >= 0, origin + 1 < words { value |= theirs[source + origin + 1] << (64 - bitShift) }
                        }
                        if index == words - 1 { value &= padding }
                        if !inFrame { kept += value.nonzeroBitCount }
                        intersection += (value & mine[target + index]).nonzeroBitCount
                    }
                }
            }
        }
        return 2 * Double(intersection) / Double(count + kept)
    }
}
