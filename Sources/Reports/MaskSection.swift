import FileIO
import Foundation
import Learning
import MaskFilter

/// The mask filter's part of the report, from the files `ganfilter pipeline` writes under `masks/`:
/// `features.csv`, `summary.json`, `model.json`, `decisions.csv`, and the labels.
struct MaskSection {
    let folder: String
    let labelsPath: String?

    /// The section, and the bad-share table it computed (written beside the page as `masks/bad_share.csv`).
    func build() -> (node: HTMLNode, badShareCSV: String?) {
        guard let features = ReportTable<FeatureColumn>(path: folder + ReportSchema.Masks.features),
              let bytes = try? FileBytes.read(folder + ReportSchema.Masks.summary, limit: ReportSchema.maximumJSONBytes, what: "summary"),
              let summary = try? Self.decoder.decode(MaskTrainingReport.Summary.self, from: Data(bytes)) else {
            return (.tag("section", [("id", "masks")], [.tag("h2", text: "Mask filter"),
                                                         .tag("p", text: "The mask filter was not run (no masks/summary.json).")]), nil)
        }
        let labels = labelsPath.flatMap { try? LabelTable(contentsOf: $0) }
        let goodness = labels.map { table in
            (try? table.join(features.rows.map { features.text($0, .file) }).labels.map { $0?.isGood }) ?? []
        } ?? []
        let decisions = ReportTable<DecisionTable.Column>(path: folder + ReportSchema.Masks.decisions)
        let badShare = self.badShare(decisions, labels: labels)
        let chooser = ThresholdChooser.maskFilter(named: "synthetic ellipse masks", folder: folder, relative: "masks/")
        var nodes: [HTMLNode] = [.tag("h2", text: "Calibration check: the mask filter on synthetic ellipse masks"),
                                 .tag("p", [("class", "note")], text: "A check that the mask filter recovers a known rule: seeded ellipse "
                                    + "masks with drawn faults and 10% rater noise (masks/README.md), six symmetry features. The real "
                                    + "generator's masks are above.")]
        nodes.append(headline(summary, chooser: chooser))
        nodes.append(.tag("h3", text: "How good and bad masks differ"))
        nodes.append(.tag("p", [("class", "note")], text: "Each feature compares the left lung with the mirrored right lung: IoU and "
            + "cosine are 1 when the halves match, the area ratio 0 when their areas are equal; \"dilated\" compares the halves grown by "
            + "a few pixels, forgiving small misalignments. Bars are the share of good (blue) and bad (orange) labelled masks in each bin."))
        nodes.append(.tag("div", [("class", "grid3")], histograms(features, goodness: goodness)))
        nodes.append(.tag("h3", text: "The chosen model"))
        nodes.append(.tag("div", [("class", "row")], [modelFigure(summary), confusionFigure(summary)]))
        nodes.append(splitTable(summary, badShare: badShare))
        if let chooser {
            nodes.append(.tag("h3", text: "Choosing a threshold"))
            nodes.append(.tag("p", [("class", "note")], text: ThresholdChooser.legendNote))
            nodes.append(chooser.node)
        }
        if let decisions {
            nodes.append(.tag("h3", text: "Examples"))
            nodes.append(ContactSheet.link(folder: "masks/", decisions: decisions))
            nodes.append(Self.examples(decisions, features: features, labels: labels, scoreName: "p(good)"))
        }
        return (.tag("section", [("id", "masks")], nodes), badShare.map(BadShareTable.csv))
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    private func badShare(_ decisions: ReportTable<DecisionTable.Column>?, labels: LabelTable?) -> BadShare? {
        guard let decisions, let labels else { return nil }
        let rows = decisions.rows.compactMap { row -> FilterDecision? in
            guard let decision = Decision(rawValue: decisions.text(row, .decision)) else { return nil }
            return FilterDecision(file: decisions.text(row, .file), decision: decision,
                                  probability: decisions.number(row, .probability), reason: decisions.text(row, .reason))
        }
        return try? BadShare(rows, labels: labels)
    }

    /// Held-out figures only, each with its 95% interval: bad masks per good one and the precision of the
    /// accepted, at the model's threshold on the test split.
    private func headline(_ summary: MaskTrainingReport.Summary, chooser: ThresholdChooser?) -> HTMLNode {
        guard let chooser, let row = chooser.testRow(summary.strategy) else { return .group([]) }
        let table = chooser.thresholds
        func interval(_ low: ThresholdTable.Column, _ high: ThresholdTable.Column, _ format: (Double) -> String) -> String {
            guard let a = table.number(row, low), let b = table.number(row, high) else { return "" }
            return " (95%: \(format(a))–\(format(b)))"
        }
        let ratio = { (value: Double) in NumberFormat.decimal(value, digits: 2) }
        let accepted = Int(table.number(row, .accepted) ?? 0)
        let before = table.number(row, .basePrecision).flatMap { $0 > 0 ? (1 - $0) / $0 : nil }
        let few = accepted < ThresholdChooser.fewAccepted ? " ⚠ only \(accepted) accepted: too few to judge" : ""
        return .tag("div", [("class", "kpis")], [
            .tag("div", [("class", "kpi")], [
                .tag("div", [("class", "kpi-value")], text: "\(NumberFormat.decimal(before, digits: 2)) → \(NumberFormat.decimal(table.number(row, .badPerGood), digits: 2))"),
                .tag("div", [("class", "kpi-label")], text: "bad masks per good one on the held-out test split, before → after"
                    + interval(.badPerGoodLow, .badPerGoodHigh, ratio) + "; \(accepted) accepted" + few),
            ]),
            .tag("div", [("class", "kpi")], [
                .tag("div", [("class", "kpi-value")], text: NumberFormat.percent(table.number(row, .precision))),
                .tag("div", [("class", "kpi-label")], text: "of the accepted test masks are good"
                    + interval(.precisionLow, .precisionHigh, { NumberFormat.percent($0) }) + " (\(summary.strategy) threshold)"),
            ]),
        ])
    }

    private func histograms(_ features: ReportTable<FeatureColumn>, goodness: [Bool?]) -> [HTMLNode] {
        FeatureColumn.features.map { column in
            let name = column.rawValue
            var good: [Double] = [], bad: [Double] = []
            for (index, row) in features.rows.enumerated() where features.text(row, .status) == "ok" {
                guard let value = features.number(row, column), index < goodness.count, let isGood = goodness[index] else { continue }
                if isGood { good.append(value) } else { bad.append(value) }
            }
            let domain = LinearScale.covering(good + bad, padding: 0.02)
            let bins = 16
            let edges = (0...bins).map { domain.lowerBound + (domain.upperBound - domain.lowerBound) * Double($0) / Double(bins) }
            func shares(_ values: [Double]) -> [Double] {
                var counts = [Double](repeating: 0, count: bins)
                for value in values {
                    let bin = min(bins - 1, max(0, Int((value - domain.lowerBound) / (domain.upperBound - domain.lowerBound) * Double(bins))))
                    counts[bin] += 1
                }
                return counts.map { values.isEmpty ? 0 : $0 / Double(values.count) }
            }
            let goodShares = shares(good), badShares = shares(bad)
            let top = max(goodShares.max() ?? 0, badShares.max() ?? 0, 0.01) * 1.1
            let chart = Chart(title: name.replacingOccurrences(of: "_", with: " "),
                              x: .init(name + (name.hasPrefix("area_ratio") ? " (0 = equal areas)" : " (1 = symmetric)"), domain: domain),
                              y: .init("share of masks", domain: 0...top, format: { NumberFormat.percent($0, digits: 0) }),
                              layers: [.init(.histogram(edges: edges, heights: goodShares), color: .blue, legend: "good (\(good.count))"),
                                       .init(.histogram(edges: edges, heights: badShares), color: .orange, legend: "bad (\(bad.count))")],
                              width: 330, height: 230)
            return .tag("figure", [], [chart.svg])
        }
    }

    private func modelFigure(_ summary: MaskTrainingReport.Summary) -> HTMLNode {
        guard let model = try? MaskFilterModel.load(folder + ReportSchema.Masks.model) else {
            return .tag("p", text: "masks/model.json could not be read.")
        }
        if let logistic = model.classifier.model as? Standardised<LogisticModel> {
            let coefficients = logistic.model.coefficients
            let names = model.features.map { $0.replacingOccurrences(of: "_", with: " ") }
            let bound = max(coefficients.map(abs).max() ?? 1, 0.1) * 1.15
            let chart = Chart(title: "Logistic coefficients (standardised features)",
                              x: .init("feature", categories: names.map { $0.replacingOccurrences(of: " dilated", with: " dil.") }),
                              y: .init("weight per std. dev.", domain: -bound...bound),
                              layers: [.init(.bars(coefficients.map { ($0, nil, nil) }, offset: 0, width: 0.6), color: .blue)],
                              width: 520, height: 300)
            let caption = "Positive weights raise the probability that the image is good. Threshold "
                + "\(NumberFormat.decimal(summary.threshold, digits: 3)) (\(summary.strategy)); the model file gives the exact values."
            return .tag("figure", [], [chart.svg, .tag("figcaption", text: caption)])
        }
        if let tree = model.classifier.model as? TreeModel {
            let diagram = TreeDiagram(tree: tree, features: model.features, acceptThreshold: summary.threshold)
            return .tag("figure", [], [diagram.svg, .tag("figcaption", text: "The chosen tree (first levels); left = yes, right = no. "
                + "A mask is accepted when the share of good training masks in its leaf is at least "
                + "\(NumberFormat.decimal(summary.threshold, digits: 3)) (\(summary.strategy)); blue leaves accept, orange ones reject.")])
        }
        return .tag("p", text: "A \(model.classifier.kind) model (\(model.classifier.parameters)).")
    }

    private func confusionFigure(_ summary: MaskTrainingReport.Summary) -> HTMLNode {
        guard let split = summary.splits.first(where: { $0.split == "test" }) ?? summary.splits.first else { return .group([]) }
        let map = HeatMap(title: "Confusion matrix, \(split.split) split", rows: ["good", "bad"], columns: ["accept", "reject"],
                          counts: [[split.tp, split.fn], [split.fp, split.tn]])
        return .tag("figure", [], [map.svg, .tag("figcaption", text: "Rows: the hand label; columns: the filter's decision.")])
    }

    /// Each split at the model's threshold; the bad share over every labelled mask, which the model partly
    /// trained on, is marked in-sample.
    private func splitTable(_ summary: MaskTrainingReport.Summary, badShare: BadShare?) -> HTMLNode {
        func cell(_ value: Double?, _ format: @escaping (Double) -> String) -> HTMLNode {
            NumberCell.td(value.map { "\($0)" } ?? "", format)
        }
        let header = HTMLNode.tag("tr", [], ["split", "masks", "accepted good", "accepted bad", "rejected good", "rejected bad",
                                            "bad per good before", "after", "ROC AUC"].map { .tag("th", text: $0) })
        let rows = summary.splits.map { split in
            HTMLNode.tag("tr", [], [.tag("td", text: split.split), cell(Double(split.rows)) { NumberFormat.count(Int($0)) },
                                    cell(Double(split.tp)) { NumberFormat.count(Int($0)) }, cell(Double(split.fp)) { NumberFormat.count(Int($0)) },
                                    cell(Double(split.fn)) { NumberFormat.count(Int($0)) }, cell(Double(split.tn)) { NumberFormat.count(Int($0)) },
                                    cell(split.badPerGoodBefore) { NumberFormat.decimal($0, digits: 2) },
                                    cell(split.badPerGoodAfter) { NumberFormat.decimal($0, digits: 2) },
                                    cell(split.rocAuc) { NumberFormat.decimal($0) }])
        }
        var nodes: [HTMLNode] = [.tag("table", [("class", "data"), ("data-source", "masks/summary.json")],
                                      [.tag("caption", [], [.text("At the model's threshold, from "),
                                                            .tag("a", [("href", "masks/summary.json")], text: "masks/summary.json"),
                                                            .text(" (validation = out-of-fold, test = held out).")]), header] + rows)]
        if let badShare, let before = badShare.shareBefore {
            nodes.append(.tag("p", [("class", "note")], [
                .text("In-sample, all \(NumberFormat.count(badShare.before.good + badShare.before.bad)) labelled masks (most of them trained on): "
                    + "\(NumberFormat.percent(before)) bad before, \(NumberFormat.percent(badShare.shareAfter ?? 0)) among the accepted ("),
                .tag("a", [("href", "masks/bad_share.csv")], text: "masks/bad_share.csv"), .text(")."),
            ]))
        }
        return .group(nodes)
    }

    /// Up to six accepted and six rejected masks (the most confident of each, or with `nearThreshold` the six
    /// just above and the six just below the threshold), as images with their numbers; `scoreName` says what
    /// the decisions' `probability` column holds.
    ///
    /// With `nearThreshold`, the threshold is the lowest score accepted, and "just below" it are the rejected
    /// masks that score below it. Masks rejected at or above it were rejected by another rule (the label-free
    /// filter's anatomical gate); the highest-scoring six of them are a strip of their own, for they say nothing
    /// of where the threshold lies.
    static func examples(_ decisions: ReportTable<DecisionTable.Column>, features: ReportTable<FeatureColumn>, labels: LabelTable?,
                         scoreName: String, nearThreshold: Bool = false) -> HTMLNode {
        let featureRows = Dictionary(features.rows.map { (features.text($0, .file), $0) }, uniquingKeysWith: { first, _ in first })
        let labelOf = Dictionary((labels?.entries ?? []).map { ($0.file, $0.isGood) }, uniquingKeysWith: { first, _ in first })
        var pictures = MaskPictures(limit: ReportSchema.maximumEmbeddedImageBytes)
        let lowestAccepted = decisions.rows(where: .decision, is: "accept").compactMap { decisions.number($0, .probability) }.min()
        // Whether a rejected row scores at or above the lowest accepted score: rejected by another rule.
        let byAnotherRule = { (row: [String]) -> Bool in
            guard let lowestAccepted, let score = decisions.number(row, .probability) else { return false }
            return score >= lowestAccepted
        }
        func strip(_ decision: String, descending: Bool, otherRule: Bool = false) -> HTMLNode? {
            let chosen = decisions.rows(where: .decision, is: decision)
                .filter { decision == "accept" || !nearThreshold || byAnotherRule($0) == otherRule }
                .sorted { first, second in
                    let a = decisions.number(first, .probability) ?? 0, b = decisions.number(second, .probability) ?? 0
                    return descending ? a > b : a < b
                }
                .prefix(6)
            let cards = chosen.map { row -> HTMLNode in
                let file = decisions.text(row, .file)
                // Near the threshold two digits would show the masks on either side of it with the same score.
                var lines = ["\(scoreName) \(NumberFormat.decimal(decisions.number(row, .probability), digits: nearThreshold ? 3 : 2))"]
                if let featureRow = featureRows[file] {
                    lines.append("IoU \(NumberFormat.decimal(FeatureColumn(rawValue: "iou").flatMap { features.number(featureRow, $0) }, digits: 2))")
                }
                let name = (file as NSString).lastPathComponent
                let label = labelOf[file] ?? labelOf[name]
                var children = pictures.card(file)
                children.append(.tag("div", [("class", "card-line")], text: lines.joined(separator: " · ")))
                if let label { children.append(.tag("div", [("class", label ? "tag good" : "tag bad")], text: label ? "labelled good" : "labelled bad")) }
                return .tag("div", [("class", "card")], children)
            }
            guard !cards.isEmpty || !otherRule else { return nil }
            let heading = switch (decision == "accept", nearThreshold) {
            case (true, false): "Accepted (highest \(scoreName))"
            case (false, false): "Rejected (lowest \(scoreName))"
            case (true, true): "Just above the threshold (accepted, lowest \(scoreName))"
            case (false, true): otherRule
                ? "Rejected at or above the threshold, by another rule such as the anatomical gate (highest \(scoreName))"
                : "Just below the threshold (rejected, highest \(scoreName))"
            }
            return .tag("div", [], [.tag("h4", text: heading),
                                    .tag("div", [("class", "strip")], cards)])
        }
        let strips = [strip("accept", descending: !nearThreshold), strip("reject", descending: nearThreshold),
                      nearThreshold ? strip("reject", descending: true, otherRule: true) : nil]
        return .tag("div", [], strips.compactMap { $0 })
    }
}
