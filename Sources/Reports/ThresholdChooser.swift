import Learning

/// Where a user chooses a filter's threshold: its ROC and precision-recall curves with every strategy's point,
/// and a table of every strategy on validation and test with counts and 95% intervals. One chooser serves the
/// mask filters (bad masks per good one) and each latent group (the speed-up).
struct ThresholdChooser {
    /// What the filter screens, which says the table's columns.
    enum Kind {
        /// Masks: accepted good and bad, good kept, bad per good with its interval, precision with its interval.
        case masks
        /// Latent vectors: good and bad kept, precision, share passed, speed-up with its interval.
        case latents
    }

    /// The filter's name in chart titles (distinct for each filter on the page).
    let name: String
    let kind: Kind
    /// Its rows of `thresholds.csv`, and the file's path relative to the page (for the table's link).
    let thresholds: ReportTable<ThresholdTable.Column>
    let rows: [[String]]
    let source: String
    /// The out-of-fold ROC curve, (FPR, TPR) from (0, 0) up.
    let roc: [(x: Double, y: Double)]
    /// The out-of-fold precision-recall curve, (recall, precision); nil derives it from the ROC curve and the
    /// validation counts.
    let precisionRecall: [(x: Double, y: Double)]?

    /// What the lettered points mean, for the text above the charts.
    static var legendNote: String {
        "Curves are out-of-fold (validation). Each lettered point is a strategy's threshold: "
            + ThresholdStrategy.defaults.map { "\($0.shortLabel) \($0)" }.joined(separator: ", ")
            + ". The tables give the same thresholds on the validation rows and the held-out test rows."
    }

    /// The chooser of a mask filter trained into `folder` (its `thresholds.csv` and `roc.csv`), whose path from
    /// the page is `relative`; nil when the files are missing.
    static func maskFilter(named name: String, folder: String, relative: String, thresholdsFile: String = ReportSchema.Masks.thresholds,
                           rocFile: String = ReportSchema.Masks.roc) -> ThresholdChooser? {
        guard let thresholds = ReportTable<ThresholdTable.Column>(path: folder + thresholdsFile),
              let roc = ReportTable<CurveTable.RocColumn>(path: folder + rocFile) else { return nil }
        let points = roc.rows.compactMap { row -> (x: Double, y: Double)? in
            guard let x = roc.number(row, .fpr), let y = roc.number(row, .tpr) else { return nil }
            return (x, y)
        }
        return ThresholdChooser(name: name, kind: .masks, thresholds: thresholds, rows: thresholds.rows,
                                source: relative + thresholdsFile, roc: points, precisionRecall: nil)
    }

    /// The test row of `strategy`, for headline figures.
    func testRow(_ strategy: ThresholdStrategy) -> [String]? {
        rows.first { thresholds.text($0, .split) == "test" && ThresholdStrategy(thresholds.text($0, .strategy)) == strategy }
    }

    /// Test splits with fewer accepted rows than this are flagged: their figures rest on too few.
    static let fewAccepted = 10

    var validation: [[String]] { rows.filter { thresholds.text($0, .split) == "validation" } }

    /// The two charts and the table.
    var node: HTMLNode {
        .tag("div", [("class", "chooser")], [.tag("div", [("class", "row")], [rocFigure, precisionRecallFigure]), table])
    }

    /// Each strategy's validation point, keyed to the legend by its short label.
    private func marks(x: ThresholdTable.Column, y: ThresholdTable.Column) -> [(x: Double, y: Double, label: String?)] {
        validation.compactMap { row in
            guard let px = thresholds.number(row, x), let py = thresholds.number(row, y) else { return nil }
            return (px, py, ThresholdStrategy(thresholds.text(row, .strategy))?.shortLabel ?? thresholds.text(row, .strategy))
        }
    }

    private var unit: String { kind == .masks ? "masks" : "vectors" }

    private var rocFigure: HTMLNode {
        let chart = Chart(title: "ROC curve, \(name)",
                          x: .init("false positive rate (bad \(unit) kept)", domain: 0...1),
                          y: .init("true positive rate (good \(unit) kept)", domain: 0...1),
                          layers: [.init(.line([(0, 0), (1, 1)]), color: .grey, legend: "chance", dashed: true),
                                   .init(.step(Self.thinned(roc)), color: .blue, legend: "out-of-fold"),
                                   .init(.points(marks(x: .fpr, y: .tpr)), color: .orange, legend: "strategies")])
        return .tag("figure", [], [chart.svg])
    }

    private var precisionRecallFigure: HTMLNode {
        let base = validation.first.flatMap { thresholds.number($0, .basePrecision) } ?? 0
        let curve = precisionRecall ?? derivedPrecisionRecall
        let top = min(1, max(curve.map(\.y).max() ?? 1, base * 3) * 1.05)
        let chart = Chart(title: "Precision and recall, \(name)",
                          x: .init("recall (good \(unit) kept)", domain: 0...1),
                          y: .init("precision (good among kept)", domain: 0...max(top, 0.01), format: { NumberFormat.percent($0, digits: 0) }),
                          layers: [.init(.line([(0, base), (1, base)]), color: .grey, legend: "no filter", dashed: true),
                                   .init(.step(Self.thinned(curve.sorted { $0.x < $1.x })), color: .blue, legend: "out-of-fold"),
                                   .init(.points(marks(x: .tpr, y: .precision)), color: .orange, legend: "strategies")])
        return .tag("figure", [], [chart.svg])
    }

    /// Precision and recall at each ROC point: with P good and N bad validation rows, precision is
    /// TPR·P / (TPR·P + FPR·N).
    private var derivedPrecisionRecall: [(x: Double, y: Double)] {
        guard let row = validation.first, let tp = thresholds.number(row, .tp), let fn = thresholds.number(row, .fn),
              let fp = thresholds.number(row, .fp), let tn = thresholds.number(row, .tn) else { return [] }
        let positives = tp + fn, negatives = fp + tn
        return roc.compactMap { point in
            let kept = point.y * positives + point.x * negatives
            return kept > 0 ? (point.y, point.y * positives / kept) : nil
        }
    }

    private var table: HTMLNode {
        let count: (Double) -> String = { NumberFormat.count(Int($0)) }
        let percent: (Double) -> String = { NumberFormat.percent($0) }
        let ratio: (Double) -> String = { NumberFormat.decimal($0, digits: 2) }
        let columns: [(name: ThresholdTable.Column, title: String, format: (Double) -> String)]
        switch kind {
        case .masks:
            columns = [(.threshold, "threshold", { NumberFormat.significant($0) }), (.accepted, "accepted", count), (.tp, "accepted good", count),
                       (.fp, "accepted bad", count),
                       (.tpr, "good kept", percent), (.badPerGood, "bad per good", ratio), (.badPerGoodLow, "95% low", ratio),
                       (.badPerGoodHigh, "95% high", ratio), (.precision, "precision", percent), (.precisionLow, "95% low", percent),
                       (.precisionHigh, "95% high", percent)]
        case .latents:
            columns = [(.threshold, "threshold", { NumberFormat.significant($0) }), (.accepted, "kept", count), (.tpr, "good kept (TPR)", percent),
                       (.fpr, "bad kept (FPR)", percent), (.precision, "precision", percent), (.basePrecision, "without screening", percent),
                       (.passRate, "passed", percent), (.speedup, "speed-up", { NumberFormat.times($0) }),
                       (.speedupLow, "95% low", { NumberFormat.times($0) }), (.speedupHigh, "95% high", { NumberFormat.times($0) })]
        }
        let header = HTMLNode.tag("tr", [], [.tag("th", text: "strategy"), .tag("th", text: "split")] + columns.map { .tag("th", text: $0.title) }
            + [.tag("th", text: "flags")])
        let body = rows.map { row -> HTMLNode in
            let strategy = thresholds.text(row, .strategy)
            let label = ThresholdStrategy(strategy)?.shortLabel
            return .tag("tr", [("class", thresholds.text(row, .split))],
                        [.tag("td", text: strategy + (label.map { " (\($0))" } ?? "")), .tag("td", text: thresholds.text(row, .split))]
                            + columns.map { NumberCell.td(thresholds.text(row, $0.name), $0.format) }
                            + [.tag("td", [("class", "flag")], text: flags(row).joined(separator: "; "))])
        }
        let percentShare = Int(ExtremeAcceptance.share * 100)
        let caption: [HTMLNode] = [
            .text("Every strategy's threshold for \(name), chosen on the out-of-fold scores (validation) and applied to the held-out test "
                + "split, with 95% bootstrap intervals. ⚠ marks a threshold that accepts or rejects at least \(percentShare)% of the \(unit), "
                + "and a test split with fewer than \(Self.fewAccepted) accepted. From "),
            .tag("a", [("href", source)], text: source), .text("."),
        ]
        return .tag("div", [("class", "scroll")],
                    [.tag("table", [("class", "data compact"), ("data-source", source)], [.tag("caption", [], caption), header] + body)])
    }

    /// What a reader should know before trusting `row`.
    func flags(_ row: [String]) -> [String] {
        var flags: [String] = []
        if let passRate = thresholds.number(row, .passRate) {
            if passRate >= ExtremeAcceptance.share { flags.append("⚠ accepts ≥\(Int(ExtremeAcceptance.share * 100))%") }
            if passRate <= 1 - ExtremeAcceptance.share { flags.append("⚠ rejects ≥\(Int(ExtremeAcceptance.share * 100))%") }
        }
        if thresholds.text(row, .split) == "test", let accepted = thresholds.number(row, .accepted), Int(accepted) < Self.fewAccepted {
            flags.append("⚠ \(Int(accepted)) accepted on test")
        }
        return flags
    }

    /// Curve points thinned to what a 460-pixel chart can show: a point is kept when it moves at least 1/400
    /// of the axis from the last kept one; the first and last are always kept.
    static func thinned(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        guard points.count > 2 else { return points }
        var kept = [points[0]]
        for point in points.dropFirst().dropLast() {
            guard let last = kept.last else { continue }
            if abs(point.x - last.x) >= 1.0 / 400 || abs(point.y - last.y) >= 1.0 / 400 { kept.append(point) }
        }
        if let last = points.last { kept.append(last) }
        return kept
    }
}
