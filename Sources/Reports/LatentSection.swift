import FileIO
import Foundation
import LatentPrefilter
import Learning

/// The latent prefilter's part of the report, from the files under `latent/`: `valid_share.csv`,
/// `model_comparison.csv`, `thresholds.csv`, `roc_*.csv`, `pr_*.csv`.
struct LatentSection {
    let folder: String

    /// Whether `row` of `thresholds.csv` is `strategy`'s (its name parsed, whatever its spelling).
    static func row(_ row: [String], of thresholds: ReportTable<ThresholdTable.Column>, is strategy: ThresholdStrategy) -> Bool {
        ThresholdStrategy(thresholds.text(row, .strategy)) == strategy
    }

    func build() -> HTMLNode {
        guard let thresholds = ReportTable<ThresholdTable.Column>(path: folder + ReportSchema.Latent.thresholds) else {
            return .tag("section", [("id", "latent")], [.tag("h2", text: "Latent prefilter"),
                                                         .tag("p", text: "The latent prefilter was not run (no latent/thresholds.csv).")])
        }
        var groups: [String] = []
        for row in thresholds.rows where !groups.contains(thresholds.text(row, .group)) { groups.append(thresholds.text(row, .group)) }
        let target = thresholds.rows.first.map { thresholds.text($0, .target) } ?? "valid"
        var nodes: [HTMLNode] = [.tag("h2", text: "Latent prefilter: keep only the latent vectors likely to give a good image")]
        nodes.append(headline(thresholds))
        nodes.append(speedupFigure(thresholds, groups: groups))
        if let shares = ReportTable<LatentAnalysisTables.ShareColumn>(
            path: folder + ReportSchema.Latent.analysisFolder + "/" + ReportSchema.Latent.validShare) { nodes.append(sharesFigure(shares)) }
        if let comparison = ReportTable<LatentTrainingReport.ComparisonColumn>(path: folder + ReportSchema.Latent.modelComparison) {
            nodes.append(Self.comparisonTable(comparison, groups: groups, source: "latent/" + ReportSchema.Latent.modelComparison))
        }
        nodes.append(.tag("h3", text: "Choosing a threshold, group by group"))
        nodes.append(.tag("p", [("class", "note")], text: ThresholdChooser.legendNote))
        for group in groups {
            nodes.append(groupBlock(group, target: target, thresholds: thresholds))
        }
        return .tag("section", [("id", "latent")], nodes)
    }

    /// The range over groups of each main strategy's test speed-up and of the good vectors it keeps.
    private func headline(_ thresholds: ReportTable<ThresholdTable.Column>) -> HTMLNode {
        let items = [(ThresholdStrategy.youden, "Youden's threshold"), (.recallWeighted, "recall-weighted threshold")]
            .compactMap { strategy, title -> HTMLNode? in
            let rows = thresholds.rows.filter { Self.row($0, of: thresholds, is: strategy) && thresholds.text($0, .split) == "test" }
            let speedups = rows.compactMap { thresholds.number($0, .speedup) }, kept = rows.compactMap { thresholds.number($0, .tpr) }
            guard let low = speedups.min(), let high = speedups.max(), let keptLow = kept.min(), let keptHigh = kept.max() else { return nil }
            // One group is worded as one group: a value, not a range "across the 1 groups".
            let range = { (low: String, high: String) in low == high ? low : "\(low)–\(high)" }
            let groups = rows.count == 1 ? "in its one group" : "across the \(rows.count) groups"
            // The 95% interval of one group, or the span of the groups' intervals (lowest bound to highest).
            let lows = rows.compactMap { thresholds.number($0, .speedupLow) }, highs = rows.compactMap { thresholds.number($0, .speedupHigh) }
            let interval = lows.min().flatMap { low in highs.max().map { high in
                " (95%\(rows.count == 1 ? "" : " intervals within") \(NumberFormat.times(low))–\(NumberFormat.times(high)))"
            } } ?? ""
            return .tag("div", [("class", "kpi")], [
                .tag("div", [("class", "kpi-value")], text: range(NumberFormat.times(low), NumberFormat.times(high))),
                .tag("div", [("class", "kpi-label")], text: "generation speed-up with \(title) on held-out rows, \(groups)\(interval); keeps "
                    + range(NumberFormat.percent(keptLow, digits: 0), NumberFormat.percent(keptHigh, digits: 0)) + " of the good vectors"),
            ])
        }
        return .tag("div", [("class", "kpis")], items)
    }

    private func speedupFigure(_ thresholds: ReportTable<ThresholdTable.Column>, groups: [String]) -> HTMLNode {
        func bars(_ strategy: ThresholdStrategy) -> [(value: Double, low: Double?, high: Double?)] {
            groups.map { group in
                let row = thresholds.rows.first {
                    thresholds.text($0, .group) == group && Self.row($0, of: thresholds, is: strategy) && thresholds.text($0, .split) == "test"
                }
                return (row.flatMap { thresholds.number($0, .speedup) } ?? 0, row.flatMap { thresholds.number($0, .speedupLow) },
                        row.flatMap { thresholds.number($0, .speedupHigh) })
            }
        }
        let youden = bars(.youden), recall = bars(.recallWeighted)
        let top = max(([youden, recall].flatMap { $0 }.compactMap { $0.high ?? $0.value }.max() ?? 2) * 1.1, 1.2)
        let chart = Chart(title: "Generation speed-up on the held-out test rows (95% intervals)",
                          x: .init("group (sex, age)", categories: groups),
                          y: .init("speed-up p2/p1 (×)", domain: 0...top, format: { NumberFormat.decimal($0, digits: 1) }),
                          layers: [.init(.line([(-0.5, 1), (Double(groups.count) - 0.5, 1)]), color: .grey, legend: "no gain", dashed: true),
                                   .init(.bars(youden, offset: -0.18, width: 0.34), color: .blue, legend: ThresholdStrategy.youden.description),
                                   .init(.bars(recall, offset: 0.18, width: 0.34), color: .green,
                                         legend: ThresholdStrategy.recallWeighted.description)],
                          width: 720, height: 320)
        return .tag("figure", [], [chart.svg, .tag("figcaption", linking: "Speed-up = precision after screening / share of good images "
            + "without it (latent/thresholds.csv, test split). Whiskers: 95% bootstrap intervals.")])
    }

    private func sharesFigure(_ shares: ReportTable<LatentAnalysisTables.ShareColumn>) -> HTMLNode {
        let rows = shares.rows.filter { shares.text($0, .group) != "all" }
        let values = rows.map { shares.number($0, .share) ?? 0 }
        let chart = Chart(title: "Share of valid images per group, without screening",
                          x: .init("group (sex, age)", categories: rows.map { shares.text($0, .group) }),
                          y: .init("valid images", domain: 0...max((values.max() ?? 0.1) * 1.2, 0.01),
                                   format: { NumberFormat.percent($0, digits: 0) }),
                          layers: [.init(.bars(values.map { ($0, nil, nil) }, offset: 0, width: 0.6), color: .orange)],
                          width: 720, height: 260)
        return .tag("figure", [], [chart.svg, .tag("figcaption", linking: "From latent/valid_share.csv.")])
    }

    /// The mean cross-validated ROC AUC of every candidate per group, the chosen one in bold; `source` is the
    /// file's path in the report folder.
    static func comparisonTable(_ comparison: ReportTable<LatentTrainingReport.ComparisonColumn>, groups: [String], source: String) -> HTMLNode {
        var candidates: [String] = []
        for row in comparison.rows {
            let name = comparison.text(row, .model) + " " + comparison.text(row, .params)
            if !candidates.contains(name) { candidates.append(name) }
        }
        var best: [String: Double] = [:]
        for row in comparison.rows {
            let group = comparison.text(row, .group)
            best[group] = max(best[group] ?? -1, comparison.number(row, .rocAUC) ?? -1)
        }
        let header = HTMLNode.tag("tr", [], [.tag("th", text: "model and parameters")] + groups.map { .tag("th", text: $0) })
        let rows = candidates.map { candidate -> HTMLNode in
            let cells = groups.map { group -> HTMLNode in
                guard let row = comparison.rows.first(where: {
                    comparison.text($0, .group) == group && comparison.text($0, .model) + " " + comparison.text($0, .params) == candidate
                }) else { return .tag("td", text: "") }
                let auc = comparison.number(row, .rocAUC)
                return NumberCell.td(comparison.text(row, .rocAUC), { NumberFormat.decimal($0) }, emphasis: auc != nil && auc == best[group])
            }
            return .tag("tr", [], [.tag("td", [("class", "model")], text: candidate)] + cells)
        }
        return .tag("table", [("class", "data"), ("data-source", source)],
                    [.tag("caption", text: "Model comparison: mean cross-validated ROC AUC per group (bold: the model chosen). "
                        + "0.5 is chance."), header] + rows)
    }

    private func groupBlock(_ group: String, target: String, thresholds: ReportTable<ThresholdTable.Column>) -> HTMLNode {
        let roc = ReportTable<CurveTable.RocColumn>(path: folder + ReportSchema.Latent.roc(group: group, target: target)).map { roc in
            roc.rows.compactMap { row -> (x: Double, y: Double)? in
                guard let x = roc.number(row, .fpr), let y = roc.number(row, .tpr) else { return nil }
                return (x, y)
            }
        } ?? []
        // The final (recall 0, precision 1) row is a convention of the curve, not an operating point: not drawn.
        let precisionRecall = ReportTable<CurveTable.PrecisionRecallColumn>(
            path: folder + ReportSchema.Latent.precisionRecall(group: group, target: target)).map { pr in
            pr.rows.compactMap { row -> (x: Double, y: Double)? in
                guard pr.number(row, .threshold) != nil, let x = pr.number(row, .recall), let y = pr.number(row, .precision) else { return nil }
                return (x, y)
            }
        }
        let chooser = ThresholdChooser(name: group, kind: .latents, thresholds: thresholds,
                                       rows: thresholds.rows.filter { thresholds.text($0, .group) == group },
                                       source: "latent/" + ReportSchema.Latent.thresholds, roc: roc, precisionRecall: precisionRecall)
        let projection = ReportTable<LatentTrainingReport.ProjectionColumn>(path: folder + ReportSchema.Latent.projection)
            .flatMap { Self.projectionFigure($0, group: group, source: "latent/" + ReportSchema.Latent.projection) }
        return .tag("div", [("class", "group-block")], [.tag("h4", text: "Group \(group)"), chooser.node] + (projection.map { [$0] } ?? []))
    }

    /// The group's held-out latent vectors on their first two principal components, coloured by outcome, dark
    /// where the prefilter keeps them and light where it drops them; nil without points.
    static func projectionFigure(_ table: ReportTable<LatentTrainingReport.ProjectionColumn>, group: String, source: String) -> HTMLNode? {
        let rows = table.rows.filter { table.text($0, .group) == group }
        guard !rows.isEmpty else { return nil }
        func points(good: Bool, kept: Bool) -> [(x: Double, y: Double, label: String?)] {
            rows.compactMap { row in
                guard table.text(row, .outcome) == (good ? "1" : "0"), table.text(row, .kept) == (kept ? "1" : "0"),
                      let x = table.number(row, .pc1), let y = table.number(row, .pc2) else { return nil }
                return (x, y, nil)
            }
        }
        let xs = rows.compactMap { table.number($0, .pc1) }, ys = rows.compactMap { table.number($0, .pc2) }
        let chart = Chart(title: "Latent vectors, \(group): first two principal components",
                          x: .init("component 1", domain: LinearScale.covering(xs, padding: 0.04)),
                          y: .init("component 2", domain: LinearScale.covering(ys, padding: 0.04)),
                          layers: [.init(.points(points(good: false, kept: false)), color: .lightOrange, legend: "bad dropped"),
                                   .init(.points(points(good: true, kept: false)), color: .lightBlue, legend: "good dropped"),
                                   .init(.points(points(good: false, kept: true)), color: .orange, legend: "bad kept"),
                                   .init(.points(points(good: true, kept: true)), color: .blue, legend: "good kept")],
                          width: 520, height: 360)
        return .tag("figure", [], [chart.svg, .tag("figcaption", linking: "The held-out vectors of \(group) (at most "
            + "\(LatentProjection.maximumPoints)) on the first two principal components of its training vectors, computed here; "
            + "blue good, orange bad, dark where the prefilter keeps them at its threshold. From \(source).")])
    }

}
