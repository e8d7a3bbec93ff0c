import LatentPrefilter
import Learning
import Matrices
import SeededRandom

/// The group names and valid shares of the study (10,000 records a group).
public struct LatentGroup: Sendable, Equatable {
    /// Group name, such as `18_24f`.
    public let name: String
    /// Share of valid images.
    public let validShare: Double

    /// A group with its valid share.
    public init(name: String, validShare: Double) {
        self.name = name
        self.validShare = validShare
    }

    /// The study's six groups.
    public static let study = [
        LatentGroup(name: "18_24m", validShare: 0.0694), LatentGroup(name: "18_24f", validShare: 0.0603),
        LatentGroup(name: "38_44m", validShare: 0.0322), LatentGroup(name: "38_44f", validShare: 0.0363),
        LatentGroup(name: "58_64m", validShare: 0.0206), LatentGroup(name: "58_64f", validShare: 0.0411),
    ]
}

/// Seeded synthetic latent datasets calibrated to the study's figures (see `latent/README.md`).
///
/// The generative model, per record of group g: `z` uniform on [-1, 1]^d (or standard normal); `s = w_g . z`
/// standardised, with `w_g` a seeded unit direction per group; the image is "clean" when
/// `alpha_g s + sqrt(1 - alpha_g^2) eta > Phi^-1(1 - pi_g)` (eta standard normal), so clean images depend weakly
/// and linearly on `z`; five correlated normals `e` (`noiseCorrelation`) are lifted by `mu m` when the
/// image is clean (`mu = 2`, loadings `m` 1, 1, 0.8, 1, 0: left2right does not depend on quality); each is
/// mapped through the exact mixture CDF of all records onto the study's score distribution
/// (`ScoreMarginal`), so every score's quartiles are the study's; `valid` is all five scores positive.
/// `pi_g` is solved so that each group's valid share is the study's, given the mixture's mean clean share, which
/// is chosen to agree best with the mean of the `pi_g` it implies. `alpha_g = 0.78 + 0.8 (pi_g - 0.2)` keeps the cross-validated logistic AUC of every
/// group in the study's 0.72-0.80, while a 1-nearest-neighbour stays at chance.
public struct LatentSynthesis: Sendable {
    /// How `z` is drawn.
    public typealias Distribution = LatentDistribution

    /// Latent dimensions.
    public let dimensions: Int
    /// How `z` is drawn.
    public let distribution: Distribution
    /// The seed.
    public let seed: UInt64
    /// The groups.
    public let groups: [LatentGroup]

    static let lift = 2.0
    static let loadings = [1, 1, 0.8, 1, 0.0]
    /// Correlations of the score normals before the quality lift: the study's score correlations less what the
    /// shared lift adds (shape's pairs a little more, measured on 60,000 records so that the scores come out
    /// within 0.1 of the study).
    static let noiseCorrelation: [[Double]] = [
        [1, 0.16, 0.14, 0.17, 0], [0.16, 1, 0.49, 0.14, 0], [0.14, 0.49, 1, 0.01, 0], [0.17, 0.14, 0.01, 1, 0], [0, 0, 0, 0, 1],
    ]

    /// Calibrated state: clean share per group, the mixture's mean clean share, the Cholesky factor.
    let cleanShares: [Double]
    let meanCleanShare: Double
    let cholesky: [[Double]]

    /// The study's latent dimensions.
    public static let defaultDimensions = 128

    /// A generator; `groups` defaults to the study's six.
    public init(dimensions: Int = LatentSynthesis.defaultDimensions, distribution: Distribution = .uniform, seed: UInt64 = 0,
                groups: [LatentGroup] = LatentGroup.study) {
        self.dimensions = dimensions
        self.distribution = distribution
        self.seed = seed
        self.groups = groups
        cholesky = Self.choleskyFactor(Self.noiseCorrelation)
        (cleanShares, meanCleanShare) = Self.calibrate(groups: groups, cholesky: cholesky)
    }

    /// `records` records split evenly over the groups (the first groups take the remainder), in group order.
    public func dataset(records: Int) -> LatentDataset {
        var groupColumn: [String] = []
        var valid: [Bool] = []
        var scores: [Double] = []
        var latents: [Double] = []
        groupColumn.reserveCapacity(records)
        scores.reserveCapacity(records * 5)
        latents.reserveCapacity(records * dimensions)
        let marginals = ScoreMarginal.study
        for (index, group) in groups.enumerated() {
            let size = records / groups.count + (index < records % groups.count ? 1 : 0)
            var random = SeededGenerator(seed: seed, stream: UInt64(index))
            let direction = (0..<dimensions).map { _ in random.normal() }
            let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let spread = distribution == .uniform ? (1.0 / 3).squareRoot() : 1
            let alpha = min(0.97, 0.78 + 0.8 * (cleanShares[index] - 0.2))
            let cut = StandardNormal.quantile(1 - cleanShares[index])
            for _ in 0..<size {
                var s = 0.0
                for k in 0..<dimensions {
                    let z = distribution.draw(&random)
                    latents.append(z)
                    s += z * direction[k]
                }
                s /= norm * spread
                let clean = alpha * s + (1 - alpha * alpha).squareRoot() * random.normal() > cut
                let noise = (0..<5).map { _ in random.normal() }
                var allPositive = true
                for k in 0..<5 {
                    var u = 0.0
                    for j in 0...k { u += cholesky[k][j] * noise[j] }
                    if clean { u += Self.lift * Self.loadings[k] }
                    let score = marginals[k].quantile(mixtureCDF(u, score: k))
                    scores.append(score)
                    allPositive = allPositive && score > 0
                }
                groupColumn.append(group.name)
                valid.append(allPositive)
            }
        }
        return LatentDataset(groups: groupColumn, valid: valid,
                             scores: Matrix(rows: valid.count, columns: 5, values: scores) ?? Matrix(rows: 0, columns: 5),
                             latents: Matrix(rows: valid.count, columns: dimensions, values: latents)
                                ?? Matrix(rows: 0, columns: dimensions))
    }

    /// The CDF of score k's normal over all records: a mixture of clean and other images.
    func mixtureCDF(_ u: Double, score k: Int) -> Double {
        Self.mixtureCDF(u, score: k, meanCleanShare: meanCleanShare)
    }

    static func mixtureCDF(_ u: Double, score k: Int, meanCleanShare: Double) -> Double {
        meanCleanShare * StandardNormal.cdf(u - lift * loadings[k]) + (1 - meanCleanShare) * StandardNormal.cdf(u)
    }

    /// Solves the clean share of each group so that its valid share is the target.
    static func calibrate(groups: [LatentGroup], cholesky: [[Double]]) -> ([Double], Double) {
        // A fixed sample of the correlated normals estimates the two orthant probabilities.
        var random = SeededGenerator(seed: 0x6361_6c69_6272_6174)
        let sampleSize = 50_000
        var sample = [Double](repeating: 0, count: sampleSize * 5)
        for row in 0..<sampleSize {
            let noise = (0..<5).map { _ in random.normal() }
            for k in 0..<5 {
                var u = 0.0
                for j in 0...k { u += cholesky[k][j] * noise[j] }
                sample[row * 5 + k] = u
            }
        }
        let belowZero = ScoreMarginal.study.map(\.probabilityBelowZero)
        func cleanShares(meanCleanShare: Double) -> [Double] {
            // Score k is positive exactly when its normal exceeds tau_k, the mixture quantile of P(score < 0).
            let tau = (0..<5).map { k in
                var low = -40.0, high = 40.0
                for _ in 0..<100 {
                    let middle = (low + high) / 2
                    if mixtureCDF(middle, score: k, meanCleanShare: meanCleanShare) < belowZero[k] { low = middle } else { high = middle }
                }
                return (low + high) / 2
            }
            var clean = 0
            var other = 0
            for row in 0..<sampleSize {
                var cleanPasses = true
                var otherPasses = true
                for k in 0..<5 {
                    let u = sample[row * 5 + k]
                    cleanPasses = cleanPasses && u + lift * loadings[k] > tau[k]
                    otherPasses = otherPasses && u > tau[k]
                }
                if cleanPasses { clean += 1 }
                if otherPasses { other += 1 }
            }
            let p1 = Double(clean) / Double(sampleSize)
            let p0 = Double(other) / Double(sampleSize)
            return groups.map { min(0.999, max(0.0001, ($0.validShare - p0) / max(p1 - p0, 1e-9))) }
        }
        // The mixture needs its own mean clean share m to be the groups' mean pi(m). mean(pi(m)) - m stays
        // close to zero over a wide range of m (the valid shares barely pin m down), so take the m in
        // 0.02 ... 0.6 where it is smallest: a grid, then a finer grid around the best point.
        func mismatch(_ m: Double) -> Double { abs(cleanShares(meanCleanShare: m).reduce(0, +) / Double(groups.count) - m) }
        var best = stride(from: 0.02, through: 0.6, by: 0.02).min { mismatch($0) < mismatch($1) } ?? 0.2
        for step in [0.004, 0.0008] {
            let center = best
            best = stride(from: max(0.0002, center - 5 * step), through: min(0.6, center + 5 * step), by: step)
                .min { mismatch($0) < mismatch($1) } ?? center
        }
        return (cleanShares(meanCleanShare: best), best)
    }

    static func choleskyFactor(_ matrix: [[Double]]) -> [[Double]] {
        let n = matrix.count
        var l = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var sum = matrix[i][j]
                for k in 0..<j { sum -= l[i][k] * l[j][k] }
                l[i][j] = i == j ? max(sum, 1e-12).squareRoot() : sum / l[j][j]
            }
        }
        return l
    }
}
