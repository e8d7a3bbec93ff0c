import BatchFiles
import Learning

/// DESIGN's `thresholds.csv`, one schema for the mask filter and the latent prefilter: leading columns that
/// say which model (`group,target` for latents, none for masks), then per strategy and split the threshold,
/// the counts and rates at it, the speed-up and precision with 95% bootstrap intervals, and the speed-up with
/// screening cost when any row has one.
public enum ThresholdTable {
    /// The columns after the leading ones.
    public static let columns = ["strategy", "split", "threshold", "tpr", "fpr", "precision", "base_precision", "pass_rate",
                                 "tn", "fp", "fn", "tp", "speedup", "speedup_low", "speedup_high", "precision_low", "precision_high"]
    /// The columns added when a row has a screening cost.
    public static let costColumns = ["speedup_with_cost", "speedup_with_cost_low", "speedup_with_cost_high"]

    /// The table of `models`, each its leading values (by column name) with its rows.
    public static func csv(_ models: [(leading: [String: String], rows: [SelectedModel.ThresholdRow])], leading: [String]) -> String {
        let withCost = models.contains { $0.rows.contains { $0.evaluation.speedupWithCost != nil } }
        var text = CSVField.line(leading + columns + (withCost ? costColumns : [])) + "\n"
        func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        for model in models {
            for row in model.rows {
                let c = row.evaluation.confusion
                let evaluation = row.evaluation
                text += CSVField.line(leading.map { model.leading[$0] ?? "" } + [
                    row.strategy, row.split, number(row.threshold),
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
