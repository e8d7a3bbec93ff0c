/// Something drawn on a chart's plot area: lines, steps, labelled points, bars with intervals, histograms.
public struct ChartLayer: Sendable {
    /// What is drawn.
    public enum Kind: Sendable {
        /// Points joined by straight lines.
        case line([(x: Double, y: Double)])
        /// Points joined by horizontal-then-vertical steps (a ROC or precision-recall curve).
        case step([(x: Double, y: Double)])
        /// Points, each with an optional label written beside it.
        case points([(x: Double, y: Double, label: String?)])
        /// Bars at category positions (0, 1, ...) with optional 95% intervals, `offset` and `width` in bands.
        case bars([(value: Double, low: Double?, high: Double?)], offset: Double, width: Double)
        /// A histogram: bin edges (one more than counts) and the height of each bin.
        case histogram(edges: [Double], heights: [Double])
    }

    /// What is drawn.
    public var kind: Kind
    /// A colour from `ChartColor`.
    public var color: ChartColor
    /// Dashed lines.
    public var dashed: Bool
    /// The legend entry; nil for none.
    public var legend: String?
    /// Points' labels written to the left of them, not the right: for a mark among another layer's labelled points.
    public var labelsLeft: Bool

    /// A layer.
    public init(_ kind: Kind, color: ChartColor, legend: String? = nil, dashed: Bool = false, labelsLeft: Bool = false) {
        self.kind = kind
        self.color = color
        self.legend = legend
        self.dashed = dashed
        self.labelsLeft = labelsLeft
    }

    /// The layer's SVG.
    func node(x: LinearScale, y: LinearScale) -> HTMLNode {
        let stroke = [("stroke", color.rawValue), ("fill", "none"), ("stroke-width", "2")]
            + (dashed ? [("stroke-dasharray", "5 4")] : [])
        switch kind {
        case .line(let points):
            return .tag("polyline", [("points", Self.pointList(points.map { (x.position($0.x), y.position($0.y)) }))] + stroke)
        case .step(let points):
            var corners: [(Double, Double)] = []
            for (index, point) in points.enumerated() {
                if index > 0 { corners.append((x.position(point.x), y.position(points[index - 1].y))) }
                corners.append((x.position(point.x), y.position(point.y)))
            }
            return .tag("polyline", [("points", Self.pointList(corners))] + stroke)
        case .points(let points):
            // The chart writes the labels, after every layer's points (`PointLabelPlacement`).
            return .tag("g", [], points.map { point in
                .tag("circle", [("cx", SVGNumber.text(x.position(point.x))), ("cy", SVGNumber.text(y.position(point.y))),
                                ("r", SVGNumber.text(PointLabelPlacement.markerRadius)), ("fill", color.rawValue), ("stroke", "white"),
                                ("stroke-width", "1.2")])
            })
        case .bars(let bars, let offset, let width):
            var nodes: [HTMLNode] = []
            let band = abs(x.position(1) - x.position(0))
            let baseline = y.position(max(y.domain.lowerBound, 0))
            for (index, bar) in bars.enumerated() {
                let center = x.position(Double(index) + offset)
                let top = y.position(bar.value)
                nodes.append(.tag("rect", [("x", SVGNumber.text(center - band * width / 2)), ("y", SVGNumber.text(min(top, baseline))),
                                           ("width", SVGNumber.text(band * width)), ("height", SVGNumber.text(abs(baseline - top))),
                                           ("fill", color.rawValue)]))
                if let low = bar.low, let high = bar.high {
                    let whisker = [("stroke", "#222"), ("stroke-width", "1.5")]
                    let (yl, yh) = (SVGNumber.text(y.position(low)), SVGNumber.text(y.position(high)))
                    let cx = SVGNumber.text(center)
                    nodes.append(.tag("line", [("x1", cx), ("x2", cx), ("y1", yl), ("y2", yh)] + whisker))
                    for end in [yl, yh] {
                        nodes.append(.tag("line", [("x1", SVGNumber.text(center - 5)), ("x2", SVGNumber.text(center + 5)),
                                                   ("y1", end), ("y2", end)] + whisker))
                    }
                }
            }
            return .tag("g", [], nodes)
        case .histogram(let edges, let heights):
            var nodes: [HTMLNode] = []
            let baseline = y.position(0)
            for (index, height) in heights.enumerated() where height > 0 && index + 1 < edges.count {
                let left = x.position(edges[index]), right = x.position(edges[index + 1])
                let top = y.position(height)
                nodes.append(.tag("rect", [("x", SVGNumber.text(left)), ("y", SVGNumber.text(top)), ("width", SVGNumber.text(right - left)),
                                           ("height", SVGNumber.text(baseline - top)), ("fill", color.rawValue), ("fill-opacity", "0.45"),
                                           ("stroke", color.rawValue), ("stroke-width", "1")]))
            }
            return .tag("g", [], nodes)
        }
    }

    /// The layer's points on the chart, with their labels: none for a layer of another kind.
    func points(x: LinearScale, y: LinearScale) -> [(x: Double, y: Double, label: String?)] {
        guard case .points(let points) = kind else { return [] }
        return points.map { (x.position($0.x), y.position($0.y), $0.label) }
    }

    /// A small sample of the layer for the legend, centred vertically on `y`.
    func swatch(x: Double, y: Double) -> HTMLNode {
        switch kind {
        case .line, .step:
            return .tag("line", [("x1", SVGNumber.text(x)), ("x2", SVGNumber.text(x + 14)), ("y1", SVGNumber.text(y)), ("y2", SVGNumber.text(y)),
                                 ("stroke", color.rawValue), ("stroke-width", "2")] + (dashed ? [("stroke-dasharray", "4 3")] : []))
        case .points:
            return .tag("circle", [("cx", SVGNumber.text(x + 7)), ("cy", SVGNumber.text(y)), ("r", "4"), ("fill", color.rawValue)])
        case .bars, .histogram:
            return .tag("rect", [("x", SVGNumber.text(x)), ("y", SVGNumber.text(y - 5)), ("width", "14"), ("height", "10"),
                                 ("fill", color.rawValue), ("fill-opacity", "0.7")])
        }
    }

    private static func pointList(_ points: [(Double, Double)]) -> String {
        points.map { SVGNumber.text($0.0) + "," + SVGNumber.text($0.1) }.joined(separator: " ")
    }
}

/// The report's palette (colour-blind safe, after Okabe and Ito).
public enum ChartColor: String, Sendable, CaseIterable {
    /// Good images, the chosen model, "accept".
    case blue = "#0072B2"
    /// Bad images, "reject".
    case orange = "#D55E00"
    /// A second series.
    case green = "#009E73"
    /// A third series.
    case purple = "#CC79A7"
    /// Reference lines (chance, base rates).
    case grey = "#888888"
    /// Highlighted points.
    case yellow = "#E69F00"
    /// Good items a filter drops (a light `blue`).
    case lightBlue = "#9CC8E6"
    /// Bad items a filter drops (a light `orange`).
    case lightOrange = "#F3B892"
}
