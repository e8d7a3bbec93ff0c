import FileIO
import Learning

/// the design's `thresholds.csv`, one schema for the mask filter and the latent prefilter: leading columns that
/// say which model (`group,target` for latents, none for masks), then per strategy and split the threshold,
/// the counts and rates at it, the speed-up and precision with 95% bootstrap intervals, and the speed-up with
/// screening cost when any row has one.
public enum ThresholdTable {
    /// Every column, in file order: the leading ones a table may have, those every table has, and those a
    /// screening cost adds.
    public enum Column: String, CaseIterable, Sendable {
        case group, target
        case strategy, split, threshold, tpr, fpr, precision
        case basePrecision = "base_precision", passRate = "pass_rate"
        case tn, fp, fn, tp, speedup
        case speedupLow = "speedup_low", speedupHigh = "speedup_high", precisionLow = "precision_low", precisionHigh = "precision_high"
        case speedupWithCost = "speedup_with_cost", speedupWithCostLow = "speedup_with_cost_low"
        case speedupWithCostHigh = "speedup_with_cost_high"
    }

    /// The columns that say which model a row is of.
    public static let leadingColumns: [Column] = [.group, .target]
    /// The columns added when a row has a screening cost.
    public static let costColumns: [Column] = [.speedupWithCost, .speedupWithCostLow, .speedupWithCostHigh]
    /// The columns every table has.
    public static let columns = Column.allCases.filter { !leadingColumns.contains($0) && !costColumns.contains($0) }

    /// The table of `models`, each its leading values with its rows; `leading` is a subset of `leadingColumns`.
    public static func csv(_ models: [(leading: [Column: String], rows: [SelectedModel.ThresholdRow])], leading: [Column]) -> String {
        let withCost = models.contains { $0.rows.contains { $0.evaluation.speedupWithCost != nil } }
        var text = CSVField.line((leading + columns + (withCost ? costColumns : [])).map(\.rawValue)) + "\n"
        func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        for model in models {
            for row in model.rows {
                let c = row.evaluation.confusion
                let evaluation = row.evaluation
                text += CSVField.line(leading.map { model.leading[$0] ?? "" } + [
                    row.strategy.description, row.split, number(row.threshold),
                    number(c.recall), number(c.falsePositiveRate), number(c.precision), number(c.basePrecision),
                    number(c.passRate), String(c.trueNegatives), String(c.falsePositives), String(c.falseNegatives),
                    String(c.truePositives), number(evaluation.speedup.value), number(evaluation.speedup.low),
                    number(evaluation.speedup.high), number(evaluation.precision.low), number(evaluation.precision.high),
                ] + (withCost ? [number(evaluation.speedupWithCost?.value), number(evaluation.speedupWithCost?.low),
                                 number(evaluation.speedupWithCost?.high)] : [])) + "\n"
            }
        }
        return text
    }
}
