import MaskImage

/// The two halves of a mask, split at the central vertical axis, the right one mirrored.
///
/// With `h = width / 2`, `left` holds columns `0 ..< h` and `right` holds columns `width - h ..< width`
/// mirrored, so that column `j` of `right` is column `width - 1 - j` of the mask. For an odd width the
/// centre column belongs to neither half. Both halves are `h` wide.
public struct MaskHalves: Equatable, Sendable {
    /// Columns `0 ..< h` of the mask.
    public let left: BinaryMask
    /// Columns `width - h ..< width` of the mask, mirrored left-right.
    public let right: BinaryMask

    /// Splits `mask` at its central vertical axis.
    public init(splitting mask: BinaryMask) {
        let half = mask.width / 2
        let halfWords = (half + 63) / 64
        let lastWordBits = BinaryMask.lowBits(half % 64 == 0 ? 64 : half % 64)
        let count = halfWords * mask.height
        var left = [UInt64](repeating: 0, count: count)
        var right = [UInt64](repeating: 0, count: count)
        mask.words.withUnsafeBufferPointer { words in
            left.withUnsafeMutableBufferPointer { left in
                right.withUnsafeMutableBufferPointer { right in
                    for y in 0..<mask.height {
                        let row = UnsafeBufferPointer(rebasing: words[y * mask.wordsPerRow..<(y + 1) * mask.wordsPerRow])
                        let base = y * halfWords
                        for k in 0..<halfWords {
                            left[base + k] = row[k]
                            // Output bits 64k ..< 64k+64 are columns width-1-64k down to width-64(k+1).
                            right[base + k] = Self.bits(of: row, from: mask.width - 64 * (k + 1)).bitReversed
                        }
                        if halfWords > 0 {
                            left[base + halfWords - 1] &= lastWordBits
                            right[base + halfWords - 1] &= lastWordBits
                        }
                    }
                }
            }
        }
        self.left = BinaryMask(width: half, height: mask.height, packedWords: left)
        self.right = BinaryMask(width: half, height: mask.height, packedWords: right)
    }

    /// The 64 columns `start ..< start + 64` of a packed row (columns outside the row read as 0).
    private static func bits(of row: UnsafeBufferPointer<UInt64>, from start: Int) -> UInt64 {
        if start < 0 {
            return start <= -64 ? 0 : bits(of: row, from: 0) << UInt64(-start)
        }
        let word = start >> 6
        let offset = UInt64(start & 63)
        let low = word < row.count ? row[word] >> offset : 0
        guard offset != 0, word + 1 < row.count else { return low }
        return low | row[word + 1] << (64 - offset)
    }
}

extension UInt64 {
    /// The bits in reverse order (bit 0 becomes bit 63).
    var bitReversed: UInt64 {
        var x = self
        x = (x >> 1) & 0x5555_5555_5555_5555 | (x & 0x5555_5555_5555_5555) << 1
        x = (x >> 2) & 0x3333_3333_3333_3333 | (x & 0x3333_3333_3333_3333) << 2
        x = (x >> 4) & 0x0f0f_0f0f_0f0f_0f0f | (x & 0x0f0f_0f0f_0f0f_0f0f) << 4
        return x.byteSwapped
    }
}
