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

        // Per lung: column sum (centroid), row extents (hull) and exposed edges (roughness), visiting only
        // foreground bits.
        var columnSums = [0, 0]
        var extents: [[(y: Int, left: Int, right: Int)]] = [[], []]
        var exposedEdges = 0
        var left = width, right = -1, top = height, bottom = -1
        let first = lungs[0], second = lungs.count > 1 ? lungs[1] : -1
        labeling.labels.withUnsafeBufferPointer { labels in
            for y in 0..<height {
                var rowLeft = [-1, -1], rowRight = [-1, -1]
                let row = y * width
                for wordIndex in 0..<mask.wordsPerRow {
                    var word = mask.words[y * mask.wordsPerRow + wordIndex]
                    if word != 0 {
                        left = min(left, wordIndex * 64 + word.trailingZeroBitCount)
                        right = max(right, wordIndex * 64 + 63 - word.leadingZeroBitCount)
                        top = min(top, y)
                        bottom = y
                    }
                    while word != 0 {
                        let x = wordIndex * 64 + word.trailingZeroBitCount
                        word &= word - 1
                        let label = labels[row + x]
                        let lung = label == first ? 0 : (label == second ? 1 : -1)
                        guard lung >= 0 else { continue }
                        columnSums[lung] += x
                        if rowLeft[lung] < 0 { rowLeft[lung] = x }
                        rowRight[lung] = x
                        if x == 0 || labels[row + x - 1] == 0 { exposedEdges += 1 }
                        if x + 1 == width || labels[row + x + 1] == 0 { exposedEdges += 1 }
                        if y == 0 || labels[row - width + x] == 0 { exposedEdges += 1 }
                        if y + 1 == height || labels[row + width + x] == 0 { exposedEdges += 1 }
                    }
                }
                for lung in lungs.indices where rowLeft[lung] >= 0 { extents[lung].append((y, rowLeft[lung], rowRight[lung])) }
            }
        }
        let hullExtents = Array(extents.prefix(lungs.count))
        let hulls = hullExtents.map(ConvexHull.init(rowExtents:))

        let axis = Double(width - 1) / 2
        let centroids = zip(columnSums.prefix(lungs.count), lungAreas).map { Double($0) / Double($1) }
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

        let holes = Self.holeCount(labeling, box: (left...right, top...bottom))
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
                for wordIndex in 0..<mask.wordsPerRow {
                    let low = wordIndex * 64
                    let from = max(columns.lowerBound - low, 0), to = min(columns.upperBound - low, 64)
                    guard from < to else { continue }
                    let bits = BinaryMask.lowBits(to) & ~BinaryMask.lowBits(from)
                    inRow += (mask.words[y * mask.wordsPerRow + wordIndex] & bits).nonzeroBitCount
                }
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

    /// Background pixels not 4-connected to the image border (`scipy.ndimage.binary_fill_holes`). Only the
    /// foreground's bounding box grown by one pixel is flooded: every background pixel outside the box reaches
    /// the border in a straight line, and so does every one on the grown box's edge.
    static func holeCount(_ labeling: ComponentLabeling, box: (x: ClosedRange<Int>, y: ClosedRange<Int>)) -> Int {
        let width = labeling.width
        let x0 = max(box.x.lowerBound - 1, 0), x1 = min(box.x.upperBound + 1, width - 1)
        let y0 = max(box.y.lowerBound - 1, 0), y1 = min(box.y.upperBound + 1, labeling.height - 1)
        var reached = labeling.labels.map { $0 != 0 }
        var stack: [Int] = []
        stack.reserveCapacity((x1 - x0 + 1) * (y1 - y0 + 1))
        return reached.withUnsafeMutableBufferPointer { reached in
            var background = 0
            for y in y0...y1 {
                for x in x0...x1 where !reached[y * width + x] { background += 1 }
            }
            for x in x0...x1 { push(y0 * width + x, reached, &stack); push(y1 * width + x, reached, &stack) }
            for y in y0...y1 { push(y * width + x0, reached, &stack); push(y * width + x1, reached, &stack) }
            var flooded = 0
            while let index = stack.popLast() {
                flooded += 1
                let x = index % width, y = index / width
                if x > x0 { push(index - 1, reached, &stack) }
                if x < x1 { push(index + 1, reached, &stack) }
                if y > y0 { push(index - width, reached, &stack) }
                if y < y1 { push(index + width, reached, &stack) }
            }
            return background - flooded
        }
    }

    /// Marks `index` reached and stacks it, unless it was reached already.
    @inline(__always)
    private static func push(_ index: Int, _ reached: UnsafeMutableBufferPointer<Bool>, _ stack: inout [Int]) {
        guard !reached[index] else { return }
        reached[index] = true
        stack.append(index)
    }
}
