#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A chart drawn as inline SVG: two axes with ticks, labels and units, layers of data drawn over them, and a
/// legend. Layers are small values (`ChartLayer`), so charts compose: a ROC curve is a step layer, a diagonal
/// line layer and a scatter layer of labelled operating points.
public struct Chart: Sendable {
    /// One axis.
    public struct Axis: Sendable {
        /// The label, with its unit ("false positive rate (share of bad vectors accepted)").
        public var label: String
        /// The values shown.
        public var domain: ClosedRange<Double>
        /// Category names at 0, 1, 2, ... (for bar charts); empty for a numeric axis.
        public var categories: [String]
        /// How tick values are written; nil writes as many decimals as the tick step needs.
        public var format: (@Sendable (Double) -> String)?

        /// A numeric axis.
        public init(_ label: String, domain: ClosedRange<Double>, format: (@Sendable (Double) -> String)? = nil) {
            self.label = label
            self.domain = domain
            self.categories = []
            self.format = format
        }

        /// A categorical axis: one band per category.
        public init(_ label: String, categories: [String]) {
            self.label = label
            self.domain = -0.5...(Double(max(categories.count, 1)) - 0.5)
            self.categories = categories
            self.format = nil
        }

        /// The text of each tick of `ticks`.
        func labels(_ ticks: [Double]) -> [String] {
            if let format { return ticks.map(format) }
            let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : 1
            let digits = step >= 1 ? 0 : Int((-log10(step)).rounded(.up))
            return ticks.map { NumberFormat.decimal($0, digits: digits) }
        }
    }

    /// The title above the chart.
    public var title: String
    /// Horizontal and vertical axes.
    public var x: Axis, y: Axis
    /// Drawn in order, later on top.
    public var layers: [ChartLayer]
    /// Size in pixels.
    public var width: Double, height: Double

    /// A chart; 460 x 320 pixels unless stated.
    public init(title: String, x: Axis, y: Axis, layers: [ChartLayer], width: Double = 460, height: Double = 320) {
        self.title = title
        self.x = x
        self.y = y
        self.layers = layers
        self.width = width
        self.height = height
    }

    /// Space around the plot area for the title, the legend, ticks and labels.
    static let margin = (left: 62.0, right: 14.0, top: 44.0, bottom: 52.0)

    /// The plot area's scales.
    public var scales: (x: LinearScale, y: LinearScale) {
        (LinearScale(domain: x.domain, start: Self.margin.left, end: width - Self.margin.right),
         LinearScale(domain: y.domain, start: height - Self.margin.bottom, end: Self.margin.top))
    }

    /// The chart as an `<svg>` element with a `<title>` for screen readers.
    public var svg: HTMLNode {
        let (xs, ys) = scales
        var nodes: [HTMLNode] = [.tag("title", text: title)]
        nodes.append(.tag("text", [("x", SVGNumber.text(Self.margin.left)), ("y", "14"), ("class", "chart-title")], text: title))
        // Grid and ticks.
        let left = Self.margin.left, right = width - Self.margin.right
        let top = Self.margin.top, bottom = height - Self.margin.bottom
        if y.categories.isEmpty {
            let ticks = ys.ticks()
            for (tick, text) in zip(ticks, y.labels(ticks)) {
                let position = SVGNumber.text(ys.position(tick))
                nodes.append(.tag("line", [("x1", SVGNumber.text(left)), ("x2", SVGNumber.text(right)), ("y1", position), ("y2", position),
                                           ("class", "grid")]))
                nodes.append(.tag("text", [("x", SVGNumber.text(left - 6)), ("y", position), ("class", "tick"), ("text-anchor", "end"),
                                           ("dominant-baseline", "middle")], text: text))
            }
        }
        if x.categories.isEmpty {
            let ticks = xs.ticks()
            for (tick, text) in zip(ticks, x.labels(ticks)) {
                let position = SVGNumber.text(xs.position(tick))
                nodes.append(.tag("line", [("x1", position), ("x2", position), ("y1", SVGNumber.text(top)), ("y2", SVGNumber.text(bottom)),
                                           ("class", "grid")]))
                nodes.append(.tag("text", [("x", position), ("y", SVGNumber.text(bottom + 16)), ("class", "tick"), ("text-anchor", "middle")],
                                  text: text))
            }
        } else {
            for (index, name) in x.categories.enumerated() {
                nodes.append(.tag("text", [("x", SVGNumber.text(xs.position(Double(index)))), ("y", SVGNumber.text(bottom + 16)),
                                           ("class", "tick"), ("text-anchor", "middle")], text: name))
            }
        }
        nodes.append(.tag("rect", [("x", SVGNumber.text(left)), ("y", SVGNumber.text(top)), ("width", SVGNumber.text(right - left)),
                                   ("height", SVGNumber.text(bottom - top)), ("class", "frame")]))
        nodes.append(.tag("text", [("x", SVGNumber.text((left + right) / 2)), ("y", SVGNumber.text(height - 10)), ("class", "axis-label"),
                                   ("text-anchor", "middle")], text: x.label))
        nodes.append(.tag("text", [("transform", "translate(14 \(SVGNumber.text((top + bottom) / 2))) rotate(-90)"), ("class", "axis-label"),
                                   ("text-anchor", "middle")], text: y.label))
        for layer in layers { nodes.append(layer.node(x: xs, y: ys)) }
        // Every layer's labels over every layer's points, none covering another or a point.
        let points = layers.map { $0.points(x: xs, y: ys) }
        var placement = PointLabelPlacement(markers: points.joined().map { ($0.x, $0.y) }, top: top, bottom: bottom)
        for (layer, layerPoints) in zip(layers, points) {
            for point in layerPoints {
                if let label = point.label { nodes.append(placement.label(label, x: point.x, y: point.y, left: layer.labelsLeft)) }
            }
        }
        nodes.append(legend(right: right, top: top))
        return .tag("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(SVGNumber.text(width)) \(SVGNumber.text(height))"),
                            ("width", SVGNumber.text(width)), ("height", SVGNumber.text(height)), ("role", "img"), ("class", "chart")], nodes)
    }

    /// The named layers side by side on one line under the title, clear of the data.
    private func legend(right: Double, top: Double) -> HTMLNode {
        var nodes: [HTMLNode] = []
        var x = Self.margin.left
        let y = top - 12
        for layer in layers {
            guard let label = layer.legend else { continue }
            nodes.append(layer.swatch(x: x, y: y))
            nodes.append(.tag("text", [("x", SVGNumber.text(x + 18)), ("y", SVGNumber.text(y)), ("class", "legend-text"),
                                       ("dominant-baseline", "middle")], text: label))
            x += 18 + 6.2 * Double(label.count) + 14
        }
        return .tag("g", [], nodes)
    }
}

/// Numbers written into SVG attributes: two decimals at most, no exponent, no grouping.
enum SVGNumber {
    static func text(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let fraction = magnitude % 100
        return sign + String(magnitude / 100) + (fraction == 0 ? "" : "." + (fraction < 10 ? "0" : "") + String(fraction))
    }
}
