import FileIO
import NumpyFormats
import Parallelism
import SeededRandom

/// `latent sample`: latent vectors that pass a screen, drawn from the prior the prefilter was trained for.
/// Block `k` of `blockRows` vectors comes from its own stream of the seeded generator (`SeededGenerator(seed:
/// stream: k)`), each coordinate rounded to float32 and the block scored by `LatentScreening.passingRows` as
/// `latent screen` scores float32 input, so screening the output keeps every row; the passing rows are kept in
/// block order until `count`. Blocks are scored `jobs` at a time and the output is the same for any `jobs`;
/// memory holds `jobs` blocks whatever `count` is.
public struct LatentSampling {
    /// The screen the vectors must pass.
    public let screening: LatentScreening
    /// The prior.
    public let distribution: LatentDistribution
    /// Coordinates per vector.
    public let dimensions: Int
    /// The seed.
    public let seed: UInt64
    /// Vectors per block: 8,192, fewer for very long vectors, so that a block stays within 32 MB.
    public var blockRows: Int

    /// A sampler of `dimensions`-dimensional vectors from `distribution` that pass `screening`.
    public init(screening: LatentScreening, distribution: LatentDistribution, dimensions: Int, seed: UInt64) {
        self.screening = screening
        self.distribution = distribution
        self.dimensions = dimensions
        self.seed = seed
        blockRows = max(1, min(8192, (1 << 25) / (4 * max(1, dimensions))))
    }

    /// What a sampling run did.
    public struct Outcome: Equatable, Sendable {
        /// Vectors drawn up to and including the last one kept.
        public let draws: Int
        /// Vectors written.
        public let kept: Int
        /// kept / draws.
        public var acceptanceRate: Double { draws == 0 ? 0 : Double(kept) / Double(draws) }
    }

    /// Why sampling wrote nothing.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        /// `maxDraws` vectors were drawn before `count` passed.
        case tooManyDraws(Outcome, count: Int)
        /// The output could not be written.
        case output(OutputError)

        /// What happened.
        public var description: String {
            switch self {
            case .tooManyDraws(let outcome, let count):
                let needed = outcome.kept == 0 ? "more draws than that"
                    : "about \(Int((Double(count) / outcome.acceptanceRate).rounded())) draws"
                return "\(outcome.draws) vectors drawn, \(outcome.kept) passed (acceptance rate \(outcome.acceptanceRate)); "
                    + "\(count) would need \(needed): raise --max-draws or lower the threshold"
            case .output(let error):
                return "cannot write \(error)"
            }
        }
    }

    /// The scores of the first block of draws: a sample on which to tell what share other thresholds would
    /// keep (`ExtremeAcceptance`).
    public func sampleScores() -> [Double] {
        draws(0).withUnsafeBytes { raw in screening.scores(raw, rows: blockRows, columns: dimensions, elementType: .float32) }
    }

    /// Block `index` of draws (`blockRows` vectors), as little-endian float32 bit patterns.
    private func draws(_ index: Int) -> [UInt32] {
        var random = SeededGenerator(seed: seed, stream: UInt64(index))
        var values = [UInt32](repeating: 0, count: blockRows * dimensions)
        for i in values.indices { values[i] = Float(distribution.draw(&random)).bitPattern.littleEndian }
        return values
    }

    /// The passing rows of block `index` (`blockRows` vectors), packed as little-endian float32, and their
    /// positions in the block.
    func passing(_ index: Int) -> (bytes: [UInt8], rows: [Int]) {
        let rowBytes = dimensions * 4
        return draws(index).withUnsafeBytes { raw in
            let rows = screening.passingRows(raw, rows: blockRows, columns: dimensions, elementType: .float32).kept
            var kept = [UInt8]()
            kept.reserveCapacity(rows.count * rowBytes)
            for row in rows { kept.append(contentsOf: raw[row * rowBytes..<(row + 1) * rowBytes]) }
            return (kept, rows)
        }
    }

    /// Writes exactly `count` passing vectors to `path` as a float32 `.npy` (atomically); after `maxDraws`
    /// draws without them, writes nothing. An output that cannot fit on its disk is refused before the first
    /// draw. `progress` gets the vectors kept and drawn so far after every block (so that a threshold few vectors
    /// pass still shows the draws moving).
    public func sample(count: Int, maxDraws: Int, jobs: Int, to path: String,
                       progress: ((Outcome) -> Void)? = nil) throws(Problem) -> Outcome {
        let writer: NumpyWriter
        do {
            let (bytes, overflow) = count.multipliedReportingOverflow(by: dimensions * 4)
            try DiskSpace.require(overflow ? Int.max : bytes + 128, forWriting: path)
            writer = try NumpyWriter(path: path, elementType: .float32, columns: dimensions)
        } catch {
            throw .output(error)
        }
        var kept = 0, draws = 0, next = 0
        let rowBytes = dimensions * 4
        while kept < count {
            let batch = ParallelMap.map(count: ParallelMap.width(jobs: jobs), jobs: jobs) { passing(next + $0) }
            next += batch.count
            for (bytes, rows) in batch {
                // Rows of this block that may still be drawn, and the kept ones among them that are still wanted.
                let drawable = min(blockRows, maxDraws - draws)
                let usable = rows.prefix { $0 < drawable }.prefix(count - kept)
                if kept + usable.count == count, let last = usable.last {
                    draws += last + 1
                } else {
                    draws += drawable
                }
                var failure: OutputError?
                bytes.withUnsafeBytes { raw in
                    do throws(OutputError) {
                        try writer.appendRaw(UnsafeRawBufferPointer(rebasing: raw[0..<usable.count * rowBytes]), rows: usable.count)
                    } catch {
                        failure = error
                    }
                }
                if let failure { throw .output(failure) }
                kept += usable.count
                progress?(Outcome(draws: draws, kept: kept))
                if kept == count { break }
                if draws >= maxDraws { throw .tooManyDraws(Outcome(draws: draws, kept: kept), count: count) }
            }
        }
        do {
            try writer.finish()
        } catch {
            throw .output(error)
        }
        return Outcome(draws: draws, kept: kept)
    }
}
