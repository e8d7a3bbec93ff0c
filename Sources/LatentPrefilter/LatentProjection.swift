import Learning
import Matrices

/// A group's latent vectors seen in two dimensions: the held-out vectors (the validation ones when no test
/// split is held out) on the first two principal components of the training vectors, each with its outcome and
/// whether the prefilter keeps it at its threshold, for the report's scatter chart.
public struct LatentProjection: Sendable {
    /// One vector on the plane.
    public struct Point: Equatable, Sendable {
        /// Its coordinates along the first two components.
        public let x: Double, y: Double
        /// Whether its outcome is good.
        public let good: Bool
        /// Whether the prefilter keeps it at its threshold.
        public let kept: Bool
    }

    /// The points, in row order (every k-th vector when there are more than `maximumPoints`).
    public let points: [Point]
    /// The share of the training vectors' variance along each of the two components.
    public let varianceShare: [Double]

    /// At most this many points are kept: a chart of more is no clearer, and its file larger.
    public static let maximumPoints = 800

    /// The projection of `selection`'s held-out rows of `latents` (the group's vectors, rows in the selection's
    /// order) on the components of its training rows; nil when there are too few rows or dimensions.
    public init?(latents: Matrix, selection: SelectedModel) {
        let training = selection.holdout.training, test = selection.holdout.test
        guard latents.columns >= 2, training.count >= 3,
              let pca = try? PrincipalComponents(latents.selecting(rows: training), count: 2), pca.components.count == 2 else { return nil }
        let (rows, labels, scores) = test.isEmpty ? (training, selection.validationLabels, selection.chosen.outOfFold)
            : (test, selection.testLabels, selection.testScores)
        let stride = max(1, (rows.count + Self.maximumPoints - 1) / Self.maximumPoints)
        let chosen = Swift.stride(from: 0, to: rows.count, by: stride).map { $0 }
        let coordinates = pca.project(latents.selecting(rows: chosen.map { rows[$0] }))
        let threshold = selection.threshold ?? .infinity
        points = zip(chosen, coordinates).map { index, xy in
            Point(x: xy[0], y: xy[1], good: labels[index], kept: scores[index] >= threshold)
        }
        var total = 0.0
        let centredTraining = latents.selecting(rows: training)
        for row in 0..<centredTraining.rows {
            for column in 0..<centredTraining.columns {
                let deviation = centredTraining[row, column] - pca.mean[column]
                total += deviation * deviation
            }
        }
        total /= Double(max(1, training.count - 1))
        varianceShare = pca.explainedVariance.map { total > 0 ? $0 / total : 0 }
    }
}
