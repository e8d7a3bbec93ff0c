/// A confusion matrix as a heat map: rows are the truth, columns the decision, each cell its count and share
/// of the row, shaded by that share.
public struct HeatMap: Sendable {
    /// Title above the grid.
    public var title: String
    /// Row names (truth) and column names (decision).
    public var rows: [String], columns: [String]
    /// Counts, `counts[row][column]`.
    public var counts: [[Int]]

    /// A heat map of `counts`.
    public init(title: String, rows: [String], columns: [String], counts: [[Int]]) {
        self.title = title
        self.rows = rows
        self.columns = columns
        self.counts = counts
    }

    /// The SVG.
    public var svg: HTMLNode {
        let cell = 96.0, left = 110.0, top = 52.0
        let width = left + cell * Double(columns.count) + 12, height = top + cell * Double(rows.count) + 30
        var nodes: [HTMLNode] = [.tag("title", text: title),
                                 .tag("text", [("x", "4"), ("y", "18"), ("class", "chart-title")], text: title),
                                 .tag("text", [("x", SVGNumber.text(left + cell * Double(columns.count) / 2)), ("y", "36"),
                                               ("class", "axis-label"), ("text-anchor", "middle")], text: "decision")]
        for (index, name) in columns.enumerated() {
            nodes.append(.tag("text", [("x", SVGNumber.text(left + cell * (Double(index) + 0.5))), ("y", SVGNumber.text(top - 4)),
                                       ("class", "tick"), ("text-anchor", "middle")], text: name))
        }
        for (row, name) in rows.enumerated() {
            let total = counts[row].reduce(0, +)
            nodes.append(.tag("text", [("x", SVGNumber.text(left - 8)), ("y", SVGNumber.text(top + cell * (Double(row) + 0.5))),
                                       ("class", "tick"), ("text-anchor", "end"), ("dominant-baseline", "middle")], text: "truly " + name))
            for (column, count) in counts[row].enumerated() {
                let share = total > 0 ? Double(count) / Double(total) : 0
                let x = left + cell * Double(column), y = top + cell * Double(row)
                nodes.append(.tag("rect", [("x", SVGNumber.text(x)), ("y", SVGNumber.text(y)), ("width", SVGNumber.text(cell - 2)),
                                           ("height", SVGNumber.text(cell - 2)), ("fill", ChartColor.blue.rawValue),
                                           ("fill-opacity", SVGNumber.text(0.08 + 0.8 * share))]))
                let ink = share > 0.55 ? "white" : "#111"
                nodes.append(.tag("text", [("x", SVGNumber.text(x + cell / 2)), ("y", SVGNumber.text(y + cell / 2 - 6)), ("fill", ink),
                                           ("class", "cell-count"), ("text-anchor", "middle")], text: NumberFormat.count(count)))
                nodes.append(.tag("text", [("x", SVGNumber.text(x + cell / 2)), ("y", SVGNumber.text(y + cell / 2 + 14)), ("fill", ink),
                                           ("class", "tick"), ("text-anchor", "middle")], text: NumberFormat.percent(share, digits: 0) + " of row"))
            }
        }
        return .tag("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(SVGNumber.text(width)) \(SVGNumber.text(height))"),
                            ("width", SVGNumber.text(width)), ("height", SVGNumber.text(height)), ("role", "img"), ("class", "chart")], nodes)
    }
}
