/// A resize of binary masks to one size by the nearest pixel: pixel `(x, y)` of the result is pixel
/// `(⌊(2x + 1)·w / 2W⌋, ⌊(2y + 1)·h / 2H⌋)` of a `w x h` mask, for a result of `W x H`: the source pixel under the
/// centre of the result's, in exact integer arithmetic (scikit-image's `resize(mask, (H, W), order=0,
/// anti_aliasing=False)`; Pillow's `Image.NEAREST` computes the same in floating point and differs where it is a
/// whole number).
///
/// A mask compared with real masks of another size (`--reference`) is resized to theirs: the realism scores are
/// overlaps of equal frames. Width and height are scaled apart, as an image resize scales them.
public struct NearestResize: Equatable, Sendable {
    /// The size of the result.
    public let width: Int, height: Int

    /// A resize to `width x height`; nil unless both are positive.
    public init?(width: Int, height: Int) {
        guard width > 0, height > 0 else { return nil }
        self.width = width
        self.height = height
    }

    /// The source index under the centre of result index `index` of `count`, along a source of `source`.
    static func sourceIndex(_ index: Int, of count: Int, source: Int) -> Int {
        // (2·index + 1)·source fits in an Int: both are image sides, below 2^31 (PNG's limit).
        (2 * index + 1) * source / (2 * count)
    }

    /// `mask` at this size; the mask itself when it is this size already. An empty source gives an empty result.
    public func callAsFunction(_ mask: BinaryMask) -> BinaryMask {
        guard mask.width != width || mask.height != height else { return mask }
        guard mask.width > 0, mask.height > 0 else { return BinaryMask(width: width, height: height) }
        let columns = (0..<width).map { Self.sourceIndex($0, of: width, source: mask.width) }
        let wordsPerRow = (width + 63) / 64
        var words = [UInt64](repeating: 0, count: wordsPerRow * height)
        var previous: (source: Int, row: Int)?
        for y in 0..<height {
            let sourceRow = Self.sourceIndex(y, of: height, source: mask.height)
            if let previous, previous.source == sourceRow {
                // Rows upsampled from one source row are equal: copy the row already made.
                for w in 0..<wordsPerRow { words[y * wordsPerRow + w] = words[previous.row * wordsPerRow + w] }
                continue
            }
            let sourceStart = sourceRow * mask.wordsPerRow
            for x in 0..<width {
                let column = columns[x]
                if mask.words[sourceStart + column >> 6] >> UInt64(column & 63) & 1 == 1 {
                    words[y * wordsPerRow + x >> 6] |= 1 << UInt64(x & 63)
                }
            }
            previous = (sourceRow, y)
        }
        return BinaryMask(width: width, height: height, packedWords: words)
    }
}
