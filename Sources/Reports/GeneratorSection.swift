import FileIO
import Foundation
import Learning
import MaskFilter

/// The generator part of the report, from the files `ganfilter pipeline` writes under `generator/`: the
/// filters side by side (`filters.csv`), the features that separate (`separation.csv`), the labelled model's
/// `summary.json`, example masks from the label-free decisions (`reference_decisions.csv`), and its latents'
/// prefilter with its promise checked on a fresh run (`latent/model_comparison.csv`, `latent/verify.json`).
struct GeneratorSection {
    let folder: String
    let part: GeneratorPart

    func build() -> HTMLNode {
        let decisions = ReportTable<DecisionTable.Column>(path: folder + ReportSchema.Generator.referenceDecisions)
        guard part.labelsPath != nil else {
            return .tag("section", [("id", "generator")], [.tag("h2", text: "A real generator: its masks filtered without labels")]
                + labelFreeNodes(decisions) + exampleNodes(decisions) + latentNodes())
        }
        var nodes: [HTMLNode] = [.tag("h2", text: "A real generator: its masks filtered with and without labels")]
        guard let filters = ReportTable<GeneratorTables.FilterColumn>(path: folder + ReportSchema.Generator.filters),
              let separation = ReportTable<GeneratorTables.SeparationColumn>(path: folder + ReportSchema.Generator.separation) else {
            nodes.append(.tag("p", text: "The generator part left no generator/filters.csv or separation.csv."))
            return .tag("section", [("id", "generator")], nodes)
        }
        // With fewer than 100 labels `train` holds no test split: every label trains, and only out-of-fold figures exist.
        let heldOut = filters.rows.compactMap { filters.number($0, .masks) }.max() ?? 0
        nodes.append(.tag("p", [("class", "note")], text: part.provenance + " Every feature set is measured, with the realism "
            + "columns against the real reference masks. "
            + (heldOut > 0 ? "The labelled filter is trained on four fifths of the masks; both filters are compared on the fifth it never saw. "
                : "The labels are too few to hold any out (fewer than 100: every label trains the labelled filter, which is judged "
                    + "out of fold instead, in the threshold tables below; train --test-fraction holds some out). ")
            + "The label-free one needs no labels at all: it \(Self.labelFreeRule)."))
        if heldOut > 0 {
            nodes.append(filterFigures(filters))
        }
        if let chooser = ThresholdChooser.maskFilter(named: "generated masks, with labels", folder: folder, relative: "generator/") {
            nodes.append(.tag("h3", text: "Choosing the labelled filter's threshold"))
            nodes.append(.tag("p", [("class", "note")], text: ThresholdChooser.legendNote))
            nodes.append(chooser.node)
        }
        if let chooser = ThresholdChooser.maskFilter(named: "generated masks, without labels", folder: folder, relative: "generator/",
                                                     thresholdsFile: ReportSchema.Generator.comparedThresholds,
                                                     rocFile: ReportSchema.Generator.comparedRoc) {
            nodes.append(.tag("h3", text: "Choosing the label-free filter's threshold"))
            nodes.append(.tag("p", [("class", "note")], text: "The label-free score (\(ReferenceFilter.Score.standard.column) against the real masks) needs "
                + "no labels, and its default threshold none either (the reference's own 5% quantile"
                + (heldOut > 0 ? ", the table above). With labels, every strategy can choose its threshold instead, on the same non-test "
                    + "masks the labelled filter learned from, and be judged on the same held-out masks. "
                    : "). With labels, every strategy can choose its threshold instead, on the masks the labelled filter learned from. ")
                + "Note that these thresholds leave out the anatomical gate. "
                + "filter --reference DIR --accept-threshold S applies any threshold S on the score, the gate included."))
            nodes.append(chooser.node)
            if let tradeoff = ReportTable<GeneratorTables.TradeoffColumn>(path: folder + ReportSchema.Generator.comparedTradeoff) {
                nodes.append(tradeoffFigures(tradeoff, chooser: chooser, defaultThreshold: filters.rows.last.flatMap { filters.number($0, .threshold) }))
            }
        }
        nodes.append(.tag("h3", text: "The features that separate plausible from implausible masks"))
        nodes.append(separationTable(separation))
        nodes += exampleNodes(decisions)
        nodes += latentNodes()
        return .tag("section", [("id", "generator")], nodes)
    }

    /// What the label-free filter accepts, as the section says it: "it accepts ...".
    private static let labelFreeRule = "accepts a mask when its score against the real masks (the \(ReferenceFilter.Score.standard.name), "
        + "every mask centred and scaled to one area) is at least as high as that of the least typical 5% of the real masks themselves"

    /// The label-free filter alone, for generated masks without labels: what it accepts at its default, and the
    /// share it would accept at any other threshold on its score, from its `decisions` (`reference_decisions.csv`:
    /// the score of every mask it read, before the anatomical gate).
    private func labelFreeNodes(_ decisions: ReportTable<DecisionTable.Column>?) -> [HTMLNode] {
        var nodes: [HTMLNode] = [.tag("p", [("class", "note")], text: part.provenance + " The label-free filter \(Self.labelFreeRule), "
            + "and its anatomy lies within theirs.")]
        guard let decisions else {
            nodes.append(.tag("p", text: "The generator part left no generator/\(ReportSchema.Generator.referenceDecisions)."))
            return nodes
        }
        let read = decisions.rows.filter { decisions.text($0, .decision) != Decision.error.rawValue }
        let accepted = read.filter { decisions.text($0, .decision) == Decision.accept.rawValue }
        let scores = read.compactMap { decisions.number($0, .probability) }.sorted(by: >)
        let threshold = accepted.compactMap { decisions.number($0, .probability) }.min()
        nodes.append(.tag("div", [("class", "kpis")], [
            .tag("div", [("class", "kpi")], [
                .tag("div", [("class", "kpi-value")], text: NumberFormat.percent(read.isEmpty ? nil : Double(accepted.count) / Double(read.count))),
                .tag("div", [("class", "kpi-label")], text: "of the \(NumberFormat.count(read.count)) generated masks read are accepted "
                    + "(\(NumberFormat.count(accepted.count))), at the reference's own 5% quantile; no labels, so no bad per good"),
            ]),
        ]))
        // Each distinct score is a threshold: the masks scoring at least it are accepted (before the gate).
        var points: [(threshold: Double, share: Double, ratio: Double?)] = []
        for (index, score) in scores.enumerated() where index + 1 == scores.count || scores[index + 1] < score {
            points.append((score, Double(index + 1) / Double(read.count), nil))
        }
        nodes.append(.tag("h3", text: "Choosing the label-free filter's threshold"))
        nodes.append(tradeoffCharts(points, marks: { _ in [] }, defaultThreshold: threshold, masks: "generated masks",
                                    note: "The label-free score's trade-off over every generated mask read: raising the threshold accepts "
                                        + "fewer. D is the filter's own threshold in effect (the lowest score it accepted), before the "
                                        + "anatomical gate. filter --reference DIR --accept-threshold S applies any threshold S on the score, "
                                        + "the gate included; labels (pipeline --generator-labels) add the bad per good at each. From generator/"
                                        + ReportSchema.Generator.referenceDecisions + "."))
        if let suggestion = part.labelSuggestion {
            // A plain paragraph: the files it names are the command's, not the report's, and are not linked.
            nodes.append(.tag("p", [], [
                .text("A few dozen labels add the labelled filter and the bad per good at every threshold. To label the masks that "
                    + "teach a filter most, run "), .tag("code", text: suggestion),
                .text(", mark them in labelling/index.html and save labels.csv; then label suggest --labels labels.csv chooses more, "
                    + "and pipeline --generator-labels labels.csv runs both filters side by side."),
            ]))
        }
        return nodes
    }

    /// Examples of the label-free filter's `decisions`, the labels marked where there are any.
    private func exampleNodes(_ decisions: ReportTable<DecisionTable.Column>?) -> [HTMLNode] {
        guard let decisions, let features = ReportTable<FeatureColumn>(path: folder + ReportSchema.Masks.features) else { return [] }
        let labels = part.labelsPath.flatMap { try? LabelTable(contentsOf: $0) }
        return [.tag("h3", text: "Examples: what the label-free filter accepts and rejects"),
                ContactSheet.link(folder: "generator/", decisions: decisions),
                MaskSection.examples(decisions, features: features, labels: labels, scoreName: ReferenceFilter.Score.standard.column),
                MaskSection.examples(decisions, features: features, labels: labels, scoreName: ReferenceFilter.Score.standard.column, nearThreshold: true)]
    }

    /// The generator's latent prefilter: its model comparison, and its promise against a fresh run.
    private func latentNodes() -> [HTMLNode] {
        let latent = folder + "latent/"
        guard let comparison = ReportTable<LatentTrainingReport.ComparisonColumn>(path: latent + ReportSchema.Latent.modelComparison) else {
            return []
        }
        var nodes: [HTMLNode] = [
            .tag("h3", text: "Its latents: which vectors give plausible masks, and whether the promise holds"),
            .tag("p", [("class", "note")], text: "A prefilter trained on the generator's own (z, passed) records, passed by the same outline "
                + "rule; the truncation baseline scores -|z|. Then the chosen model's promise at its threshold (the held-out tenth of "
                + "the records) against a fresh unscreened run of the generator that it never saw."),
        ]
        var groups: [String] = []
        for row in comparison.rows where !groups.contains(comparison.text(row, .group)) { groups.append(comparison.text(row, .group)) }
        nodes.append(LatentSection.comparisonTable(comparison, groups: groups, source: "generator/latent/" + ReportSchema.Latent.modelComparison))
        if let projection = ReportTable<LatentTrainingReport.ProjectionColumn>(path: latent + ReportSchema.Latent.projection) {
            for group in groups {
                LatentSection.projectionFigure(projection, group: group, source: "generator/latent/" + ReportSchema.Latent.projection)
                    .map { nodes.append($0) }
            }
        }
        guard let bytes = try? FileBytes.read(latent + ReportSchema.Generator.verify, limit: ReportSchema.maximumJSONBytes, what: "record"),
              let record = try? MaskSection.decoder.decode([String: VerifyValue].self, from: Data(bytes)) else { return nodes }
        func raw(_ key: String) -> String {
            guard case .number(let value)? = record[key] else { return "" }
            return "\(value)"
        }
        let ratio = { (value: Double) in NumberFormat.decimal(value, digits: 2) + "×" }
        let share = { (value: Double) in NumberFormat.decimal(value, digits: 3) }
        let header = HTMLNode.tag("tr", [], ["", "promised", "95% from", "to", "realised", "95% from", "to"].map { .tag("th", text: $0) })
        let quantities: [(name: String, key: String, format: (Double) -> String)] = [("precision of the kept vectors", "precision", share),
                                                                                      ("speed-up", "speedup", ratio)]
        let rows: [HTMLNode] = quantities.map { name, key, format in
            .tag("tr", [], [.tag("td", text: name)] + ["predicted_" + key, "predicted_\(key)_low", "predicted_\(key)_high", "realised_" + key,
                                                      "realised_\(key)_low", "realised_\(key)_high"]
                .map { NumberCell.td(raw($0), format) })
        }
        let number = { (key: String) in Double(raw(key)) }
        let forest = ForestPlot(title: "Promise against outcome on a fresh run", rows: quantities.map { name, key, format in
            ForestPlot.Row(name: name, format: format,
                           promised: (number("predicted_" + key), number("predicted_\(key)_low"), number("predicted_\(key)_high")),
                           realised: (number("realised_" + key), number("realised_\(key)_low"), number("realised_\(key)_high")))
        })
        nodes.append(.tag("figure", [], [forest.svg, .tag("figcaption", text: "Each quantity's promised interval (held-out tenth of the "
            + "training records) above its realised one (the fresh run), 95% bootstrap intervals; the bounds are printed beside them.")]))
        var verdict = "–"
        if case .text(let text)? = record["verdict"] { verdict = text }
        nodes.append(.tag("table", [("class", "data"), ("data-source", "generator/latent/" + ReportSchema.Generator.verify)],
                          [.tag("caption", linking: "The promise on a fresh run (generator/latent/verify.json, "
                              + "\(Double(raw("rows")).map { NumberFormat.count(Int($0)) } ?? "–") vectors, "
                              + "\(Double(raw("kept")).map { NumberFormat.count(Int($0)) } ?? "–") kept): verdict \(verdict)."), header] + rows))
        return nodes
    }

    /// The label-free score's trade-off over every labelled mask: the share accepted and the bad per good against
    /// the threshold, each strategy's validation threshold marked, and the filter's own (`defaultThreshold`, the
    /// lowest score it accepted) as D.
    private func tradeoffFigures(_ tradeoff: ReportTable<GeneratorTables.TradeoffColumn>, chooser: ThresholdChooser,
                                 defaultThreshold: Double?) -> HTMLNode {
        let points = tradeoff.rows.compactMap { row -> (threshold: Double, share: Double, ratio: Double?)? in
            guard let threshold = tradeoff.number(row, .threshold), let share = tradeoff.number(row, .shareAccepted) else { return nil }
            return (threshold, share, tradeoff.number(row, .badPerGood))
        }
        let marks = { (column: ThresholdTable.Column) in
            chooser.validation.compactMap { row -> (x: Double, y: Double, label: String?)? in
                guard let x = chooser.thresholds.number(row, .threshold), let y = chooser.thresholds.number(row, column) else { return nil }
                return (x, y, ThresholdStrategy(chooser.thresholds.text(row, .strategy))?.shortLabel)
            }
        }
        let source = "generator/" + ReportSchema.Generator.comparedTradeoff, filtersSource = "generator/" + ReportSchema.Generator.filters
        return tradeoffCharts(points, marks: marks, defaultThreshold: defaultThreshold, masks: "labelled masks",
                              note: "The label-free score's trade-off over every labelled generated "
                                  + "mask: raising the threshold accepts fewer masks and fewer bad ones per good one. D is the filter's own "
                                  + "threshold in effect (the lowest score it accepted), before the anatomical gate. "
                                  + "The axis covers these thresholds and as wide a span below them. From \(source) and \(filtersSource).")
    }

    /// The charts of a trade-off: the share of `masks` accepted against the threshold on the label-free score,
    /// and, where `points` have them, the bad per good; the strategies' thresholds (`marks` of each chart's
    /// column) and the filter's own (`defaultThreshold`) as D. The axis covers those thresholds and as wide a span
    /// below the lowest: a score that crowds near 1, as the boundary score does, is read where the choice is made,
    /// not squeezed into the right edge by its long tail of failures.
    private func tradeoffCharts(_ points: [(threshold: Double, share: Double, ratio: Double?)],
                                marks: (ThresholdTable.Column) -> [(x: Double, y: Double, label: String?)],
                                defaultThreshold: Double?, masks: String, note: String) -> HTMLNode {
        let marked = (share: marks(.passRate), ratio: marks(.badPerGood))
        guard let first = points.map(\.threshold).min(), let high = points.map(\.threshold).max() else { return .group([]) }
        let lowest = (marked.share.map(\.x) + [defaultThreshold].compactMap { $0 }.filter { $0 >= first && $0 <= high }).min()
        let low = lowest.map { max(first, $0 - (high - $0)) } ?? first
        guard low < high else { return .group([]) }
        let visible = points.filter { $0.threshold >= low }
        let ratios = visible.compactMap { point in point.ratio.map { (x: point.threshold, y: $0) } }
        // The default's point on each curve: the masks it accepts are those scoring at least its threshold.
        let atDefault = defaultThreshold.flatMap { x in visible.filter { $0.threshold >= x }.min { $0.threshold < $1.threshold }.map { (x: x, point: $0) } }
        let defaultMark = { (y: Double?) -> [ChartLayer] in
            guard let atDefault, let y else { return [] }
            return [.init(.points([(x: atDefault.x, y: y, label: "D")]), color: .green, legend: "default", labelsLeft: true)]
        }
        let strategies = { (points: [(x: Double, y: Double, label: String?)]) -> [ChartLayer] in
            points.isEmpty ? [] : [.init(.points(points), color: .orange, legend: "strategies (validation)")]
        }
        let axis = Chart.Axis("threshold on \(ReferenceFilter.Score.standard.column)", domain: low...high)
        let share = Chart(title: "Share accepted, generated masks without labels", x: axis,
                          y: .init("share of \(masks) accepted", domain: 0...1, format: { NumberFormat.percent($0, digits: 0) }),
                          layers: [.init(.step(ThresholdChooser.thinned(visible.map { (x: $0.threshold, y: $0.share) }).reversed()), color: .blue,
                                         legend: "all \(masks)")]
                              + strategies(marked.share) + defaultMark(atDefault?.point.share))
        var figures: [HTMLNode] = [.tag("figure", [], [share.svg])]
        if !ratios.isEmpty {
            let ratio = Chart(title: "Bad per good, generated masks without labels", x: axis,
                              y: .init("bad masks accepted per good one", domain: 0...max((ratios.map(\.y).max() ?? 1) * 1.05, 0.1)),
                              layers: [.init(.step(ThresholdChooser.thinned(ratios).reversed()), color: .blue, legend: "all \(masks)")]
                                  + strategies(marked.ratio) + defaultMark(atDefault?.point.ratio))
            figures.append(.tag("figure", [], [ratio.svg]))
        }
        return .tag("div", [], [.tag("div", [("class", "row")], figures), .tag("p", [("class", "note")], linking: note)])
    }

    /// Both filters' bad per good on the held-out masks, before and after, as headline figures, and their table.
    private func filterFigures(_ filters: ReportTable<GeneratorTables.FilterColumn>) -> HTMLNode {
        .group([.tag("div", [("class", "kpis")], filters.rows.map { row in
            let before = filters.number(row, .badPerGoodBefore), after = filters.number(row, .badPerGoodAfter)
            let interval = filters.number(row, .badPerGoodAfterLow).flatMap { low in
                filters.number(row, .badPerGoodAfterHigh).map { " (95%: \(NumberFormat.decimal(low, digits: 2))–\(NumberFormat.decimal($0, digits: 2)))" }
            } ?? ""
            let accepted = filters.number(row, .accepted).map { Int($0) } ?? 0
            return .tag("div", [("class", "kpi")], [
                .tag("div", [("class", "kpi-value")], text: "\(NumberFormat.decimal(before, digits: 2)) → \(NumberFormat.decimal(after, digits: 2))"),
                .tag("div", [("class", "kpi-label")], text: "bad per good on the held-out masks\(interval), \(filters.text(row, .filter)); accepts "
                    + NumberFormat.percent(filters.number(row, .shareAccepted)) + " (\(accepted))"
                    + (accepted < ThresholdChooser.fewAccepted ? " ⚠ too few accepted to judge" : "")),
            ])
        }), filterTable(filters)])
    }

    private func filterTable(_ filters: ReportTable<GeneratorTables.FilterColumn>) -> HTMLNode {
        let count = { (value: Double) in NumberFormat.count(Int(value)) }
        let columns: [(GeneratorTables.FilterColumn, String, (Double) -> String)] = [
            (.masks, "held-out masks", count), (.good, "good", count), (.bad, "bad", count), (.accepted, "accepted", count),
            (.acceptedGood, "accepted good", count), (.acceptedBad, "accepted bad", count),
            (.shareAccepted, "share accepted", { NumberFormat.percent($0) }),
            (.badPerGoodBefore, "bad per good before", { NumberFormat.decimal($0, digits: 2) }),
            (.badPerGoodAfter, "after", { NumberFormat.decimal($0, digits: 2) }),
            (.badPerGoodAfterLow, "95% low", { NumberFormat.decimal($0, digits: 2) }),
            (.badPerGoodAfterHigh, "95% high", { NumberFormat.decimal($0, digits: 2) }), (.rocAUC, "ROC AUC", { NumberFormat.decimal($0) }),
        ]
        let header = HTMLNode.tag("tr", [], [.tag("th", text: "filter")] + columns.map { .tag("th", text: $0.1) })
        let rows = filters.rows.map { row in
            HTMLNode.tag("tr", [], [.tag("td", text: filters.text(row, .filter))]
                + columns.map { NumberCell.td(filters.text(row, $0.0), $0.2) })
        }
        let source = "generator/" + ReportSchema.Generator.filters
        return .tag("div", [("class", "scroll")], [.tag("table", [("class", "data"), ("data-source", source)],
                    [.tag("caption", [], [.text("Both filters on the same held-out masks ("), .tag("a", [("href", source)], text: source),
                                          .text("); ROC AUC of the model's probability and of the label-free score; 95% bootstrap intervals.")]),
                     header] + rows)])
    }

    private func separationTable(_ separation: ReportTable<GeneratorTables.SeparationColumn>) -> HTMLNode {
        let header = HTMLNode.tag("tr", [], ["feature", "ROC AUC alone", "higher in", "strength"].map { .tag("th", text: $0) })
        let rows = separation.rows.map { row in
            let auc = separation.number(row, .rocAUC)
            return HTMLNode.tag("tr", [], [
                .tag("td", [("class", "model")], text: separation.text(row, .feature)),
                NumberCell.td(separation.text(row, .rocAUC), { NumberFormat.decimal($0) }),
                .tag("td", text: auc.map { $0 >= 0.5 ? "plausible masks" : "implausible masks" } ?? "–"),
                NumberCell.td(separation.text(row, .strength), { NumberFormat.decimal($0) }, emphasis: (auc.map { max($0, 1 - $0) } ?? 0) >= 0.8),
            ])
        }
        return .tag("table", [("class", "data"), ("data-source", "generator/" + ReportSchema.Generator.separation)],
                    [.tag("caption", linking: "Each column alone as a score for \"plausible\", on every labelled generated mask "
                        + "(generator/separation.csv); strength = max(AUC, 1 − AUC), strongest first, at least 0.8 in bold."), header] + rows)
    }
}

/// A value of `verify.json`: a number (read exactly, as `JSONDecoder` reads it), a text, or null.
enum VerifyValue: Decodable {
    case number(Double), text(String), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }
}
