import CBitCount
import MaskImage

/// A mask moved into a frame of its own, where masks compare whatever their size and position: centred on its
/// foreground centroid and scaled to a fixed area. The Dice of two scaled masks is their overlap once both are
/// matched in position and scale, so a real lung pair drawn larger or smaller than every reference still finds
/// its like (`realism_scaled_mean5`).
///
/// The frame is `side` x `side` (64, one word a row). Its pixel `(i, j)` (row, column) holds four samples at
/// offsets `q, r` in {1/4, 3/4}: the source pixel of the sample is row `floor(cy + (i + q − side/2) / s + 0.5)`
/// and column `floor(cx + (j + r − side/2) / s + 0.5)`, where `(cx, cy)` is the mask's centroid and
/// `s = sqrt(share · side² / n)` for a mask of `n` pixels (`share` 1/5: the frame's area the mask covers). A
/// sample outside the source is background; the pixel is foreground when at least two of its four samples are.
public struct ScaledMask: Sendable, Equatable {
    /// The frame's side, in pixels: one 64-bit word a row.
    public static let side = 64
    /// The share of the frame's area a mask is scaled to cover.
    public static let share = 0.2

    /// The frame's rows, bit `j` of word `i` the pixel of row `i`, column `j`.
    public let rows: [UInt64]
    /// Its foreground pixel count.
    public let count: Int
    /// Its pixels counted in 8x8 blocks, row-major (64 cells): the L1 distance of two masks' blocks bounds their
    /// symmetric difference from below (`ScaledReference`).
    let blocks: [UInt8]

    /// `mask` moved into the frame; nil for an empty mask.
    public init?(_ mask: AlignedMask) {
        guard let centroid = mask.centroid, mask.count > 0 else { return nil }
        let side = Self.side, source = mask.mask
        let scale = (Self.share * Double(side * side) / Double(mask.count)).squareRoot()
        // The source row (or column) of each sample, per frame row (or column) and offset; -1 outside the source.
        func samples(centre: Double, limit: Int) -> [Int] {
            var indices: [Int] = []
            indices.reserveCapacity(2 * side)
            for pixel in 0..<side {
                for offset in [0.25, 0.75] {
                    let position = (centre + (Double(pixel) + offset - Double(side / 2)) / scale + 0.5).rounded(.down)
                    indices.append(position >= 0 && position < Double(limit) ? Int(position) : -1)
                }
            }
            return indices
        }
        let sourceRows = samples(centre: centroid.y, limit: source.height)
        let sourceColumns = samples(centre: centroid.x, limit: source.width)
        let wordsPerRow = source.wordsPerRow
        // For each column sample b (0, 1) and frame column j: the source word's offset in its row, the bit's
        // place in it, and whether the sample lies in the source (1) or not (0).
        var offsets = [Int](repeating: 0, count: 2 * side), shifts = [UInt64](repeating: 0, count: 2 * side)
        var inside = [UInt64](repeating: 0, count: 2 * side)
        for b in 0..<2 {
            for j in 0..<side where sourceColumns[2 * j + b] >= 0 {
                let x = sourceColumns[2 * j + b]
                offsets[b * side + j] = x >> 6
                shifts[b * side + j] = UInt64(x & 63)
                inside[b * side + j] = 1
            }
        }
        var rows = [UInt64](repeating: 0, count: side)
        source.words.withUnsafeBufferPointer { words in
            offsets.withUnsafeBufferPointer { offsets in
                shifts.withUnsafeBufferPointer { shifts in
                    inside.withUnsafeBufferPointer { inside in
                        // Bit j of `sampled(y, b)`: the source pixel of row y under frame column j's sample b.
                        func sampled(_ y: Int, _ b: Int) -> UInt64 {
                            guard y >= 0 else { return 0 }
                            let row = y * wordsPerRow
                            var word: UInt64 = 0
                            for j in 0..<side {
                                let k = b * side + j
                                word |= ((words[row + offsets[k]] >> shifts[k]) & inside[k]) << UInt64(j)
                            }
                            return word
                        }
                        for i in 0..<side {
                            let (a, b) = (sampled(sourceRows[2 * i], 0), sampled(sourceRows[2 * i], 1))
                            let (c, d) = (sampled(sourceRows[2 * i + 1], 0), sampled(sourceRows[2 * i + 1], 1))
                            // At least two of the four samples.
                            rows[i] = (a & b) | (a & c) | (a & d) | (b & c) | (b & d) | (c & d)
                        }
                    }
                }
            }
        }
        self.init(rows: rows)
    }

    /// The frame turned back from lying `way` (`MaskOrientation.back`): rows and columns swapped (row `i`, column `j`
    /// to row `j`, column `i`), then mirrored left to right (column `j` to `side − 1 − j`) and upside down (row `i` to
    /// `side − 1 − i`) as it says. That is the frame of the mask turned back so about its centroid, since a frame
    /// samples the source alike along both axes and symmetrically about it (column `j`'s samples lie `j + 1/4 −
    /// side/2` and `j + 3/4 − side/2` frame pixels from it, and likewise rows). Masks that lie otherwise than the
    /// reference's score higher turned back (`MaskDrawing.orientationNote`).
    public func turnedBack(from way: MaskOrientation) -> ScaledMask {
        let (swapsAxes, reversesColumns, reversesRows) = way.back
        var turned = swapsAxes ? Self.transposed(rows) : rows
        if reversesColumns { turned = turned.map(Self.reversed) }
        return ScaledMask(rows: reversesRows ? turned.reversed() : turned)
    }

    /// The 64 x 64 bit matrix `rows` transposed: bit `i` of word `j` is bit `j` of word `i`.
    private static func transposed(_ rows: [UInt64]) -> [UInt64] {
        var columns = [UInt64](repeating: 0, count: side)
        for (i, row) in rows.enumerated() {
            var word = row
            while word != 0 {
                let j = word.trailingZeroBitCount
                columns[j] |= 1 << UInt64(i)
                word &= word - 1
            }
        }
        return columns
    }

    /// The bits of `word` reversed: halves, quarters, ... swapped in turn.
    private static func reversed(_ word: UInt64) -> UInt64 {
        var w = word
        w = (w >> 1 & 0x5555_5555_5555_5555) | (w & 0x5555_5555_5555_5555) << 1
        w = (w >> 2 & 0x3333_3333_3333_3333) | (w & 0x3333_3333_3333_3333) << 2
        w = (w >> 4 & 0x0f0f_0f0f_0f0f_0f0f) | (w & 0x0f0f_0f0f_0f0f_0f0f) << 4
        return w.byteSwapped
    }

    /// The frame whose rows are `rows` (`side` words).
    init(rows: [UInt64]) {
        self.rows = rows
        count = rows.reduce(0) { $0 + $1.nonzeroBitCount }
        var blocks = [UInt8](repeating: 0, count: Self.side)
        for (i, word) in rows.enumerated() {
            for j in 0..<8 { blocks[i / 8 * 8 + j] &+= UInt8(((word >> UInt64(8 * j)) & 0xff).nonzeroBitCount) }
        }
        self.blocks = blocks
    }

    /// The Dice overlap of the two scaled masks, `2 |A ∧ B| / (|A| + |B|)`; 0 when both are empty.
    public func dice(_ other: ScaledMask) -> Double {
        guard count + other.count > 0 else { return 0 }
        var mine = 0, theirs = 0, both = 0
        rows.withUnsafeBufferPointer { a in
            other.rows.withUnsafeBufferPointer { b in
                guard let a = a.baseAddress, let b = b.baseAddress else { return }
                gf_popcount_pair(a, b, Self.side, &mine, &theirs, &both)
            }
        }
        return 2 * Double(both) / Double(count + other.count)
    }
}
