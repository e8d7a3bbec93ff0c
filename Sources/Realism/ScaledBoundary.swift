/// A scaled frame's outline (`ScaledMask`) and the band around it, for the boundary F1 score of two frames
/// (Csurka et al., BMVC 2013): how much of each outline lies within `tolerance` pixels of the other's
/// (`realism_boundary`).
///
/// The outline is the frame's foreground pixels with a background pixel among their 8 neighbours, a pixel
/// outside the frame counting as background (SciPy's `binary_erosion` with a 3x3 square and `border_value=0`).
/// The band is the outline grown `tolerance` times by the 3x3 square: every pixel within `tolerance` of it in
/// the chessboard distance.
public struct ScaledBoundary: Sendable, Equatable {
    /// How far, in frame pixels, an outline pixel may lie from the other outline and still match it: two of the
    /// frame's 64, about 3% of its side, the smallest tolerance at which real outlines match their nearest real
    /// neighbours nearly whole (README, "A real generator").
    public static let tolerance = 2

    /// The outline's rows, bit `j` of word `i` the pixel of row `i`, column `j`.
    public let outline: [UInt64]
    /// The band's rows.
    let band: [UInt64]
    /// The outline's pixel count.
    public let count: Int
    /// The band's first and last nonempty rows (`side` and 0 for an empty band): the outline lies within them.
    let firstRow: Int, lastRow: Int

    /// The outline of `frame` and its band.
    public init(_ frame: ScaledMask) {
        let rows = frame.rows, side = ScaledMask.side
        func row(_ words: [UInt64], _ i: Int) -> UInt64 { i >= 0 && i < side ? words[i] : 0 }
        // A pixel survives the erosion when its whole 3x3 square is foreground.
        let across = rows.map { $0 & ($0 << 1) & ($0 >> 1) }
        let outline = (0..<side).map { rows[$0] & ~(row(across, $0 - 1) & across[$0] & row(across, $0 + 1)) }
        var band = outline
        for _ in 0..<Self.tolerance {
            let wide = band.map { $0 | ($0 << 1) | ($0 >> 1) }
            band = (0..<side).map { row(wide, $0 - 1) | wide[$0] | row(wide, $0 + 1) }
        }
        self.outline = outline
        self.band = band
        count = outline.reduce(0) { $0 + $1.nonzeroBitCount }
        firstRow = band.firstIndex { $0 != 0 } ?? side
        lastRow = band.lastIndex { $0 != 0 } ?? 0
    }

    /// The boundary F1 score of the two outlines: precision, the share of this outline within the other's band;
    /// recall, the share of the other outline within this one's band; and `2PR / (P + R)` (0 when both are 0, or
    /// either outline is empty).
    public func f1(_ other: ScaledBoundary) -> Double {
        var matched = 0, matchedOther = 0
        for i in 0..<ScaledMask.side {
            matched += (outline[i] & other.band[i]).nonzeroBitCount
            matchedOther += (band[i] & other.outline[i]).nonzeroBitCount
        }
        return Self.f1(matched: matched, of: count, matchedOther: matchedOther, of: other.count)
    }

    /// The boundary F1 score from its counts: `matched` of an outline's `count` pixels lie within the other's
    /// band, and `matchedOther` of the other's `otherCount` within this one's (0 when either outline is empty).
    static func f1(matched: Int, of count: Int, matchedOther: Int, of otherCount: Int) -> Double {
        guard count > 0, otherCount > 0 else { return 0 }
        let precision = Double(matched) / Double(count), recall = Double(matchedOther) / Double(otherCount)
        return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }
}
