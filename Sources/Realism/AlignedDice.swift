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

    /// Measures `mask` once for many comparisons.
    public init(_ mask: BinaryMask) {
        self.mask = mask
        var count = 0, columnSum = 0, rowSum = 0
        for y in 0..<mask.height {
            for wordIndex in 0..<mask.wordsPerRow {
                var word = mask.words[y * mask.wordsPerRow + wordIndex]
                let inWord = word.nonzeroBitCount
                count += inWord
                rowSum += inWord * y
                while word != 0 {
                    columnSum += wordIndex * 64 + word.trailingZeroBitCount
                    word &= word - 1
                }
            }
        }
        self.count = count
        centroid = count == 0 ? nil : (Double(columnSum) / Double(count), Double(rowSum) / Double(count))
    }

    /// The Dice overlap with `other` aligned onto this mask; 0 when either is empty or the sizes differ.
    public func dice(_ other: AlignedMask) -> Double {
        guard let a = centroid, let b = other.centroid, mask.width == other.mask.width, mask.height == other.mask.height else {
            return 0
        }
        let dx = Int((a.x - b.x + 0.5).rounded(.down)), dy = Int((a.y - b.y + 0.5).rounded(.down))
        let words = mask.wordsPerRow, height = mask.height
        var shifted = [UInt64](repeating: 0, count: words)
        var intersection = 0, kept = 0
        let padding = mask.width % 64 == 0 ? ~UInt64(0) : BinaryMask.lowBits(mask.width % 64)
        for y in max(0, dy)..<min(height, height + dy) {
            let source = y - dy
            Self.shift(other.mask.words[(source * words)..<(source * words + words)], by: dx, into: &shifted)
            shifted[words - 1] &= padding
            for index in 0..<words {
                let row = shifted[index]
                kept += row.nonzeroBitCount
                intersection += (row & mask.words[y * words + index]).nonzeroBitCount
            }
        }
        return 2 * Double(intersection) / Double(count + kept)
    }

    /// `row` (one mask row, least significant bit = column 0) moved `by` columns to the right (left when
    /// negative), into `result`; bits moved past either end are dropped.
    static func shift(_ row: ArraySlice<UInt64>, by offset: Int, into result: inout [UInt64]) {
        let words = result.count
        let wordShift = offset >= 0 ? offset / 64 : -((-offset) / 64)
        let bitShift = offset >= 0 ? offset % 64 : (-offset) % 64
        let base = row.startIndex
        for index in 0..<words {
            var value: UInt64 = 0
            if offset >= 0 {
                let from = index - wordShift
                if from >= 0 && from < words { value = row[base + from] << UInt64(bitShift) }
                if bitShift > 0, from - 1 >= 0, from - 1 < words { value |= row[base + from - 1] >> UInt64(64 - bitShift) }
            } else {
                let from = index - wordShift  // wordShift <= 0
                if from >= 0 && from < words { value = row[base + from] >> UInt64(bitShift) }
                if bitShift > 0, from + 1 >= 0, from + 1 < words { value |= row[base + from + 1] << UInt64(64 - bitShift) }
            }
            result[index] = value
        }
    }
}
