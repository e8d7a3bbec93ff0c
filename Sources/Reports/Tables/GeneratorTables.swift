import FileIO
import MaskFilter
import Learning

/// The generator part's own tables: `filters.csv` (`FilterComparison`: the labelled and the label-free filter
/// on the same held-out masks) and `separation.csv` (`FeatureSeparation`: each column's ROC AUC alone).
public enum GeneratorTables {
    /// The columns of `filters.csv`.
    public enum FilterColumn: String, CaseIterable, Sendable {
        case filter, masks, good, bad
        case accepted, acceptedGood = "accepted_good", acceptedBad = "accepted_bad", shareAccepted = "share_accepted"
        case badPerGoodBefore = "bad_per_good_before", badPerGoodAfter = "bad_per_good_after", rocAUC = "roc_auc"
        case badPerGoodAfterLow = "bad_per_good_after_low", badPerGoodAfterHigh = "bad_per_good_after_high"
        /// The threshold on the filter's own score (`FilterComparison.Row.threshold`).
        case threshold
    }

    /// The columns of `compared_tradeoff.csv`: at each threshold of the other filter's score, over every labelled
    /// mask, the share accepted and the bad masks accepted per good one (blank when no good one is).
    public enum TradeoffColumn: String, CaseIterable, Sendable {
        case threshold, shareAccepted = "share_accepted", accepted, badPerGood = "bad_per_good"
    }

    /// `compared_tradeoff.csv` of `points` (the first, accepting nothing, left out).
    public static func tradeoffCSV(_ points: [OperatingPoint]) -> String {
        var lines = [CSVField.line(TradeoffColumn.allCases.map(\.rawValue))]
        for point in points.dropFirst() {
            let accepted = point.confusion.accepted, total = point.positives + point.negatives
            lines.append(CSVField.line(["\(point.threshold)", "\(Double(accepted) / Double(max(total, 1)))", String(accepted),
                                        point.confusion.truePositives > 0
                                            ? "\(Double(point.confusion.falsePositives) / Double(point.confusion.truePositives))" : ""]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The columns of `separation.csv`.
    public enum SeparationColumn: String, CaseIterable, Sendable {
        case feature, rocAUC = "roc_auc", strength
    }

    /// `filters.csv`: one row per filter; blank where a value is undefined.
    public static func filtersCSV(_ comparison: FilterComparison) -> String {
        func text(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        var lines = [CSVField.line(FilterColumn.allCases.map(\.rawValue))]
        for row in comparison.rows {
            let counts = row.counts
            lines.append(CSVField.line([row.filter, String(counts.total), String(counts.positives), String(counts.negatives),
                                        String(counts.accepted), String(counts.truePositives), String(counts.falsePositives),
                                        text(counts.passRate), text(row.badShare.badPerGoodBefore), text(row.badShare.badPerGoodAfter),
                                        text(row.rocAUC), text(row.badPerGoodInterval.low), text(row.badPerGoodInterval.high),
                                        text(row.threshold)]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `separation.csv`: strongest first.
    public static func separationCSV(_ separation: FeatureSeparation) -> String {
        let lines = [CSVField.line(SeparationColumn.allCases.map(\.rawValue))]
            + separation.entries.map { CSVField.line([$0.feature, $0.rocAUC.map { "\($0)" } ?? "", "\($0.strength)"]) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes both into `folder` atomically; returns the names written (`fileNames`).
    @discardableResult
    public static func write(_ comparison: FilterComparison, _ separation: FeatureSeparation, to folder: String) throws(OutputError) -> [String] {
        let prefix = FolderPath.prefix(folder)
        try AtomicFile.write(Array(filtersCSV(comparison).utf8), to: prefix + ReportSchema.Generator.filters)
        try AtomicFile.write(Array(separationCSV(separation).utf8), to: prefix + ReportSchema.Generator.separation)
        try AtomicFile.write(Array(ThresholdTable.csv([([:], comparison.otherThresholds)], leading: []).utf8),
                             to: prefix + ReportSchema.Generator.comparedThresholds)
        try AtomicFile.write(Array(CurveTable.roc(comparison.otherValidationPoints).utf8), to: prefix + ReportSchema.Generator.comparedRoc)
        try AtomicFile.write(Array(tradeoffCSV(comparison.otherTradeoff).utf8), to: prefix + ReportSchema.Generator.comparedTradeoff)
        return fileNames
    }

    /// The files `write` makes: the two filters side by side, the columns that separate, and the other filter's
    /// score with thresholds chosen by the labels (`thresholds.csv`'s schema and `roc.csv`'s).
    public static let fileNames = [ReportSchema.Generator.filters, ReportSchema.Generator.separation, ReportSchema.Generator.comparedThresholds,
                                   ReportSchema.Generator.comparedRoc, ReportSchema.Generator.comparedTradeoff]
}
