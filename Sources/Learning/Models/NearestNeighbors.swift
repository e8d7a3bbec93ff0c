/// k-nearest-neighbours classification as scikit-learn's `KNeighborsClassifier` with its defaults (Euclidean
/// distance, uniform weights): the score of a row is the share of positives among its `k` nearest training rows.
public struct NearestNeighbors: Classifier, Hashable {
    /// How many neighbours vote.
    public var k: Int

    /// `k` neighbours (scikit-learn's default is 5; the study compares 1, 3, 10 and 30).
    public init(k: Int = 5) {
        self.k = k
    }

    /// `n_neighbors`.
    public var parameters: String { "n_neighbors=\(k)" }

    /// Remembers the training rows; refuses fewer rows than `k`.
    public func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> NeighborsModel {
        try validateTrainingData(data, labels)
        guard k >= 1 else { throw .invalidParameter("n_neighbors must be at least 1") }
        guard data.rows >= k else {
            throw .invalidParameter("n_neighbors=\(k) needs at least \(k) training rows, got \(data.rows)")
        }
        return NeighborsModel(k: k, points: data, labels: labels)
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

    /// Training rows with their labels.
    public init(k: Int, points: Matrix, labels: [Bool]) {
        self.k = k
        self.points = points
        self.labels = labels
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
        case neighbors, points, labels
    }

    /// `neighbors` (k), `points` (the training rows) and their `labels`.
    public func encodeFields(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(k, forKey: .neighbors)
        try container.encode((0..<points.rows).map(points.row), forKey: .points)
        try container.encode(labels, forKey: .labels)
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
        self.init(k: k, points: points, labels: labels)
    }

    /// The share of positives among each row's `k` nearest training rows. Among training rows at exactly the
    /// same distance, the earlier one counts as nearer.
    public func probabilities(_ data: Matrix) -> [Double] {
        precondition(data.columns == points.columns, "the model was fitted on \(points.columns) columns, not \(data.columns)")
        let count = points.rows, columns = points.columns
        // |p|^2 - 2 q.p ranks training rows by distance to q; the dot products come from the points stored
        // column-major, four queries at a time, so that the innermost loop is contiguous and vectorises.
        var squaredNorms = [Double](repeating: 0, count: count)
        var transposed = [Double](repeating: 0, count: count * columns)
        for row in 0..<count {
            for column in 0..<columns {
                let value = points[row, column]
                squaredNorms[row] += value * value
                transposed[column * count + row] = value
            }
        }
        let group = 4
        var distances = [Double](repeating: 0, count: group * count)
        var scores = [Double](repeating: 0, count: data.rows)
        var nearest: [(distance: Double, index: Int)] = []
        nearest.reserveCapacity(k + 1)
        for first in stride(from: 0, to: data.rows, by: group) {
            let queries = min(group, data.rows - first)
            transposed.withUnsafeBufferPointer { transposed in
                distances.withUnsafeMutableBufferPointer { distances in
                    for slot in 0..<group {
                        for index in 0..<count { distances[slot * count + index] = squaredNorms[index] }
                    }
                    for column in 0..<columns {
                        let q0 = -2 * data[first, column]
                        let q1 = queries > 1 ? -2 * data[first + 1, column] : 0
                        let q2 = queries > 2 ? -2 * data[first + 2, column] : 0
                        let q3 = queries > 3 ? -2 * data[first + 3, column] : 0
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
                scores[first + slot] = Double(nearest.reduce(0) { $0 + (labels[$1.index] ? 1 : 0) }) / Double(k)
            }
        }
        return scores
    }
}
