import FileIO
import Learning

/// Ranking curves as the CSV tables reports write (the design's Contracts: `roc_*.csv` starts with threshold `inf`;
/// `pr_*.csv` ends with the (precision 1, recall 0) point and a blank threshold).
public enum CurveTable {
    /// The columns of a ROC table.
    public enum RocColumn: String, CaseIterable, Sendable {
        case threshold, fpr, tpr
    }

    /// The columns of a precision-recall table.
    public enum PrecisionRecallColumn: String, CaseIterable, Sendable {
        case threshold, precision, recall
    }

    /// `threshold,fpr,tpr`, one line per operating point.
    public static func roc(_ points: [OperatingPoint]) -> String {
        var text = CSVField.line(RocColumn.allCases.map(\.rawValue)) + "\n"
        for point in points {
            text += "\(point.threshold.isInfinite ? "inf" : "\(point.threshold)"),\(point.fpr),\(point.tpr)\n"
        }
        return text
    }

    /// `threshold,precision,recall` of scikit-learn's precision-recall curve of `scores`.
    public static func precisionRecall(labels: [Bool], scores: [Double]) -> String {
        var text = CSVField.line(PrecisionRecallColumn.allCases.map(\.rawValue)) + "\n"
        for point in RankingCurves.precisionRecallCurve(labels: labels, scores: scores) {
            text += "\(point.threshold.map { "\($0)" } ?? ""),\(point.precision),\(point.recall)\n"
        }
        return text
    }
}
