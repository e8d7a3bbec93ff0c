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

    /// The largest mask measured, in pixels (4096 x 4096): labelling the components of the worst mask of
    /// this size (a checkerboard, one component every other pixel) peaks near 600 MB.
    public static let maximumPixels = 1 << 24

    /// Why `mask` is too large to measure, nil when it is not.
    public static func sizeProblem(_ mask: BinaryMask) -> String? {
        let (pixels, overflow) = mask.width.multipliedReportingOverflow(by: mask.height)
        guard overflow || pixels > maximumPixels else { return nil }
        return "the anatomy columns are measured on masks of at most \(maximumPixels) pixels (4096x4096); this one is "
            + "\(mask.width)x\(mask.height) (use --set symmetry, or downsample it)"
    }

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

        // Per lung: column sum (centroid), row extents (hull) and exposed edges (roughness), run by run. Any
        // foreground pixel edge-adjacent to a lung pixel belongs to that lung, so a lung pixel's edge is
        // exposed exactly where the neighbouring pixel is background or outside the image.
        var columnSums = [0, 0]
        var extents: [[(y: Int, left: Int, right: Int)]] = [[], []]
        var exposedEdges = 0
        let runs = labeling.runs
        for y in 0..<height {
            var rowLeft = [-1, -1], rowRight = [-1, -1]
            for index in runs.rowStarts[y]..<runs.rowStarts[y + 1] {
                let label = labeling.labels[index]
                guard let lung = lungs.firstIndex(of: label) else { continue }
                let run = runs.runs[index]
                columnSums[lung] += (run.start + run.end - 1) * run.length / 2
                if rowLeft[lung] < 0 { rowLeft[lung] = run.start }
                rowRight[lung] = run.end - 1
                // A run's two ends always face background or the border; above and below, every pixel
                // without foreground over (under) it.
                exposedEdges += 2 + 2 * run.length - Self.foregroundCount(mask, row: y - 1, columns: run.start..<run.end)
                    - Self.foregroundCount(mask, row: y + 1, columns: run.start..<run.end)
            }
            for lung in lungs.indices where rowLeft[lung] >= 0 { extents[lung].append((y, rowLeft[lung], rowRight[lung])) }
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

        let holes = Self.holeCount(mask)
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

    /// Per half (the design's split: left columns `0 ..< W/2`, right columns `W - W/2 ..< W`), the mean row of its
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

    /// Background pixels not 4-connected to the image border (`scipy.ndimage.binary_fill_holes`): the
    /// background runs in groups (4-connected) that have no run on the border.
    static func holeCount(_ mask: BinaryMask) -> Int {
        let background = PixelRuns(mask, background: true)
        let groups = background.groups(diagonal: false)
        var touchesBorder = [Bool](repeating: false, count: groups.count)
        for (run, group) in zip(background.runs, groups.group)
        where run.y == 0 || run.y == mask.height - 1 || run.start == 0 || run.end == mask.width {
            touchesBorder[Int(group)] = true
        }
        var holes = 0
        for (run, group) in zip(background.runs, groups.group) where !touchesBorder[Int(group)] { holes += run.length }
        return holes
    }

    /// Foreground pixels of row `row` within `columns`; 0 for a row outside the mask.
    static func foregroundCount(_ mask: BinaryMask, row: Int, columns: Range<Int>) -> Int {
        guard row >= 0 && row < mask.height, !columns.isEmpty else { return 0 }
        var count = 0
        for index in columns.lowerBound / 64...(columns.upperBound - 1) / 64 {
            let low = index * 64
            let bits = BinaryMask.lowBits(min(columns.upperBound - low, 64)) & ~BinaryMask.lowBits(max(columns.lowerBound - low, 0))
            count += (mask.words[row * mask.wordsPerRow + index] & bits).nonzeroBitCount
        }
        return count
    }
}
