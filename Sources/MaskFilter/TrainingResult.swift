import Learning

/// Everything a training run found, for the model file and the report.
public struct TrainingResult: Sendable {
    /// The model file content.
    public let model: MaskFilterModel
    /// The model selection (holdout indices count rows of the training set).
    public let selection: SelectedModel
    /// Every stored threshold on validation and test, with intervals (`thresholds.csv`).
    public let rows: [SelectedModel.ThresholdRow]
    /// The files of the test split, aligned with `selection.testLabels`.
    public let testFiles: [String]
    /// The files of the non-test rows, aligned with `selection.validationLabels`.
    public let validationFiles: [String]
}
