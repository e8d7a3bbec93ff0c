/// Promise against outcome: for each quantity (a row), the promised and the realised 95% intervals drawn one
/// above the other on one axis, each with its point and its bounds printed beside it. The legend's words are
/// `promised` and `realised`.
struct ForestPlot {
    /// One quantity: its name, how its numbers are shown, and the two intervals (point, low, high).
    struct Row {
        let name: String
        let format: (Double) -> String
        let promised: (value: Double?, low: Double?, high: Double?)
        let realised: (value: Double?, low: Double?, high: Double?)
    }

    let title: String
    let rows: [Row]
    var width = 720.0

    static let rowHeight = 64.0, top = 46.0, left = 190.0, right = 250.0

    /// The plot as an `<svg>`; each row has its own axis, from 0 to past the largest bound.
    var svg: HTMLNode {
        let height = Self.top + Self.rowHeight * Double(rows.count) + 10
        var nodes: [HTMLNode] = [.tag("title", text: title),
                                 .tag("text", [("x", "8"), ("y", "14"), ("class", "chart-title")], text: title)]
        // Legend under the title.
        for (index, (word, color)) in [("promised", ChartColor.blue), ("realised", ChartColor.orange)].enumerated() {
            let x = 8 + Double(index) * 110
            nodes.append(.tag("line", [("x1", SVGNumber.text(x)), ("x2", SVGNumber.text(x + 14)), ("y1", "30"), ("y2", "30"),
                                       ("stroke", color.rawValue), ("stroke-width", "3")]))
            nodes.append(.tag("text", [("x", SVGNumber.text(x + 20)), ("y", "30"), ("class", "legend-text"), ("dominant-baseline", "middle")],
                              text: word))
        }
        let plotRight = width - Self.right
        for (index, row) in rows.enumerated() {
            let y0 = Self.top + Self.rowHeight * Double(index)
            let bounds = [row.promised.high, row.promised.value, row.realised.high, row.realised.value].compactMap { $0 }
            let scale = LinearScale(domain: 0...max((bounds.max() ?? 1) * 1.1, 1e-9), start: Self.left, end: plotRight)
            nodes.append(.tag("text", [("x", "8"), ("y", SVGNumber.text(y0 + 28)), ("class", "axis-label"), ("dominant-baseline", "middle")],
                              text: row.name))
            nodes.append(.tag("line", [("x1", SVGNumber.text(Self.left)), ("x2", SVGNumber.text(plotRight)), ("y1", SVGNumber.text(y0 + 50)),
                                       ("y2", SVGNumber.text(y0 + 50)), ("class", "grid")]))
            for (offset, interval, color, word) in [(18.0, row.promised, ChartColor.blue, "promised"), (38.0, row.realised, .orange, "realised")] {
                let y = SVGNumber.text(y0 + offset)
                if let low = interval.low, let high = interval.high {
                    nodes.append(.tag("line", [("x1", SVGNumber.text(scale.position(low))), ("x2", SVGNumber.text(scale.position(high))),
                                               ("y1", y), ("y2", y), ("stroke", color.rawValue), ("stroke-width", "3")]))
                }
                if let value = interval.value {
                    nodes.append(.tag("circle", [("cx", SVGNumber.text(scale.position(value))), ("cy", y), ("r", "4.5"), ("fill", color.rawValue)]))
                }
                let text = "\(word) " + (interval.value.map(row.format) ?? "–") + " ("
                    + (interval.low.map(row.format) ?? "–") + "–" + (interval.high.map(row.format) ?? "–") + ")"
                nodes.append(.tag("text", [("x", SVGNumber.text(plotRight + 10)), ("y", y), ("class", "tick"), ("dominant-baseline", "middle")],
                                  text: text))
            }
        }
        return .tag("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(SVGNumber.text(width)) \(SVGNumber.text(height))"),
                            ("width", SVGNumber.text(width)), ("height", SVGNumber.text(height)), ("role", "img"), ("class", "chart")], nodes)
    }
}
