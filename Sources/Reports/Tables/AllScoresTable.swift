import FileIO
import LatentPrefilter

/// `all_scores.csv` of `latent train --target all`: the direct `valid` model against one model per score at
/// TPR 0.95, per group, predictor and split.
public enum AllScoresTable {
    /// The columns.
    public enum Column: String, CaseIterable, Sendable {
        case group, predictor, split, tpr, fpr, precision
        case basePrecision = "base_precision", passRate = "pass_rate"
        case tn, fp, fn, tp, speedup
        case speedupLow = "speedup_low", speedupHigh = "speedup_high"
    }

    /// The table of `comparisons`.
    public static func csv(_ comparisons: [AllScoresComparison]) -> String {
        func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        var text = CSVField.line(Column.allCases.map(\.rawValue)) + "\n"
        for comparison in comparisons {
            for row in comparison.rows {
                let c = row.evaluation.confusion
                text += CSVField.line([comparison.group, row.predictor, row.split, number(c.recall), number(c.falsePositiveRate),
                                       number(c.precision), number(c.basePrecision), number(c.passRate), String(c.trueNegatives),
                                       String(c.falsePositives), String(c.falseNegatives), String(c.truePositives),
                                       number(row.evaluation.speedup.value), number(row.evaluation.speedup.low),
                                       number(row.evaluation.speedup.high)]) + "\n"
            }
        }
        return text
    }
}
