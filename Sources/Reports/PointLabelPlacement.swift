/// Where a chart writes its points' labels: beside each point, stepped downwards until the label overlaps no label
/// already written and no point of any layer, so that no marker covers a label and no two labels meet. A label
/// that would step out of the plot, onto the axis's tick labels, steps upwards instead.
struct PointLabelPlacement {
    /// A marker's radius, as `ChartLayer` draws it, and the room kept around it.
    static let markerRadius = 4.5
    /// The width of a label's character and the height of its line, in the chart's 10 px labels.
    static let characterWidth = 7.5, lineHeight = 11.0
    /// How many steps down, then up, a label may take before it is written beside its point (within the plot).
    static let maxSteps = 8

    private let markers: [(x: Double, y: Double)]
    private let baselines: ClosedRange<Double>
    private var placed: [(x: Double, y: Double, width: Double)] = []

    /// A placement among `markers`, the positions of every point of the chart, in the plot area from `top` to
    /// `bottom`. A label's glyphs (8 px above its baseline, 2 below) reach at most 4 px above the plot, clear of
    /// the legend, and 8 px below it, where the x axis's tick labels begin.
    init(markers: [(x: Double, y: Double)], top: Double, bottom: Double) {
        self.markers = markers
        baselines = (top + 4)...max(top + 4, bottom + 6)
    }

    /// The label `text` of the point at (`x`, `y`): to its right, or to its left (`left`, ending before it).
    mutating func label(_ text: String, x: Double, y: Double, left: Bool) -> HTMLNode {
        let width = Self.characterWidth * Double(text.count)
        let lx = left ? x - 7 - width : x + 7
        let start = y + 4
        let down = (0...Self.maxSteps).map { start + Double($0) * Self.lineHeight }
        let up = (1...Self.maxSteps).map { start - Double($0) * Self.lineHeight }
        let ly = (down + up).first { baselines.contains($0) && isFree(x: lx, y: $0, width: width) }
            ?? min(max(start, baselines.lowerBound), baselines.upperBound)
        placed.append((lx, ly, width))
        return .tag("text", [("x", SVGNumber.text(left ? lx + width : lx)), ("y", SVGNumber.text(ly)), ("class", "point-label")]
                    + (left ? [("text-anchor", "end")] : []), text: text)
    }

    /// Whether a label whose baseline starts at (`x`, `y`) meets no label written and no marker. A label's glyphs
    /// lie from 8 px above its baseline to 2 px below it.
    private func isFree(x: Double, y: Double, width: Double) -> Bool {
        let meetsLabel = placed.contains { abs($0.y - y) < 10 && x < $0.x + $0.width + 2 && $0.x < x + width + 2 }
        let radius = Self.markerRadius
        let meetsMarker = markers.contains { $0.x - radius < x + width && x < $0.x + radius && $0.y - radius < y + 2 && y - 8 < $0.y + radius }
        return !meetsLabel && !meetsMarker
    }
}
