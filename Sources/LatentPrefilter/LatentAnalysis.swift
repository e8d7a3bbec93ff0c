import Learning
import Parallelism

/// The study's tables of a latent dataset: score statistics (as pandas' `describe()`), the correlation matrix
/// of `valid` and the scores, and the valid share per group.
public struct LatentAnalysis: Sendable {
    /// pandas-style summary of one column.
    public struct ColumnSummary: Sendable, Equatable {
        /// Column name.
        public let name: String
        /// Values.
        public let count: Int
        /// Mean, sample standard deviation (ddof 1), minimum, quartiles (linear interpolation) and maximum.
        public let mean: Double, std: Double, min: Double, q1: Double, median: Double, q3: Double, max: Double
    }

    /// One group's valid share.
    public struct GroupShare: Sendable, Equatable {
        /// Group name.
        public let group: String
        /// Records.
        public let records: Int
        /// Valid records.
        public let valid: Int
        /// valid / records.
        public var share: Double { Double(valid) / Double(records) }
    }

    /// Summaries of the five scores.
    public let scores: [ColumnSummary]
    /// Names of the correlation matrix's rows and columns: `valid` then the scores.
    public let correlationNames: [String]
    /// Pearson correlations; nil where a column is constant.
    public let correlations: [[Double?]]
    /// Valid share per group, in order of first appearance, then `all`.
    public let groups: [GroupShare]

    /// Analyses `dataset`, the score columns summarised on up to `jobs` threads (the same tables for any number).
    public init(_ dataset: LatentDataset, jobs: Int = 1) {
        var columns: [[Double]] = [dataset.valid.map { $0 ? 1 : 0 }]
        for k in 0..<dataset.scores.columns {
            columns.append((0..<dataset.count).map { dataset.scores[$0, k] })
        }
        let names = LatentDataset.scoreNames, scoreColumns = Array(columns.dropFirst())
        scores = ParallelMap.map(count: min(names.count, scoreColumns.count), jobs: jobs) { Self.summary(name: names[$0], values: scoreColumns[$0]) }
        correlationNames = ["valid"] + LatentDataset.scoreNames
        // Each pair once (the matrix is symmetric), the pairs on up to `jobs` threads.
        let pairs = columns.indices.flatMap { a in (a..<columns.count).map { b in (a, b) } }
        let values = ParallelMap.map(count: pairs.count, jobs: jobs) { Self.pearson(columns[pairs[$0].0], columns[pairs[$0].1]) }
        var correlations = [[Double?]](repeating: [Double?](repeating: nil, count: columns.count), count: columns.count)
        for ((a, b), value) in zip(pairs, values) { (correlations[a][b], correlations[b][a]) = (value, value) }
        self.correlations = correlations
        // One pass over the rows; a file's rows usually come group by group, so most find their group at once.
        var groupNames: [String] = [], records: [Int] = [], valid: [Int] = []
        var slots: [String: Int] = [:]
        var last = -1
        let flags = dataset.valid
        for (index, name) in dataset.groups.enumerated() {
            let isValid = index < flags.count && flags[index]
            if last < 0 || groupNames[last] != name {
                if let slot = slots[name] {
                    last = slot
                } else {
                    last = groupNames.count
                    slots[name] = last
                    groupNames.append(name)
                    records.append(0)
                    valid.append(0)
                }
            }
            records[last] += 1
            valid[last] += isValid ? 1 : 0
        }
        groups = groupNames.indices.map { GroupShare(group: groupNames[$0], records: records[$0], valid: valid[$0]) }
            + [GroupShare(group: "all", records: dataset.count, valid: valid.reduce(0, +))]
    }

    /// count, mean, std (ddof 1), min, 25/50/75% (linear interpolation, as NumPy and pandas), max.
    public static func summary(name: String, values: [Double]) -> ColumnSummary {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(1, n - 1)
        let q = Quantile.of(values, at: [0, 0.25, 0.5, 0.75, 1])
        return ColumnSummary(name: name, count: values.count, mean: mean, std: variance.squareRoot(),
                             min: q[0], q1: q[1], median: q[2], q3: q[3], max: q[4])
    }

    /// Pearson's correlation; nil when either column is constant.
    public static func pearson(_ a: [Double], _ b: [Double]) -> Double? {
        let n = Double(a.count)
        let meanA = a.reduce(0, +) / n
        let meanB = b.reduce(0, +) / n
        var covariance = 0.0, varianceA = 0.0, varianceB = 0.0
        for (x, y) in zip(a, b) {
            covariance += (x - meanA) * (y - meanB)
            varianceA += (x - meanA) * (x - meanA)
            varianceB += (y - meanB) * (y - meanB)
        }
        guard varianceA > 0, varianceB > 0 else { return nil }
        return covariance / (varianceA * varianceB).squareRoot()
    }
}
