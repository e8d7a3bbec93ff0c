/// A plain pixel-by-pixel implementation of the design's feature definition, written for clarity rather
/// than speed, against which the bit-packed one is checked.
public enum ReferenceSymmetry {
    /// A boolean image, `pixels[y][x]`.
    public typealias Image = [[Bool]]

    /// The left half and the mirrored right half.
    public static func halves(_ image: Image, width: Int) -> (left: Image, right: Image) {
        let h = width / 2
        let left = image.map { Array($0[0..<h]) }
        let right = image.map { row in (0..<h).map { j in row[width - 1 - j] } }
        return (left, right)
    }

    /// Dilation by the (2r+1)-square with background outside, by looking at every neighbour.
    public static func dilate(_ image: Image, radius: Int) -> Image {
        let height = image.count
        guard height > 0 else { return image }
        let width = image[0].count
        var out = image
        for y in 0..<height {
            for x in 0..<width {
                var hit = false
                for dy in -radius...radius where !hit {
                    for dx in -radius...radius {
                        let yy = y + dy
                        let xx = x + dx
                        if yy >= 0, yy < height, xx >= 0, xx < width, image[yy][xx] {
                            hit = true
                            break
                        }
                    }
                }
                out[y][x] = hit
            }
        }
        return out
    }

    /// (|L|, |R|, |L ∧ R|).
    public static func counts(_ left: Image, _ right: Image) -> (Int, Int, Int) {
        var l = 0, r = 0, both = 0
        for (rowL, rowR) in zip(left, right) {
            for (a, b) in zip(rowL, rowR) {
                if a { l += 1 }
                if b { r += 1 }
                if a && b { both += 1 }
            }
        }
        return (l, r, both)
    }

    /// iou, cosine, area ratio of a pair.
    public static func measures(_ left: Image, _ right: Image) -> [Double] {
        let (l, r, both) = counts(left, right)
        if l == 0 || r == 0 { return [0, 0, 0.25] }
        let union = l + r - both
        let share = Double(l) / Double(l + r)
        return [Double(both) / Double(union), Double(both) / (Double(l) * Double(r)).squareRoot(),
                (share - 0.5) * (share - 0.5)]
    }

    /// The six features, or nil when both halves are empty.
    public static func features(_ image: Image, width: Int, radius: Int) -> [Double]? {
        let (left, right) = halves(image, width: width)
        let (l, r, _) = counts(left, right)
        guard l + r > 0 else { return nil }
        return measures(left, right) + measures(dilate(left, radius: radius), dilate(right, radius: radius))
    }
}
