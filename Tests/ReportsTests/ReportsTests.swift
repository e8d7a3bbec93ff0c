import Foundation
import Learning
@testable import Reports
import Testing

struct HTMLNodeTests {
    @Test func textAndAttributesAreEscapedTrustedMarkupIsNot() {
        let node = HTMLNode.tag("p", [("title", "a \"quoted\" <b> & 'c'")], [
            .text("<script>alert(1)</script> & more"),
            .tag("br"),
            .trusted("<em>fixed</em>"),
        ])
        #expect(node.rendered == "<p title=\"a &quot;quoted&quot; &lt;b&gt; &amp; &#39;c&#39;\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"
            + "<br><em>fixed</em></p>")
        #expect(HTMLNode.group([.text("é ✓"), .tag("span", text: "x")]).rendered == "é ✓<span>x</span>")
    }

    @Test func randomTextNeverProducesMarkup() {
        var generator = SeededTestGenerator(seed: 11)
        let alphabet = Array("<>&\"'abc =/\n")
        for _ in 0..<500 {
            let text = String((0..<Int(generator.next() % 20)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            let rendered = HTMLNode.tag("td", [("data-value", text)], text: text).rendered
            #expect(rendered.filter { $0 == "<" }.count == 2, "\(text)")
            #expect(rendered.filter { $0 == "\"" }.count == 2, "\(text)")
        }
    }
}

/// A tiny deterministic generator for the tests (splitmix64).
struct SeededTestGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct NumberFormatTests {
    @Test func decimalsRoundHalfAwayFromZeroWithoutNegativeZero() {
        #expect(NumberFormat.decimal(0.76012) == "0.760")
        #expect(NumberFormat.decimal(0.7605, digits: 2) == "0.76")
        #expect(NumberFormat.decimal(2.5, digits: 0) == "3")
        #expect(NumberFormat.decimal(-0.0004) == "0.000")
        #expect(NumberFormat.decimal(-1.25, digits: 1) == "−1.3")
        #expect(NumberFormat.decimal(nil) == "–")
        #expect(NumberFormat.decimal(.nan) == "–")
        #expect(NumberFormat.decimal(12345.678, digits: 1) == "12\u{2009}345.7")
    }

    @Test func percentTimesCountAndSignificant() {
        #expect(NumberFormat.percent(0.4209) == "42.1%")
        #expect(NumberFormat.percent(1) == "100.0%")
        #expect(NumberFormat.times(1.8512) == "1.85×")
        #expect(NumberFormat.count(60000) == "60\u{2009}000")
        #expect(NumberFormat.count(2000) == "2000")
        #expect(NumberFormat.significant(0.040417) == "0.0404")
        #expect(NumberFormat.significant(0.124) == "0.124")
        #expect(NumberFormat.significant(2.4e-7) == "2.40e−7")
        #expect(NumberFormat.significant(0) == "0")
    }

    @Test func decimalsAgreeWithTheValueToTheirPrecision() {
        var generator = SeededTestGenerator(seed: 3)
        for _ in 0..<2000 {
            let value = (Double(generator.next() % 2_000_000) - 1_000_000) / 997
            let text = NumberFormat.decimal(value, digits: 3).replacingOccurrences("−", "-").replacingOccurrences("\u{2009}", "")
            let parsed = Double(text) ?? .nan
            #expect(abs(parsed - value) <= 0.0005 + 1e-9, "\(value) -> \(text)")
        }
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

struct ChartTests {
    @Test func ticksAreRoundAndInsideTheDomain() {
        for (low, high) in [(0.0, 1.0), (-7.3, 12.9), (0.0213, 0.0871), (0, 60000), (-1, -0.5)] {
            let scale = LinearScale(domain: low...high, start: 0, end: 100)
            let ticks = scale.ticks()
            #expect(ticks.count >= 2 && ticks.count <= 11, "\(low)...\(high): \(ticks)")
            #expect(ticks.allSatisfy { $0 >= low - 1e-9 && $0 <= high + 1e-9 })
            let steps = zip(ticks, ticks.dropFirst()).map { $1 - $0 }
            #expect(steps.allSatisfy { abs($0 - steps[0]) < 1e-9 * max(1, abs(steps[0])) })
            #expect(abs(scale.position(low)) < 1e-9 && abs(scale.position(high) - 100) < 1e-9)
        }
        #expect(LinearScale(domain: 0...1, start: 0, end: 10).ticks() == [0, 0.2, 0.4, 0.6, 0.8, 1])
    }

    @Test func chartDrawsAxesLayersAndLegend() {
        let chart = Chart(title: "ROC <test>", x: .init("false positive rate", domain: 0...1), y: .init("true positive rate", domain: 0...1),
                          layers: [.init(.line([(0, 0), (1, 1)]), color: .grey, legend: "chance", dashed: true),
                                   .init(.step([(0, 0), (0.5, 0.8), (1, 1)]), color: .blue, legend: "model"),
                                   .init(.points([(0.5, 0.8, "Y"), (0.51, 0.8, "R")]), color: .orange, legend: "strategies")])
        let svg = chart.svg.rendered
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("<title>ROC &lt;test&gt;</title>"))
        for text in ["false positive rate", "true positive rate", ">chance<", ">model<", ">strategies<", ">Y<", ">R<", ">0.2<"] {
            #expect(svg.contains(text), "\(text)")
        }
        #expect(svg.components("<polyline") == 2 && svg.components("<circle") == 3)  // two points and one legend swatch
        #expect(svg.contains("stroke-dasharray"))
        // The step layer turns the corner horizontally first: (0,0) -> (0.5,0) -> (0.5,0.8).
        let (xs, ys) = chart.scales
        let corner = "\(Int(xs.position(0.5))),\(Int(ys.position(0)))"
        #expect(svg.contains(corner), "\(corner)")
    }

    /// A mark among another layer's labelled points writes its label to the left (`labelsLeft`), ending before
    /// its point, so that the two labels do not meet.
    @Test func labelsLeftEndBeforeTheirPoint() {
        let chart = Chart(title: "trade-off", x: .init("threshold", domain: 0...1), y: .init("share", domain: 0...1),
                          layers: [.init(.points([(0.5, 0.5, "Y")]), color: .orange),
                                   .init(.points([(0.49, 0.5, "D")]), color: .green, legend: "default", labelsLeft: true)])
        let svg = chart.svg.rendered
        let (xs, _) = chart.scales
        let label = { (text: String) -> (x: Double, end: Bool)? in
            guard let close = svg.range(of: ">\(text)</text>") else { return nil }
            let open = svg[..<close.lowerBound].range(of: "<text", options: .backwards).map { svg[$0.lowerBound..<close.lowerBound] } ?? ""
            guard let x = open.range(of: "x=\"").map({ open[$0.upperBound...].prefix { $0 != "\"" } }).flatMap({ Double($0) }) else { return nil }
            return (x, open.contains("text-anchor=\"end\""))
        }
        let d = label("D"), y = label("Y")
        #expect(d?.end == true && (d?.x ?? .infinity) < xs.position(0.49), "\(String(describing: d))")
        #expect(y?.end == false && (y?.x ?? 0) > xs.position(0.5), "\(String(describing: y))")
    }

    /// Every point is drawn before any label, and a label steps clear of the points beside it, of its own layer and
    /// of others: a marker never covers a label.
    @Test func noPointCoversALabel() {
        let chart = Chart(title: "ROC", x: .init("false positive rate", domain: 0...1), y: .init("true positive rate", domain: 0...1),
                          layers: [.init(.points([(0.13, 0.85, "Y"), (0.13, 0.85, "F"), (0.15, 0.86, "T95"), (0.17, 0.83, nil)]), color: .orange),
                                   .init(.points([(0.14, 0.8, nil)]), color: .green)])
        let svg = chart.svg.rendered
        let lastCircle = svg.range(of: "<circle", options: .backwards)?.lowerBound
        let firstLabel = svg.range(of: "point-label")?.lowerBound
        #expect(lastCircle != nil && firstLabel != nil && lastCircle! < firstLabel!)
        let number = { (tag: Substring, name: String) -> Double in
            tag.range(of: " \(name)=\"").flatMap { Double(tag[$0.upperBound...].prefix { $0 != "\"" }) } ?? .nan
        }
        let circles = svg.components(separatedBy: "<circle").dropFirst().map { Substring($0.prefix { $0 != ">" }) }
            .map { (x: number($0, "cx"), y: number($0, "cy")) }
        let labels = svg.components(separatedBy: "<text").dropFirst().filter { $0.contains("point-label") }
            .map { Substring($0.prefix { $0 != ">" }) }.map { (x: number($0, "x"), y: number($0, "y")) }
        #expect(circles.count == 5 && labels.count == 3)
        let widths = [1.0, 1, 3].map { $0 * PointLabelPlacement.characterWidth }
        for (label, width) in zip(labels, widths) {
            for circle in circles {
                let apart = circle.x + 4.5 <= label.x || label.x + width <= circle.x - 4.5 || circle.y + 4.5 <= label.y - 8 || label.y + 2 <= circle.y - 4.5
                #expect(apart, "label at \(label) meets the point at \(circle)")
            }
        }
    }

    /// Labels of points at the foot of the plot that cannot stay beside their points step upwards, not down
    /// onto the x axis's tick labels (a user's bad-per-good chart wrote "P10" over the tick "1.00"); one that has
    /// room stays beside its point.
    @Test func labelsAtTheFootOfThePlotStayOffTheTicks() {
        let chart = Chart(title: "bad per good", x: .init("threshold", domain: 0.85...1), y: .init("bad per good", domain: 0...0.9),
                          layers: [.init(.points([(0.985, 0.01, "P10"), (0.999, 0.0, "P"), (0.975, 0.03, "F10"), (0.9, 0.5, "Y")]), color: .orange),
                                   .init(.points([(0.98, 0.06, "D")]), color: .green, labelsLeft: true)])
        let svg = chart.svg.rendered
        let bottom = chart.height - Chart.margin.bottom
        let baselines = svg.components(separatedBy: "<text").dropFirst().filter { $0.contains("point-label") }
            .compactMap { tag in tag.range(of: " y=\"").flatMap { Double(tag[$0.upperBound...].prefix { $0 != "\"" }) } }
        #expect(baselines.count == 5)
        // A label's glyphs reach 2 px below its baseline; the ticks' begin 8 px below the plot.
        #expect(baselines.allSatisfy { $0 + 2 <= bottom + 8 }, "\(baselines), plot bottom \(bottom)")
        let (_, ys) = chart.scales
        #expect(baselines.contains { abs($0 - (ys.position(0.5) + 4)) < 0.01 }, "Y has room beside its point and stays there: \(baselines)")
    }

    @Test func barsHistogramsHeatMapAndTree() {
        let bars = Chart(title: "speed-up", x: .init("group", categories: ["a", "b"]), y: .init("x", domain: 0...3),
                         layers: [.init(.bars([(2, 1.5, 2.5), (1, nil, nil)], offset: 0, width: 0.5), color: .blue)]).svg.rendered
        #expect(bars.components("<rect") == 3 && bars.components("<line") >= 3 + 3)  // frame + 2 bars; whisker + 2 caps
        #expect(bars.contains(">a<") && bars.contains(">b<"))
        let histogram = Chart(title: "h", x: .init("v", domain: 0...1), y: .init("share", domain: 0...1),
                              layers: [.init(.histogram(edges: [0, 0.5, 1], heights: [0.25, 0]), color: .orange)]).svg.rendered
        #expect(histogram.components("<rect") == 2)  // frame + the one non-empty bin
        let map = HeatMap(title: "confusion", rows: ["good", "bad"], columns: ["accept", "reject"], counts: [[5, 5], [9, 21]]).svg.rendered
        for text in [">5<", ">9<", ">21<", "70% of row", "truly good"] { #expect(map.contains(text), "\(text)") }
        let tree = TreeModel(featureCount: 2, nodes: [
            TreeNode(feature: 1, threshold: 0.5, left: 1, right: 2, samples: 10, positives: 4, impurity: 0.48),
            TreeNode(feature: nil, threshold: -2, left: nil, right: nil, samples: 6, positives: 1, impurity: 0.28),
            TreeNode(feature: nil, threshold: -2, left: nil, right: nil, samples: 4, positives: 3, impurity: 0.375),
        ])
        let diagram = TreeDiagram(tree: tree, features: ["iou", "cosine"]).svg.rendered
        #expect(diagram.contains("cosine ≤ 0.500") && diagram.contains("75% good") && diagram.contains("1 of 6"))
        #expect(diagram.components("<rect") == 3)
    }
}

extension String {
    func components(_ separator: String) -> Int { split(separator: separator, omittingEmptySubsequences: false).count - 1 }
}

/// The page flags a threshold that passes or stops nearly every vector (`ExtremeAcceptance`).
struct ExtremeThresholdFlagTests {
    @Test func rowsThatPassOrStopNearlyEverythingAreFlagged() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ganfilter-flag-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/latent", withIntermediateDirectories: true)
        let columns = ThresholdTable.Column.allCases.map(\.rawValue)
        func row(_ strategy: String, passRate: String) -> String {
            columns.map { column in
                switch column {
                case "group": "g"
                case "target": "valid"
                case "strategy": strategy
                case "split": "validation"
                case "pass_rate": passRate
                default: "0.5"
                }
            }.joined(separator: ",")
        }
        let text = columns.joined(separator: ",") + "\n" + row("youden", passRate: "0.5") + "\n" + row("max-precision", passRate: "0.995")
            + "\n" + row("target-fpr=0.1", passRate: "0.004") + "\n"
        try text.write(toFile: folder + "/latent/thresholds.csv", atomically: true, encoding: .utf8)
        try StudyReport(folder: folder, labelsPath: nil, subtitle: "test", masksRan: false, latentRan: true).write()
        let page = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        // Each flag stands once, in the flags cell of its own row.
        #expect(page.components(separatedBy: "⚠ accepts ≥99%").count == 2 && page.components(separatedBy: "⚠ rejects ≥99%").count == 2)
        let rowOf = { (strategy: String) in page.components(separatedBy: "<tr").first { $0.contains(">\(strategy) (") } ?? "" }
        #expect(rowOf("max-precision").contains("⚠ accepts ≥99%") && rowOf("target-fpr=0.1").contains("⚠ rejects ≥99%"))
        #expect(!rowOf("youden").contains("⚠"))

        // A run with no mask part (a user's generator or latents alone) has no such section, no link to one, and no
        // section saying its steps failed.
        try StudyReport(folder: folder, labelsPath: nil, subtitle: "test", masksRan: nil, latentRan: true).write()
        let withoutMasks = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        #expect(!withoutMasks.contains("id=\"masks\"") && !withoutMasks.contains("#masks") && !withoutMasks.contains("Its steps failed"))
        #expect(page.contains("id=\"masks\"") && page.contains("#masks"))
        #expect(!page.contains("What the run noted"), "a run that noted nothing shows no notes")

        // The run's notes and warnings stand under the header, each once, in order, as text.
        let notes = ["note: 14 of the 14 masks scored turned as well match <better>", "warning: the threshold keeps nothing",
                     "note: 14 of the 14 masks scored turned as well match <better>"]
        try StudyReport(folder: folder, labelsPath: nil, subtitle: "test", masksRan: nil, latentRan: true, notes: notes).write()
        let noted = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        let header = try #require(noted.components(separatedBy: "</header>").first)
        #expect(header.contains("<h3>What the run noted</h3><ul class=\"note run-notes\"><li>note: 14 of the 14 masks scored turned as well "
            + "match &lt;better&gt;</li><li>warning: the threshold keeps nothing</li></ul>"), "\(header)")
    }
}
