/// What ranks candidates in model selection: the design's default is the mean fold ROC AUC, as GridSearchCV.
public enum SelectionMetric: String, Sendable, CaseIterable {
    /// ROC AUC of the out-of-fold probabilities.
    case rocAUC = "roc_auc"
    /// Average precision (area under the precision-recall curve, scikit-learn's step sum).
    case averagePrecision = "average_precision"
    /// Accuracy at probability 0.5.
    case accuracy
    /// F1 at probability 0.5.
    case f1
}
