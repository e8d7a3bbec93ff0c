import Foundation
import Matrices
import SeededRandom

/// k-means clustering of a matrix's rows by Lloyd's algorithm, as scikit-learn's
/// `KMeans(algorithm="lloyd", tol=0)` computes it from the same initial centres: each row is assigned to its
/// nearest centre (squared Euclidean distance, the lower index on a tie), each centre moves to the mean of its
/// rows, until no assignment changes or `maximumIterations` rounds have run. A centre left without rows stays
/// where it was (scikit-learn moves it to a far row instead; neither happens from k-means++ centres on
/// distinct rows in practice).
///
/// Without initial centres they are drawn by greedy k-means++ (Arthur and Vassilvitskii 2007), as scikit-learn
/// draws them, with ganfilter's seeded generator: the first a row drawn uniformly; for each next one,
/// `localTrials(clusters:)` rows drawn with probability proportional to their squared distance from the nearest
/// centre so far, and the one that leaves the least total squared distance kept. One draw per centre, the plain
/// k-means++, lands often enough in a poor local optimum (two centres in one tight group of rows, none in
/// another) that scikit-learn draws several. The same rows and seed give the same clusters.
public struct KMeans: Sendable {
    /// The centres, one per cluster.
    public let centres: [[Double]]
    /// The cluster of each row.
    public let assignments: [Int]
    /// The Lloyd rounds run.
    public let iterations: Int

    /// The most Lloyd rounds by default; far more than rows of a few dozen features need to settle.
    public static let defaultMaximumIterations = 100

    /// The k-means++ starts `init(_:clusters:seed:starts:maximumIterations:)` runs by default, scikit-learn's
    /// `n_init` before its version 1.4. A start lands in a poor local optimum often enough (two centres in one
    /// tight group of rows, another group merged into a larger one; `KMeansTests`) that one start a run leaves
    /// the clusters to the seed.
    public static let defaultStarts = 10

    /// `clusters` clusters of `data`'s rows: Lloyd's algorithm from each of `starts` sets of k-means++ centres,
    /// drawn with the seeds `seed`, `seed + 1`, …, the clusters of least `inertia` kept (the first on a tie).
    /// Needs 1 ≤ `clusters` ≤ the number of rows, at least one start, and finite values.
    public init(_ data: Matrix, clusters: Int, seed: UInt64, starts: Int = KMeans.defaultStarts,
                maximumIterations: Int = KMeans.defaultMaximumIterations) throws(LearningError) {
        guard clusters >= 1, clusters <= data.rows else {
            throw .invalidParameter("k-means needs between 1 and \(data.rows) clusters, not \(clusters)")
        }
        guard starts >= 1 else { throw .invalidParameter("k-means needs at least one start, not \(starts)") }
        guard data.allFinite else { throw .invalidParameter("k-means needs finite values") }
        var best: (clusters: KMeans, inertia: Double)?
        for start in 0..<UInt64(starts) {
            let run = try KMeans(data, initialCentres: Self.plusPlusCentres(data, count: clusters, seed: seed &+ start),
                                 maximumIterations: maximumIterations)
            let inertia = run.inertia(of: data)
            if best == nil || inertia < best?.inertia ?? .infinity { best = (run, inertia) }
        }
        guard let best else { throw .invalidParameter("k-means needs at least one start") }
        self = best.clusters
    }

    /// The sum of every row's squared distance from its cluster's centre (scikit-learn's `inertia_`); infinity
    /// when `data` is not the matrix clustered (another shape).
    public func inertia(of data: Matrix) -> Double {
        guard data.rows == assignments.count, centres.allSatisfy({ $0.count == data.columns }) else { return .infinity }
        return (0..<data.rows).reduce(0) { $0 + Self.squaredDistance(data, $1, centres[assignments[$1]]) }
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

    /// k-means++ centres: `count` of `data`'s rows, drawn as the type's documentation says, each after the first
    /// the best of `trials` draws (1: the plain k-means++).
    public static func plusPlusCentres(_ data: Matrix, count: Int, seed: UInt64, trials: Int? = nil) -> [[Double]] {
        guard data.rows > 0, count > 0 else { return [] }
        var generator = SeededGenerator(seed: seed)
        var centres = [data.row(generator.integer(below: data.rows))]
        var nearest = (0..<data.rows).map { squaredDistance(data, $0, centres[0]) }
        let trials = max(1, trials ?? localTrials(clusters: count))
        while centres.count < min(count, data.rows) {
            let total = nearest.reduce(0, +)
            guard total > 0 else {
                // Every row is a centre already: any row will do.
                centres.append(data.row(generator.integer(below: data.rows)))
                continue
            }
            // Each trial: the first row whose running sum of squared distances passes a uniform draw over the
            // total. The trial that leaves the least total squared distance becomes the centre.
            var best: (potential: Double, nearest: [Double], row: Int)?
            for _ in 0..<trials {
                let target = generator.uniform() * total
                var sum = 0.0
                var chosen = data.rows - 1
                for (row, distance) in nearest.enumerated() {
                    sum += distance
                    if sum > target, distance > 0 {
                        chosen = row
                        break
                    }
                }
                let centre = data.row(chosen)
                let candidate = (0..<data.rows).map { min(nearest[$0], squaredDistance(data, $0, centre)) }
                let potential = candidate.reduce(0, +)
                if best == nil || potential < best?.potential ?? .infinity { best = (potential, candidate, chosen) }
            }
            guard let best else { break }
            centres.append(data.row(best.row))
            nearest = best.nearest
        }
        return centres
    }

    /// The candidates each k-means++ centre after the first is chosen among: `2 + floor(ln k)` for `k` clusters,
    /// scikit-learn's `n_local_trials`.
    public static func localTrials(clusters: Int) -> Int {
        2 + Int(log(Double(max(clusters, 1))))
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
