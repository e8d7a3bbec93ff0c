import Foundation
import Learning
import Matrices
import SeededRandom
import Testing
import TestSupport

/// `KMeans` against scikit-learn's Lloyd iterations from the same centres (`Tests/Fixtures/make_kmeans_golden.py`),
/// and its k-means++ start and typical rows by their definitions.
struct KMeansTests {
    struct Golden: Decodable {
        let data: [[Double]]
        let initial: [[Double]]
        let centres: [[Double]]
        let labels: [Int]
    }

    @Test func agreesWithScikitLearnFromTheSameCentres() throws {
        let bytes = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/kmeans.json")))
        let golden = try JSONDecoder().decode(Golden.self, from: bytes)
        let data = try #require(Matrix(rowArrays: golden.data))
        let clusters = try KMeans(data, initialCentres: golden.initial)
        #expect(clusters.assignments == golden.labels)
        #expect(clusters.iterations > 1, "the start must be far from the end for the test to mean anything")
        for (centre, expected) in zip(clusters.centres, golden.centres) {
            for (a, b) in zip(centre, expected) { #expect(abs(a - b) <= 1e-10 * max(1, abs(b)), "\(a) vs \(b)") }
        }
    }

    /// k-means++ draws distinct rows, the same ones for the same seed; the clusters it starts are a fixed point
    /// (every row nearest its own centre, each centre its rows' mean).
    @Test func plusPlusStartsAreSeededAndLloydEndsAtAFixedPoint() throws {
        let bytes = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/kmeans.json")))
        let data = try #require(Matrix(rowArrays: try JSONDecoder().decode(Golden.self, from: bytes).data))
        let starts = KMeans.plusPlusCentres(data, count: 6, seed: 3)
        #expect(starts.count == 6 && Set(starts).count == 6)
        #expect(starts == KMeans.plusPlusCentres(data, count: 6, seed: 3))
        #expect(starts != KMeans.plusPlusCentres(data, count: 6, seed: 4))
        let clusters = try KMeans(data, clusters: 6, seed: 3)
        for row in 0..<data.rows {
            let distances = clusters.centres.map { centre in zip(data.row(row), centre).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
            #expect(distances[clusters.assignments[row]] == distances.min())
        }
        for (index, centre) in clusters.centres.enumerated() {
            let members = (0..<data.rows).filter { clusters.assignments[$0] == index }
            for column in 0..<data.columns {
                let mean = members.map { data[$0, column] }.reduce(0, +) / Double(members.count)
                #expect(abs(centre[column] - mean) <= 1e-12 * max(1, abs(mean)))
            }
        }
        // One typical row per cluster, each its cluster's member nearest the centre, the largest cluster first.
        let typical = clusters.typicalRows(of: data)
        #expect(typical.count == 6 && Set(typical.map { clusters.assignments[$0] }).count == 6)
        let sizes = typical.map { row in clusters.assignments.filter { $0 == clusters.assignments[row] }.count }
        #expect(sizes == sizes.sorted(by: >))
    }

    @Test func refusesWhatCannotBeClustered() throws {
        let data = try #require(Matrix(rowArrays: [[0, 1], [2, 3], [4, 5]]))
        #expect(throws: LearningError.self) { try KMeans(data, clusters: 4, seed: 0) }
        #expect(throws: LearningError.self) { try KMeans(data, clusters: 0, seed: 0) }
        #expect(throws: LearningError.self) { try KMeans(data, initialCentres: [[0, 1, 2]]) }
        let infinite = try #require(Matrix(rowArrays: [[0, 1], [.infinity, 3]]))
        #expect(throws: LearningError.self) { try KMeans(infinite, clusters: 1, seed: 0) }
        // As many clusters as rows: every row its own cluster.
        let own = try KMeans(data, clusters: 3, seed: 1)
        #expect(Set(own.assignments).count == 3)
        // Rows all alike: k-means++ repeats the one row, every row joins the first centre, one typical row.
        let alike = try #require(Matrix(rowArrays: [[1, 1], [1, 1], [1, 1], [1, 1]]))
        let same = try KMeans(alike, clusters: 3, seed: 2)
        #expect(same.assignments == [0, 0, 0, 0] && same.typicalRows(of: alike) == [0])
        // Typical rows of another matrix than the one clustered: none, rather than a trap.
        #expect(own.typicalRows(of: alike).isEmpty)
    }

    /// Three tight groups of unequal size (400, 100 and 100 rows) beside a column of uniform noise about as wide as
    /// the groups lie apart: poor local optima (clusters across the groups, slabs of the noise) are near. One
    /// start finds the groups for about a quarter of the seeds; the best of `defaultStarts` for nearly all.
    @Test func theBestOfSeveralStartsFindsUnequalGroups() throws {
        var generator = SeededGenerator(seed: 5)
        var rows: [[Double]] = []
        for index in 0..<600 {
            let centre: (Double, Double) = index < 400 ? (0, 0) : index < 500 ? (2.2, 0) : (0, 2.2)
            rows.append([generator.uniform(-1.7, 1.7), centre.0 + 0.05 * generator.normal(), centre.1 + 0.05 * generator.normal()])
        }
        let data = try #require(Matrix(rowArrays: rows))
        func found(starts: Int) throws -> Int {
            try (0..<40).filter { seed in
                let clusters = try KMeans(data, clusters: 3, seed: UInt64(seed) * 100, starts: starts)
                let groups = [0..<400, 400..<500, 500..<600].map { Set($0.map { clusters.assignments[$0] }) }
                return groups.allSatisfy { $0.count == 1 } && Set(groups.flatMap { $0 }).count == 3
            }.count
        }
        let (one, best) = (try found(starts: 1), try found(starts: KMeans.defaultStarts))
        #expect(best >= 36 && one <= 20, "the best of \(KMeans.defaultStarts) starts \(best), one start \(one), of 40 seeds")
        // The kept clusters are those of least inertia among the starts.
        let kept = try KMeans(data, clusters: 3, seed: 7, starts: 4)
        let each = try (0..<UInt64(4)).map { try KMeans(data, clusters: 3, seed: 7 + $0, starts: 1).inertia(of: data) }
        #expect(kept.inertia(of: data) == each.min())
        #expect(KMeans.localTrials(clusters: 3) == 3 && KMeans.localTrials(clusters: 25) == 5 && KMeans.localTrials(clusters: 1) == 2)
        #expect(throws: LearningError.self) { try KMeans(data, clusters: 3, seed: 0, starts: 0) }
    }
}
