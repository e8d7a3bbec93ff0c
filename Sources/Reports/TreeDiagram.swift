import Learning

/// A fitted decision tree drawn top-down: split nodes show their test, leaves the share of good images, their
/// size and (with a threshold) the decision, shaded blue when accepted and orange when rejected; branches
/// deeper than `maxDepth` are summarised in one box.
public struct TreeDiagram: Sendable {
    /// The tree.
    public var tree: TreeModel
    /// Names of its features.
    public var features: [String]
    /// Deepest level drawn (the root is 0).
    public var maxDepth: Int
    /// Leaves whose share of good is at least this are accepted; nil shades by the majority.
    public var acceptThreshold: Double?

    /// A diagram of `tree`.
    public init(tree: TreeModel, features: [String], maxDepth: Int = 3, acceptThreshold: Double? = nil) {
        self.tree = tree
        self.features = features
        self.maxDepth = maxDepth
        self.acceptThreshold = acceptThreshold
    }

    /// The SVG.
    public var svg: HTMLNode {
        // Leaves (and cut-off subtrees) take consecutive slots; a parent sits above the middle of its children.
        var slots: [Int: Double] = [:], depths: [Int: Int] = [:]
        var nextSlot = 0.0
        func place(_ index: Int, depth: Int) -> Double {
            depths[index] = depth
            let node = tree.nodes[index]
            if depth < maxDepth, let left = node.left, let right = node.right {
                let slot = (place(left, depth: depth + 1) + place(right, depth: depth + 1)) / 2
                slots[index] = slot
                return slot
            }
            slots[index] = nextSlot
            nextSlot += 1
            return slots[index] ?? 0
        }
        guard !tree.nodes.isEmpty else { return .group([]) }
        _ = place(0, depth: 0)
        let boxWidth = 150.0, boxHeight = 40.0, columnWidth = 158.0, rowHeight = 78.0
        let width = max(columnWidth * nextSlot, 300), height = rowHeight * Double((depths.values.max() ?? 0) + 1) + 40
        func center(_ index: Int) -> (Double, Double) {
            (columnWidth * ((slots[index] ?? 0) + 0.5), 34 + rowHeight * Double(depths[index] ?? 0))
        }
        var edges: [HTMLNode] = [], boxes: [HTMLNode] = []
        for index in slots.keys.sorted() {
            let node = tree.nodes[index]
            let (x, y) = center(index)
            let isDrawnSplit = (depths[index] ?? 0) < maxDepth && node.feature != nil
            if isDrawnSplit, let left = node.left, let right = node.right {
                for (child, label) in [(left, "yes"), (right, "no")] {
                    let (cx, cy) = center(child)
                    edges.append(.tag("line", [("x1", SVGNumber.text(x)), ("y1", SVGNumber.text(y + boxHeight / 2)), ("x2", SVGNumber.text(cx)),
                                               ("y2", SVGNumber.text(cy - boxHeight / 2)), ("class", "edge")]))
                    edges.append(.tag("text", [("x", SVGNumber.text((x + cx) / 2 + (child == left ? -8 : 8))),
                                               ("y", SVGNumber.text((y + cy) / 2 + 4)), ("class", "tick"),
                                               ("text-anchor", child == left ? "end" : "start")], text: label))
                }
            }
            let good = node.positiveShare
            let lines: [String]
            if isDrawnSplit, let feature = node.feature {
                let name = feature < features.count ? features[feature] : "x\(feature)"
                lines = ["\(name) ≤ \(NumberFormat.significant(node.threshold))", "\(NumberFormat.count(node.samples)) masks"]
            } else {
                let decision = acceptThreshold.map { good >= $0 ? " · accept" : " · reject" } ?? ""
                lines = [(node.feature == nil ? "" : "subtree: ") + "\(NumberFormat.percent(good, digits: 0)) good" + decision,
                         "\(NumberFormat.count(node.positives)) of \(NumberFormat.count(node.samples))"]
            }
            let accepted = good >= (acceptThreshold ?? 0.5)
            let fill = isDrawnSplit ? "#f3f5f7" : (accepted ? "#d6e9f5" : "#f8ddd0")
            boxes.append(.tag("rect", [("x", SVGNumber.text(x - boxWidth / 2)), ("y", SVGNumber.text(y - boxHeight / 2)),
                                       ("width", SVGNumber.text(boxWidth)), ("height", SVGNumber.text(boxHeight)), ("rx", "5"),
                                       ("fill", fill), ("class", "tree-box")]))
            for (offset, line) in lines.enumerated() {
                boxes.append(.tag("text", [("x", SVGNumber.text(x)), ("y", SVGNumber.text(y - 4 + 15 * Double(offset))),
                                           ("class", offset == 0 ? "tree-test" : "tick"), ("text-anchor", "middle")], text: line))
            }
        }
        return .tag("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(SVGNumber.text(width)) \(SVGNumber.text(height))"),
                            ("width", SVGNumber.text(width)), ("height", SVGNumber.text(height)), ("role", "img"), ("class", "chart")],
                    [.tag("title", text: "decision tree")] + edges + boxes)
    }
}
