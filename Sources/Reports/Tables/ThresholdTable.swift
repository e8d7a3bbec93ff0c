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
        case tn, fp, fn, tp, accepted, speedup
        case speedupLow = "speedup_low", speedupHigh = "speedup_high", precisionLow = "precision_low", precisionHigh = "precision_high"
        case badPerGood = "bad_per_good", badPerGoodLow = "bad_per_good_low", badPerGoodHigh = "bad_per_good_high"
        case speedupWithCost = "speedup_with_cost", speedupWithCostLow = "speedup_with_cost_low"
        case speedupWithCostHigh = "speedup_with_cost_high"
    }

    /// The columns that say which model a row is of.
    public static let leadingColumns: [Column] = [.group, .target]
    /// The columns added when a row has a screening cost.
    public static let costColumns: [Column] = [.speedupWithCost, .speedupWithCostLow, .speedupWithCostHigh]
    /// The columns every table has.
    public static let columns = Column.allCases.filter { !leadingColumns.contains($0) && !costColumns.contains($0) }

    /// Bad rows accepted per good one at `precision` (fp / tp); nil when nothing good is accepted. Precision's
    /// bootstrap interval maps onto it bound for bound (the map is monotone, so the percentiles map too).
    static func badPerGood(_ precision: Double?) -> Double? {
        guard let precision, precision > 0 else { return nil }
        return (1 - precision) / precision
    }

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
                    String(c.truePositives), String(c.truePositives + c.falsePositives), number(evaluation.speedup.value), number(evaluation.speedup.low),
                    number(evaluation.speedup.high), number(evaluation.precision.low), number(evaluation.precision.high),
                    number(badPerGood(c.precision)), number(badPerGood(evaluation.precision.high)), number(badPerGood(evaluation.precision.low)),
                ] + (withCost ? [number(evaluation.speedupWithCost?.value), number(evaluation.speedupWithCost?.low),
                                 number(evaluation.speedupWithCost?.high)] : [])) + "\n"
            }
        }
        return text
    }
}
