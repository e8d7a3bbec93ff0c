import MaskImage

/// Shape-plausibility measures of a lung mask, computed on the bit-packed mask (the module README defines each
/// column exactly; `Tests/Fixtures/make_anatomy_golden.py` computes the same with SciPy and NumPy).
///
/// The two largest 8-connected components are the lungs; everything else is debris. A real pair of lung
/// fields is two large components on opposite sides of the axis, of similar height, nearly convex with smooth
/// edges, without holes; a generator's failures (fused or missing lungs, fragments, holes, ragged shapes) move
/// one or more of these columns.
public struct AnatomyFeatures: Equatable, Sendable {
    /// The column names, in order.
    public static let names = ["foreground_share", "components", "debris_share", "hole_share", "opposite_sides",
                               "height_difference", "extent_ratio", "solidity", "roughness"]

    /// A component counts in `components` when its area is at least this share of the foreground.
    public static let componentShare = 0.01

    /// The values, in the order of `names`; every one finite.
    public let values: [Double]

    /// The measures of `mask`; nil when it has no foreground (an empty mask has no shape).
    public init?(_ mask: BinaryMask) {
        let area = mask.foregroundCount
        guard area > 0 else { return nil }
        let width = mask.width, height = mask.height
        let labeling = ComponentLabeling(mask)
        let order = labeling.bySize
        let lungs = Array(order.prefix(2))
        let lungAreas = lungs.map { labeling.areas[Int($0) - 1] }

        // Per lung: column sum (centroid), row extents (hull) and exposed edges (roughness).
        var columnSums = [Int](repeating: 0, count: lungs.count)
        var extents = [[(y: Int, left: Int, right: Int)]](repeating: [], count: lungs.count)
        var exposedEdges = 0
        let labels = labeling.labels
        for y in 0..<height {
            var rowLeft = [Int](repeating: -1, count: lungs.count), rowRight = rowLeft
            for x in 0..<width {
                let label = labels[y * width + x]
                guard label != 0, let lung = lungs.firstIndex(of: label) else { continue }
                columnSums[lung] += x
                if rowLeft[lung] < 0 { rowLeft[lung] = x }
                rowRight[lung] = x
                for (dx, dy) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
                    let nx = x + dx, ny = y + dy
                    if nx < 0 || nx >= width || ny < 0 || ny >= height || labels[ny * width + nx] == 0 { exposedEdges += 1 }
                }
            }
            for lung in lungs.indices where rowLeft[lung] >= 0 { extents[lung].append((y, rowLeft[lung], rowRight[lung])) }
        }
        let hulls = extents.map(ConvexHull.init(rowExtents:))

        let axis = Double(width - 1) / 2
        let centroids = zip(columnSums, lungAreas).map { Double($0) / Double($1) }
        let opposite = centroids.count == 2 && (centroids[0] - axis) * (centroids[1] - axis) < 0

        let halves = Self.halfRows(mask)
        let heightDifference: Double
        let extentRatio: Double
        if let left = halves.left, let right = halves.right {
            heightDifference = abs(left.meanRow - right.meanRow) / Double(height)
            extentRatio = Double(min(left.extent, right.extent)) / Double(max(left.extent, right.extent))
        } else {
            heightDifference = 1
            extentRatio = 0
        }

        let holes = Self.holeCount(mask, area: area)
        let counted = labeling.areas.filter { Double($0) >= Self.componentShare * Double(area) }.count
        values = [
            Double(area) / Double(width * height),
            Double(counted),
            Double(area - lungAreas.reduce(0, +)) / Double(area),
            Double(holes) / Double(area + holes),
            opposite ? 1 : 0,
            heightDifference,
            extentRatio,
            Double(lungAreas.reduce(0, +)) / hulls.reduce(0) { $0 + $1.area },
            Double(exposedEdges) / hulls.reduce(0) { $0 + $1.perimeter },
        ]
    }

    /// Per half (DESIGN's split: left columns `0 ..< W/2`, right columns `W - W/2 ..< W`), the mean row of its
    /// foreground pixels and its vertical extent (last row - first row + 1); nil for an empty half.
    static func halfRows(_ mask: BinaryMask) -> (left: (meanRow: Double, extent: Int)?, right: (meanRow: Double, extent: Int)?) {
        let half = mask.width / 2
        func measure(_ columns: Range<Int>) -> (meanRow: Double, extent: Int)? {
            var count = 0, rowSum = 0, first = -1, last = -1
            for y in 0..<mask.height {
                var inRow = 0
                for x in columns where mask[x, y] { inRow += 1 }
                guard inRow > 0 else { continue }
                count += inRow
                rowSum += inRow * y
                if first < 0 { first = y }
                last = y
            }
            return count == 0 ? nil : (Double(rowSum) / Double(count), last - first + 1)
        }
        return (measure(0..<half), measure(mask.width - half..<mask.width))
    }

    /// Background pixels not 4-connected to the image border (`scipy.ndimage.binary_fill_holes`).
    static func holeCount(_ mask: BinaryMask, area: Int) -> Int {
        let width = mask.width, height = mask.height
        var reached = [Bool](repeating: false, count: width * height)
        var stack: [Int] = []
        func visit(_ x: Int, _ y: Int) {
            let index = y * width + x
            guard !reached[index], !mask[x, y] else { return }
            reached[index] = true
            stack.append(index)
        }
        for x in 0..<width { visit(x, 0); visit(x, height - 1) }
        for y in 0..<height { visit(0, y); visit(width - 1, y) }
        var count = 0
        while let index = stack.popLast() {
            count += 1
            let x = index % width, y = index / width
            if x > 0 { visit(x - 1, y) }
            if x + 1 < width { visit(x + 1, y) }
            if y > 0 { visit(x, y - 1) }
            if y + 1 < height { visit(x, y + 1) }
        }
        return width * height - area - count
    }
}
