import MaskImage

/// The 8-connected components of a mask's foreground, as scipy's `ndimage.label(mask, np.ones((3, 3)))` and
/// scikit-image's `measure.label(mask, connectivity=2)` find them: two foreground pixels are connected when
/// they touch at an edge or a corner. Labels count from 1 in the raster order of each component's first pixel.
public struct ComponentLabeling: Sendable {
    /// The foreground runs.
    public let runs: PixelRuns
    /// The label of every run, in the order of `runs.runs`.
    public let labels: [Int32]
    /// Pixels per component; `areas[k - 1]` is the area of label `k`.
    public let areas: [Int]

    /// Labels `mask` (union-find over its runs: runs in neighbouring rows join when they overlap or touch at
    /// a corner).
    public init(_ mask: BinaryMask) {
        runs = PixelRuns(mask)
        let groups = runs.groups(diagonal: true)
        labels = groups.group.map { $0 + 1 }
        var areas = [Int](repeating: 0, count: groups.count)
        for (run, group) in zip(runs.runs, groups.group) { areas[Int(group)] += run.length }
        self.areas = areas
    }

    /// Labels ordered by area, largest first; equal areas keep label order.
    public var bySize: [Int32] {
        areas.indices.sorted { areas[$0] != areas[$1] ? areas[$0] > areas[$1] : $0 < $1 }.map { Int32($0 + 1) }
    }
}
