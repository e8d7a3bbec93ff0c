import CBitCount

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
        var rows = [UInt64](repeating: 0, count: side)
        for i in 0..<side {
            var word: UInt64 = 0
            for j in 0..<side {
                var hits = 0
                for a in 0..<2 {
                    let y = sourceRows[2 * i + a]
                    guard y >= 0 else { continue }
                    for b in 0..<2 {
                        let x = sourceColumns[2 * j + b]
                        if x >= 0 && source[x, y] { hits += 1 }
                    }
                }
                if hits >= 2 { word |= 1 << UInt64(j) }
            }
            rows[i] = word
        }
        self.rows = rows
        count = rows.reduce(0) { $0 + $1.nonzeroBitCount }
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
