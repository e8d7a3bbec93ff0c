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
        nodes.append(.tag("p", [("class", "note")], text: "Curves are out-of-fold (validation). Each lettered point is a strategy's "
            + "threshold: Y youden, R recall-weighted, F fpr-weighted, T95 target TPR 0.95, F10 target FPR 0.1, P max precision, "
            + "P10 max precision passing at least 10%. The tables give the same thresholds on the validation and held-out test rows."))
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
            return .tag("div", [("class", "kpi")], [
                .tag("div", [("class", "kpi-value")], text: range(NumberFormat.times(low), NumberFormat.times(high))),
                .tag("div", [("class", "kpi-label")], text: "generation speed-up with \(title) on held-out rows, \(groups); keeps "
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
        return .tag("figure", [], [chart.svg, .tag("figcaption", text: "Speed-up = precision after screening / share of good images "
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
        return .tag("figure", [], [chart.svg, .tag("figcaption", text: "From latent/valid_share.csv.")])
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
        let validation = thresholds.rows.filter {
            thresholds.text($0, .group) == group && thresholds.text($0, .split) == "validation"
        }
        func label(_ name: String) -> String {
            ThresholdStrategy(name)?.shortLabel ?? name
        }
        var figures: [HTMLNode] = []
        if let roc = ReportTable<CurveTable.RocColumn>(path: folder + ReportSchema.Latent.roc(group: group, target: target)) {
            let points = Self.thinned(roc.rows.compactMap { row in
                guard let x = roc.number(row, .fpr), let y = roc.number(row, .tpr) else { return nil }
                return (x, y)
            })
            let marks = validation.compactMap { row -> (x: Double, y: Double, label: String?)? in
                guard let x = thresholds.number(row, .fpr), let y = thresholds.number(row, .tpr) else { return nil }
                return (x, y, label(thresholds.text(row, .strategy)))
            }
            let chart = Chart(title: "ROC curve, \(group)",
                              x: .init("false positive rate (bad vectors kept)", domain: 0...1),
                              y: .init("true positive rate (good vectors kept)", domain: 0...1),
                              layers: [.init(.line([(0, 0), (1, 1)]), color: .grey, legend: "chance", dashed: true),
                                       .init(.step(points), color: .blue, legend: "chosen model"),
                                       .init(.points(marks), color: .orange, legend: "strategies")])
            figures.append(.tag("figure", [], [chart.svg]))
        }
        if let pr = ReportTable<CurveTable.PrecisionRecallColumn>(path: folder + ReportSchema.Latent.precisionRecall(group: group, target: target)) {
            // The final (recall 0, precision 1) row is a convention of the curve, not an operating point: not drawn.
            let points = Self.thinned(pr.rows.compactMap { row in
                guard pr.number(row, .threshold) != nil, let x = pr.number(row, .recall), let y = pr.number(row, .precision) else { return nil }
                return (x, y)
            })
            let base = validation.first.flatMap { thresholds.number($0, .basePrecision) } ?? 0
            let marks = validation.compactMap { row -> (x: Double, y: Double, label: String?)? in
                guard let x = thresholds.number(row, .tpr), let y = thresholds.number(row, .precision) else { return nil }
                return (x, y, label(thresholds.text(row, .strategy)))
            }
            let top = min(1, max(points.map(\.y).max() ?? 1, base * 3) * 1.05)
            let chart = Chart(title: "Precision and recall, \(group)",
                              x: .init("recall (good vectors kept)", domain: 0...1),
                              y: .init("precision (good among kept)", domain: 0...top, format: { NumberFormat.percent($0, digits: 0) }),
                              layers: [.init(.line([(0, base), (1, base)]), color: .grey, legend: "no screening", dashed: true),
                                       .init(.step(points.reversed()), color: .blue, legend: "chosen model"),
                                       .init(.points(marks), color: .orange, legend: "strategies")])
            figures.append(.tag("figure", [], [chart.svg]))
        }
        return .tag("div", [("class", "group-block")],
                    [.tag("h4", text: "Group \(group)"), .tag("div", [("class", "row")], figures), thresholdTable(group, thresholds)])
    }

    private func thresholdTable(_ group: String, _ thresholds: ReportTable<ThresholdTable.Column>) -> HTMLNode {
        let columns: [(name: ThresholdTable.Column, title: String, format: (Double) -> String)] = [
            (.threshold, "threshold", { NumberFormat.significant($0) }),
            (.tpr, "good kept (TPR)", { NumberFormat.percent($0) }),
            (.fpr, "bad kept (FPR)", { NumberFormat.percent($0) }),
            (.precision, "precision", { NumberFormat.percent($0) }),
            (.basePrecision, "without screening", { NumberFormat.percent($0) }),
            (.passRate, "vectors passed", { NumberFormat.percent($0) }),
            (.speedup, "speed-up", { NumberFormat.times($0) }),
            (.speedupLow, "95% low", { NumberFormat.times($0) }),
            (.speedupHigh, "95% high", { NumberFormat.times($0) }),
        ]
        let header = HTMLNode.tag("tr", [], [.tag("th", text: "strategy"), .tag("th", text: "split")] + columns.map { .tag("th", text: $0.title) })
        let rows = thresholds.rows.filter { thresholds.text($0, .group) == group }.map { row -> HTMLNode in
            .tag("tr", [("class", thresholds.text(row, .split))],
                 [.tag("td", text: thresholds.text(row, .strategy) + (Self.extremeFlag(passRate: thresholds.number(row, .passRate)) ?? "")),
                  .tag("td", text: thresholds.text(row, .split))]
                    + columns.map { NumberCell.td(thresholds.text(row, $0.name), $0.format) })
        }
        let percent = Int(ExtremeAcceptance.share * 100)
        let caption = "Every strategy's threshold for \(group), chosen on validation, applied to test. "
            + "⚠ marks a threshold that passes or stops at least \(percent)% of the vectors."
        return .tag("table", [("class", "data compact"), ("data-source", "latent/" + ReportSchema.Latent.thresholds)],
                    [.tag("caption", text: caption), header] + rows)
    }

    /// The mark of a row whose threshold passes or stops nearly every vector (`ExtremeAcceptance`), nil otherwise.
    static func extremeFlag(passRate: Double?) -> String? {
        guard let passRate else { return nil }
        if passRate >= ExtremeAcceptance.share { return " ⚠ passes ≥\(Int(ExtremeAcceptance.share * 100))%" }
        if passRate <= 1 - ExtremeAcceptance.share { return " ⚠ stops ≥\(Int(ExtremeAcceptance.share * 100))%" }
        return nil
    }

    /// Curve points thinned to what a 460-pixel chart can show: a point is kept when it moves at least 1/400
    /// of the axis from the last kept one; the first and last are always kept.
    static func thinned(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        guard points.count > 2 else { return points }
        var kept = [points[0]]
        for point in points.dropFirst().dropLast() {
            guard let last = kept.last else { continue }
            if abs(point.x - last.x) >= 0.0025 || abs(point.y - last.y) >= 0.0025 { kept.append(point) }
        }
        if let last = points.last { kept.append(last) }
        return kept
    }
}
