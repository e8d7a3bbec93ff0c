/// Where a chart writes its points' labels: beside each point, stepped downwards until the label overlaps no label
/// already written and no point of any layer, so that no marker covers a label and no two labels meet.
struct PointLabelPlacement {
    /// A marker's radius, as `ChartLayer` draws it, and the room kept around it.
    static let markerRadius = 4.5
    /// The width of a label's character and the height of its line, in the chart's 10 px labels.
    static let characterWidth = 7.5, lineHeight = 11.0
    /// How many steps down a label may take before it is written where it is.
    static let maxSteps = 8

    private let markers: [(x: Double, y: Double)]
    private var placed: [(x: Double, y: Double, width: Double)] = []

    /// A placement among `markers`, the positions of every point of the chart.
    init(markers: [(x: Double, y: Double)]) {
        self.markers = markers
    }

    /// The label `text` of the point at (`x`, `y`): to its right, or to its left (`left`, ending before it).
    mutating func label(_ text: String, x: Double, y: Double, left: Bool) -> HTMLNode {
        let width = Self.characterWidth * Double(text.count)
        let lx = left ? x - 7 - width : x + 7
        var ly = y + 4
        var steps = 0
        while steps < Self.maxSteps && !isFree(x: lx, y: ly, width: width) {
            ly += Self.lineHeight
            steps += 1
        }
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
