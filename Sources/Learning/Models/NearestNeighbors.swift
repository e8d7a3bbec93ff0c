import Matrices

/// k-nearest-neighbours classification as scikit-learn's `KNeighborsClassifier`: the score of a row is the
/// share of positives among its `k` nearest training rows, each counted once (`weights=uniform`) or by the
/// inverse of its distance (`weights=distance`; training rows at distance 0, when there are any, share all the
/// weight), by Euclidean distance or by cosine distance `1 - q.p / (|q| |p|)` (a zero vector is at distance 1
/// from everything, as scikit-learn's `cosine_distances` has it).
public struct NearestNeighbors: Classifier, Hashable {
    /// How distances are measured.
    public enum Metric: String, Codable, Sendable, CaseIterable {
        /// Straight-line distance.
        case euclidean
        /// One minus the cosine of the angle.
        case cosine
    }

    /// How neighbours vote.
    public enum Weights: String, Codable, Sendable, CaseIterable {
        /// One vote each.
        case uniform
        /// A vote of 1 / distance each.
        case distance
    }

    /// How many neighbours vote.
    public var k: Int
    /// The distance.
    public var metric: Metric
    /// The votes.
    public var weights: Weights

    /// `k` neighbours (scikit-learn's default is 5; the study compares 1, 3, 10 and 30).
    public init(k: Int = 5, metric: Metric = .euclidean, weights: Weights = .uniform) {
        self.k = k
        self.metric = metric
        self.weights = weights
    }

    /// `n_neighbors`, and `metric` and `weights` when not the defaults.
    public var parameters: String {
        "n_neighbors=\(k)" + (metric == .euclidean ? "" : ";metric=\(metric.rawValue)") + (weights == .uniform ? "" : ";weights=\(weights.rawValue)")
    }

    /// Remembers the training rows; refuses fewer rows than `k`.
    public func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> NeighborsModel {
        try validateTrainingData(data, labels)
        guard k >= 1 else { throw .invalidParameter("n_neighbors must be at least 1") }
        guard data.rows >= k else {
            throw .invalidParameter("n_neighbors=\(k) needs at least \(k) training rows, got \(data.rows)")
        }
        return NeighborsModel(k: k, points: data, labels: labels, metric: metric, weights: weights)
    }
}

/// The training rows of a k-nearest-neighbours classifier.
public struct NeighborsModel: FittedModel {
    /// How many neighbours vote.
    public let k: Int
    /// The training rows.
    public let points: Matrix
    /// Their labels.
    public let labels: [Bool]
    /// The distance and the votes.
    public let metric: NearestNeighbors.Metric, weights: NearestNeighbors.Weights

    /// Training rows with their labels.
    public init(k: Int, points: Matrix, labels: [Bool], metric: NearestNeighbors.Metric = .euclidean,
                weights: NearestNeighbors.Weights = .uniform) {
        self.k = k
        self.points = points
        self.labels = labels
        self.metric = metric
        self.weights = weights
    }

    /// `knn`.
    public static let kind = "knn"

    /// The columns of the training rows.
    public var featureCount: Int { points.columns }

    /// The share of positives among the nearest training rows.
    public func scores(_ data: Matrix) -> [Double] {
        probabilities(data)
    }

    private enum CodingKeys: String, CodingKey {
        case neighbors, points, labels, metric, weights
    }

    /// `neighbors` (k), `points` (the training rows), their `labels`, and `metric` and `weights` when not the
    /// defaults (so that files of the defaults keep their bytes).
    public func encodeFields(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(k, forKey: .neighbors)
        try container.encode((0..<points.rows).map(points.row), forKey: .points)
        try container.encode(labels, forKey: .labels)
        if metric != .euclidean { try container.encode(metric, forKey: .metric) }
        if weights != .uniform { try container.encode(weights, forKey: .weights) }
    }

    /// Reads k and at least k finite training rows of equal length, one label each.
    public init(fields decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let k = try container.decode(Int.self, forKey: .neighbors)
        let rows = try container.decode([[Double]].self, forKey: .points)
        let labels = try container.decode([Bool].self, forKey: .labels)
        try container.require(rows.allSatisfy { $0.allSatisfy(\.isFinite) }, .points, "holds a value that is not a finite number")
        guard k >= 1, rows.count == labels.count, rows.count >= k, let points = Matrix(rowArrays: rows) else {
            throw DecodingError.dataCorruptedError(forKey: .points, in: container,
                                                   debugDescription: "needs k >= 1 and at least k rows of equal length, one label each")
        }
        self.init(k: k, points: points, labels: labels,
                  metric: try container.decodeIfPresent(NearestNeighbors.Metric.self, forKey: .metric) ?? .euclidean,
                  weights: try container.decodeIfPresent(NearestNeighbors.Weights.self, forKey: .weights) ?? .uniform)
    }

    /// The (weighted) share of positives among each row's `k` nearest training rows. Among training rows at
    /// exactly the same distance, the earlier one counts as nearer.
    public func probabilities(_ data: Matrix) -> [Double] {
        precondition(data.columns == points.columns, "the model was fitted on \(points.columns) columns, not \(data.columns)")
        let count = points.rows, columns = points.columns
        let cosine = metric == .cosine
        /// A row scaled to unit length for the cosine (a zero row stays zero), as it is for Euclidean.
        func prepared(_ row: [Double]) -> [Double] {
            guard cosine else { return row }
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? row.map { $0 / norm } : row
        }
        // Euclidean: |p|^2 - 2 q.p ranks training rows by distance to q (|q|^2 added back for the distance);
        // cosine: -2 q.p of the unit rows, the distance 1 - q.p. The dot products come from the points stored
        // column-major, four queries at a time, so that the innermost loop is contiguous and vectorises.
        var squaredNorms = [Double](repeating: 0, count: count)
        var transposed = [Double](repeating: 0, count: count * columns)
        for row in 0..<count {
            let values = prepared(points.row(row))
            for column in 0..<columns {
                if !cosine { squaredNorms[row] += values[column] * values[column] }
                transposed[column * count + row] = values[column]
            }
        }
        let group = 4
        var distances = [Double](repeating: 0, count: group * count)
        var scores = [Double](repeating: 0, count: data.rows)
        var nearest: [(distance: Double, index: Int)] = []
        nearest.reserveCapacity(k + 1)
        for first in stride(from: 0, to: data.rows, by: group) {
            let queries = min(group, data.rows - first)
            let rows = (0..<group).map { $0 < queries ? prepared(data.row(first + $0)) : [Double](repeating: 0, count: columns) }
            transposed.withUnsafeBufferPointer { transposed in
                distances.withUnsafeMutableBufferPointer { distances in
                    for slot in 0..<group {
                        for index in 0..<count { distances[slot * count + index] = squaredNorms[index] }
                    }
                    for column in 0..<columns {
                        let q0 = -2 * rows[0][column], q1 = -2 * rows[1][column], q2 = -2 * rows[2][column], q3 = -2 * rows[3][column]
                        let base = column * count
                        for index in 0..<count {
                            let p = transposed[base + index]
                            distances[index] += q0 * p
                            distances[count + index] += q1 * p
                            distances[2 * count + index] += q2 * p
                            distances[3 * count + index] += q3 * p
                        }
                    }
                }
            }
            for slot in 0..<queries {
                nearest.removeAll(keepingCapacity: true)
                for index in 0..<count {
                    let distance = distances[slot * count + index]
                    guard nearest.count < k || distance < nearest[nearest.count - 1].distance else { continue }
                    var position = nearest.count
                    while position > 0 && nearest[position - 1].distance > distance { position -= 1 }
                    nearest.insert((distance, index), at: position)
                    if nearest.count > k { nearest.removeLast() }
                }
                switch weights {
                case .uniform:
                    scores[first + slot] = Double(nearest.reduce(0) { $0 + (labels[$1.index] ? 1 : 0) }) / Double(k)
                case .distance:
                    let queryNorm = rows[slot].reduce(0) { $0 + $1 * $1 }
                    let actual = nearest.map { cosine ? max(1 + $0.distance / 2, 0) : max(queryNorm + $0.distance, 0).squareRoot() }
                    // scikit-learn: 1 / distance; when some neighbours are at distance 0, they alone vote, equally.
                    let votes = actual.contains(0) ? actual.map { $0 == 0 ? 1.0 : 0 } : actual.map { 1 / $0 }
                    let positive = zip(nearest, votes).reduce(0.0) { $0 + (labels[$1.0.index] ? $1.1 : 0) }
                    scores[first + slot] = positive / votes.reduce(0, +)
                }
            }
        }
        return scores
    }
}
