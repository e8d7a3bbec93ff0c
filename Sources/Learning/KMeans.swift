import Matrices
import SeededRandom

/// k-means clustering of a matrix's rows by Lloyd's algorithm, as scikit-learn's
/// `KMeans(algorithm="lloyd", tol=0)` computes it from the same initial centres: each row is assigned to its
/// nearest centre (squared Euclidean distance, the lower index on a tie), each centre moves to the mean of its
/// rows, until no assignment changes or `maximumIterations` rounds have run. A centre left without rows stays
/// where it was (scikit-learn moves it to a far row instead; neither happens from k-means++ centres on
/// distinct rows in practice).
///
/// Without initial centres they are drawn by k-means++ (Arthur and Vassilvitskii 2007) with ganfilter's seeded
/// generator: the first a row drawn uniformly, each next one a row drawn with probability proportional to its
/// squared distance from the nearest centre so far. The same rows and seed give the same clusters.
public struct KMeans: Sendable {
    /// The centres, one per cluster.
    public let centres: [[Double]]
    /// The cluster of each row.
    public let assignments: [Int]
    /// The Lloyd rounds run.
    public let iterations: Int

    /// The most Lloyd rounds by default; far more than rows of a few dozen features need to settle.
    public static let defaultMaximumIterations = 100

    /// `clusters` clusters of `data`'s rows from k-means++ centres drawn with `seed`. Needs 1 ≤ `clusters` ≤
    /// the number of rows, and finite values.
    public init(_ data: Matrix, clusters: Int, seed: UInt64,
                maximumIterations: Int = KMeans.defaultMaximumIterations) throws(LearningError) {
        guard clusters >= 1, clusters <= data.rows else {
            throw .invalidParameter("k-means needs between 1 and \(data.rows) clusters, not \(clusters)")
        }
        guard data.allFinite else { throw .invalidParameter("k-means needs finite values") }
        try self.init(data, initialCentres: Self.plusPlusCentres(data, count: clusters, seed: seed), maximumIterations: maximumIterations)
    }

    /// Clusters of `data`'s rows from `initialCentres` (each of `data`'s column count).
    public init(_ data: Matrix, initialCentres: [[Double]],
                maximumIterations: Int = KMeans.defaultMaximumIterations) throws(LearningError) {
        guard !initialCentres.isEmpty, initialCentres.allSatisfy({ $0.count == data.columns }) else {
            throw .invalidParameter("k-means needs at least one initial centre of \(data.columns) values")
        }
        guard maximumIterations >= 1 else { throw .invalidParameter("k-means needs at least one iteration") }
        var centres = initialCentres
        var assignments = Self.nearest(data, centres)
        var rounds = 0
        while rounds < maximumIterations {
            rounds += 1
            centres = Self.means(data, assignments, previous: centres)
            let next = Self.nearest(data, centres)
            if next == assignments { break }
            assignments = next
        }
        self.centres = centres
        self.assignments = assignments
        iterations = rounds
    }

    /// Per cluster the row of `data` (the rows clustered) nearest its centre (the lower row on a tie), the
    /// largest clusters first (the lower cluster index on a tie); clusters without rows are left out, and so is
    /// everything when `data` is not the matrix clustered (another shape).
    public func typicalRows(of data: Matrix) -> [Int] {
        guard data.rows == assignments.count, centres.allSatisfy({ $0.count == data.columns }) else { return [] }
        var sizes = [Int](repeating: 0, count: centres.count)
        var best = [(row: Int, distance: Double)?](repeating: nil, count: centres.count)
        for row in 0..<data.rows {
            let cluster = assignments[row]
            sizes[cluster] += 1
            let distance = Self.squaredDistance(data, row, centres[cluster])
            if let current = best[cluster], current.distance <= distance { continue }
            best[cluster] = (row, distance)
        }
        return centres.indices.sorted { (-sizes[$0], $0) < (-sizes[$1], $1) }.compactMap { best[$0]?.row }
    }

    /// k-means++ centres: `count` of `data`'s rows, drawn as the type's documentation says.
    public static func plusPlusCentres(_ data: Matrix, count: Int, seed: UInt64) -> [[Double]] {
        guard data.rows > 0, count > 0 else { return [] }
        var generator = SeededGenerator(seed: seed)
        var centres = [data.row(generator.integer(below: data.rows))]
        var nearest = (0..<data.rows).map { squaredDistance(data, $0, centres[0]) }
        while centres.count < min(count, data.rows) {
            let total = nearest.reduce(0, +)
            var chosen = generator.integer(below: data.rows)
            if total > 0 {
                // The first row whose running sum of squared distances passes a uniform draw over the total.
                let target = generator.uniform() * total
                var sum = 0.0
                chosen = data.rows - 1
                for (row, distance) in nearest.enumerated() {
                    sum += distance
                    if sum > target, distance > 0 {
                        chosen = row
                        break
                    }
                }
            }
            let centre = data.row(chosen)
            centres.append(centre)
            for row in 0..<data.rows { nearest[row] = min(nearest[row], squaredDistance(data, row, centre)) }
        }
        return centres
    }

    /// The index of each row's nearest centre.
    private static func nearest(_ data: Matrix, _ centres: [[Double]]) -> [Int] {
        (0..<data.rows).map { row in
            var best = 0
            var bestDistance = Double.infinity
            for (index, centre) in centres.enumerated() {
                let distance = squaredDistance(data, row, centre)
                if distance < bestDistance {
                    best = index
                    bestDistance = distance
                }
            }
            return best
        }
    }

    /// Each cluster's mean; `previous` for a cluster without rows.
    private static func means(_ data: Matrix, _ assignments: [Int], previous: [[Double]]) -> [[Double]] {
        var sums = [[Double]](repeating: [Double](repeating: 0, count: data.columns), count: previous.count)
        var counts = [Int](repeating: 0, count: previous.count)
        for row in 0..<data.rows {
            let cluster = assignments[row]
            counts[cluster] += 1
            for column in 0..<data.columns { sums[cluster][column] += data[row, column] }
        }
        return previous.indices.map { cluster in
            counts[cluster] == 0 ? previous[cluster] : sums[cluster].map { $0 / Double(counts[cluster]) }
        }
    }

    /// The squared Euclidean distance from row `row` of `data` to `point`.
    private static func squaredDistance(_ data: Matrix, _ row: Int, _ point: [Double]) -> Double {
        var sum = 0.0
        for column in 0..<data.columns {
            let difference = data[row, column] - point[column]
            sum += difference * difference
        }
        return sum
    }
}
