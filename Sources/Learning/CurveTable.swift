/// Ranking curves as the CSV tables reports write (DESIGN's Contracts: `roc_*.csv` starts with threshold `inf`;
/// `pr_*.csv` ends with the (precision 1, recall 0) point and a blank threshold).
public enum CurveTable {
    /// `threshold,fpr,tpr`, one line per operating point.
    public static func roc(_ points: [OperatingPoint]) -> String {
        var text = "threshold,fpr,tpr\n"
        for point in points {
            text += "\(point.threshold.isInfinite ? "inf" : "\(point.threshold)"),\(point.fpr),\(point.tpr)\n"
        }
        return text
    }

    /// `threshold,precision,recall` of scikit-learn's precision-recall curve of `scores`.
    public static func precisionRecall(labels: [Bool], scores: [Double]) -> String {
        var text = "threshold,precision,recall\n"
        for point in RankingCurves.precisionRecallCurve(labels: labels, scores: scores) {
            text += "\(point.threshold.map { "\($0)" } ?? ""),\(point.precision),\(point.recall)\n"
        }
        return text
    }
}
