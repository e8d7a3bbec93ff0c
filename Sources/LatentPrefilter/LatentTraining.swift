import FileIO
import Learning
import Matrices

/// One group's training: the model selection and how every threshold does on each split.
public struct GroupTraining: Sendable {
    /// The group.
    public let group: String
    /// The target column.
    public let target: String
    /// The selection on the group's records (holdout indices count within the group, in dataset order).
    public let selection: SelectedModel
    /// Every threshold on both splits, with speed-up intervals.
    public let rows: [SelectedModel.ThresholdRow]
    /// Measured seconds to score one vector with the chosen model (the screen's cost C).
    public let screenSecondsPerVector: Double
    /// The held-out vectors on their first two principal components, for the report; nil when too few.
    public var projection: LatentProjection? = nil
    /// Every vector of the group, training and test rows alike, for `latent verify` to recognise.
    public var seenVectors: VectorSketch? = nil
}

/// Trains one prefilter per group with `ModelSelection` on the group's records (z, and `|z|^2` with
/// `addNorm`), then measures the chosen model's screening cost and evaluates every threshold on both splits.
public enum LatentTraining {
    /// The model inputs of `rows`: z, and `|z|^2` when `addNorm`.
    public static func inputs(_ dataset: LatentDataset, rows: [Int], addNorm: Bool) -> Matrix {
        inputs(dataset.latents.selecting(rows: rows), addNorm: addNorm)
    }

    /// The model inputs of `vectors`: themselves, and `|z|^2` when `addNorm`.
    static func inputs(_ vectors: Matrix, addNorm: Bool) -> Matrix {
        addNorm ? appendingSquaredNorm(vectors) : vectors
    }

    /// `vectors` with one more column, each row's `|z|^2`.
    public static func appendingSquaredNorm(_ vectors: Matrix) -> Matrix {
        var values: [Double] = []
        values.reserveCapacity(vectors.rows * (vectors.columns + 1))
        for row in 0..<vectors.rows {
            let vector = vectors.row(row)
            values += vector
            values.append(vector.reduce(0) { $0 + $1 * $1 })
        }
        return Matrix(rows: vectors.rows, columns: vectors.columns + 1, values: values) ?? vectors
    }

    /// Trains the group `group`; `holdout` reuses a split of the group's records (for models of other targets
    /// compared on the same test rows), else a stratified split of this target is drawn. `screenSeconds`
    /// measures the chosen model's screening cost on the training rows (unless the options state it).
    public static func train(_ dataset: LatentDataset, group: String, options: LatentTrainingOptions,
                             holdout: StratifiedHoldout? = nil,
                             screenSeconds: (FittedClassifier, Matrix) -> Double) throws(LearningError) -> GroupTraining {
        guard let allLabels = dataset.labels(options.target) else {
            throw .invalidParameter("the dataset has no target '\(options.target)' (it has \(dataset.targetNames.joined(separator: ", ")))")
        }
        let members = dataset.groups.indices.filter { dataset.groups[$0] == group }
        guard !members.isEmpty else { throw .invalidParameter("no records of group '\(group)'") }
        let vectors = dataset.latents.selecting(rows: members)
        let data = inputs(vectors, addNorm: options.addNorm)
        let selection = try options.selection.run(data: data, labels: members.map { allLabels[$0] }, holdout: holdout)
        let measured = screenSeconds(selection.classifier, data.selecting(rows: selection.holdout.training))
        let cost = options.generationSeconds.map {
            ScreeningCost(generationSeconds: $0, screenSeconds: options.screenSeconds ?? measured)
        }
        return GroupTraining(group: group, target: options.target, selection: selection,
                             rows: selection.thresholdRows(replicates: options.replicates, seed: options.selection.seed, cost: cost),
                             screenSecondsPerVector: measured,
                             projection: options.projects ? LatentProjection(latents: vectors, selection: selection) : nil,
                             seenVectors: VectorSketch(vectors))
    }
}
