import FileIO
import Foundation
import LatentPrefilter
import Learning
import Matrices
import NumpyFormats
import SeededRandom
import Testing
import TestSupport

/// `latent sample` and `latent verify`: the draws, their independence of `--jobs`, and the promise checked
/// against direct computations.
struct LatentLoopTests {
    /// A logistic screen on `dimensions` inputs that passes about half of uniform vectors (the fast path).
    static func linearScreen(dimensions: Int, threshold: Double = 0.5) -> LatentScreening {
        var random = SeededGenerator(seed: 4)
        let model = LogisticModel(coefficients: (0..<dimensions).map { _ in random.uniform(-1, 1) }, intercept: 0.1, converged: true,
                                  iterations: 1)
        let scaler = StandardScaler(means: Array(repeating: 0, count: dimensions), scales: Array(repeating: 1, count: dimensions))
        return LatentScreening(classifier: FittedClassifier(Standardised(scaler: scaler, model: model)), threshold: threshold, addNorm: false)
    }

    /// A naive Bayes screen (the general path: widened to doubles).
    static func generalScreen(dimensions: Int) throws -> LatentScreening {
        var random = SeededGenerator(seed: 5)
        let data = Matrix(rows: 200, columns: dimensions, values: (0..<200 * dimensions).map { _ in random.uniform(-1, 1) })
        let table = try #require(data)
        let labels = (0..<200).map { table[$0, 0] + table[$0, 1] > 0 }
        let fitted = try GaussianNaiveBayes().fit(table, labels)
        return LatentScreening(classifier: FittedClassifier(fitted), threshold: 0.5, addNorm: false)
    }

    static func rows(of path: String) throws -> [[Float]] {
        let reader = try NumpyReader(path: path)
        var rows: [[Float]] = []
        while let block = try reader.nextBlock(maxRows: 4096) {
            for row in 0..<block.rows { rows.append(block.row(row).map(Float.init)) }
        }
        return rows
    }

    @Test(arguments: [false, true])
    func samplesAreTheSameForAnyJobsAndAllPass(general: Bool) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let screening = general ? try Self.generalScreen(dimensions: 6) : Self.linearScreen(dimensions: 6)
        var sampling = LatentSampling(screening: screening, distribution: .uniform, dimensions: 6, seed: 9)
        sampling.blockRows = 100  // many blocks, and a count that ends inside one
        var files: [[UInt8]] = []
        var outcomes: [LatentSampling.Outcome] = []
        for jobs in [1, 2, 3] {
            let path = folder.path + "/z\(jobs).npy"
            outcomes.append(try sampling.sample(count: 777, maxDraws: 1_000_000, jobs: jobs, to: path))
            files.append(try #require(FileManager.default.contents(atPath: path).map { [UInt8]($0) }))
        }
        #expect(files[0] == files[1] && files[1] == files[2], "the bytes depend on --jobs")
        #expect(outcomes[0] == outcomes[1] && outcomes[1] == outcomes[2])
        let rows = try Self.rows(of: folder.path + "/z1.npy")
        #expect(rows.count == 777 && outcomes[0].kept == 777)
        #expect(rows.allSatisfy { $0.allSatisfy { (-1...1).contains($0) } })
        // Screening the output keeps every row, and the draws are those of the blocks up to the last kept row.
        let reader = try NumpyReader(path: folder.path + "/z1.npy")
        let summary = try screening.screen(reader, keptTo: nil, indicesTo: nil)
        #expect(summary.kept == 777)
        var passedInDraws = 0
        for block in 0..<((outcomes[0].draws + 99) / 100) {
            var random = SeededGenerator(seed: 9, stream: UInt64(block))
            let values = (0..<600).map { _ in Double(Float(random.uniform(-1, 1))) }
            let matrix = try #require(Matrix(rows: 100, columns: 6, values: values))
            let drawn = min(100, outcomes[0].draws - block * 100)
            passedInDraws += screening.passing(matrix).prefix(drawn).filter { $0 }.count
        }
        #expect(passedInDraws == 777, "the draws counted are exactly those that gave the 777")
    }

    @Test func tooManyDrawsWritesNothing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let sampling = LatentSampling(screening: Self.linearScreen(dimensions: 4, threshold: 0.999999), distribution: .normal,
                                      dimensions: 4, seed: 1)
        // Progress reports the draws as they move, though no vector passes: a user sees the run is not stuck.
        var reports: [LatentSampling.Outcome] = []
        #expect(throws: LatentSampling.Problem.self) {
            try sampling.sample(count: 50, maxDraws: 10_000, jobs: 2, to: folder.path + "/z.npy") { reports.append($0) }
        }
        #expect(reports.count > 1 && reports.allSatisfy { $0.kept < 50 } && reports.last?.draws == 10_000)
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.draws < $1.draws })
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/z.npy"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no temporary file is left")
    }

    /// The Wilson score interval of a proportion: an independent check of the bootstrap's precision interval.
    static func wilson(_ successes: Int, _ n: Int) -> ClosedRange<Double> {
        let z = 1.959963984540054, p = Double(successes) / Double(n), nn = Double(n)
        let centre = (p + z * z / (2 * nn)) / (1 + z * z / nn)
        let half = z / (1 + z * z / nn) * (p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot()
        return (centre - half)...(centre + half)
    }

    static func promise(precision: ClosedRange<Double>, speedup: ClosedRange<Double>) throws -> LatentPromise {
        let json = """
            {"strategy": "youden", "split": "test", "precision": \(precision.lowerBound / 2 + precision.upperBound / 2),
             "precision_low": \(precision.lowerBound), "precision_high": \(precision.upperBound), "base_precision": 0.1,
             "speedup": \(speedup.lowerBound / 2 + speedup.upperBound / 2), "speedup_low": \(speedup.lowerBound),
             "speedup_high": \(speedup.upperBound)}
            """
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(LatentPromise.self, from: Data(json.utf8))
    }

    @Test func verificationMatchesDirectCountsAndComparesIntervals() throws {
        let screening = Self.linearScreen(dimensions: 5)
        var random = SeededGenerator(seed: 21)
        let latents = try #require(Matrix(rows: 4000, columns: 5, values: (0..<20_000).map { _ in random.uniform(-1, 1) }))
        let pass = screening.passing(latents)
        // Outcomes: good with probability 0.3 when passing, 0.1 otherwise.
        let outcomes = pass.map { random.uniform() < ($0 ? 0.3 : 0.1) }
        let kept = pass.filter { $0 }.count
        let keptGood = zip(pass, outcomes).filter { $0 && $1 }.count
        let base = Double(outcomes.filter { $0 }.count) / 4000
        let wide = try Self.promise(precision: 0...1, speedup: 0...100)
        let run = try LatentVerification(screening: screening, promise: wide, latents: latents, outcomes: outcomes)
        #expect(run.rows == 4000 && run.kept == kept)
        #expect(run.realisedPrecision.value == Double(keptGood) / Double(kept))
        #expect(run.basePrecision == base)
        #expect(run.realisedSpeedup?.value == Double(keptGood) / Double(kept) / base)
        let wilson = Self.wilson(keptGood, kept)
        #expect(abs((run.realisedPrecision.low ?? 0) - wilson.lowerBound) < 0.01 && abs((run.realisedPrecision.high ?? 0) - wilson.upperBound) < 0.01,
                "bootstrap \(run.realisedPrecision), Wilson \(wilson)")
        #expect(run.verdict == .consistent)

        // On an unscreened run the speed-up intervals decide.
        let speedup = try #require(run.realisedSpeedup)
        let low = try #require(speedup.low), high = try #require(speedup.high)
        #expect(try LatentVerification(screening: screening, promise: try Self.promise(precision: 0...1, speedup: (high + 0.1)...(high + 1)),
                                       latents: latents, outcomes: outcomes).verdict == .worse)
        #expect(try LatentVerification(screening: screening, promise: try Self.promise(precision: 0...1, speedup: 0...(low - 0.01)),
                                       latents: latents, outcomes: outcomes).verdict == .better)

        // A screened run (every row passes): no base precision, the precision intervals decide.
        let keptRows = pass.indices.filter { pass[$0] }
        let screened = latents.selecting(rows: keptRows), screenedOutcomes = keptRows.map { outcomes[$0] }
        let precision = try LatentVerification(screening: screening, promise: wide, latents: screened, outcomes: screenedOutcomes)
        #expect(precision.basePrecision == nil && precision.realisedSpeedup == nil && precision.kept == keptRows.count)
        let high2 = try #require(precision.realisedPrecision.high)
        #expect(try LatentVerification(screening: screening, promise: try Self.promise(precision: (high2 + 0.01)...1, speedup: 0...0.5),
                                       latents: screened, outcomes: screenedOutcomes).verdict == .worse, "speed-up ignored on a screened run")
        #expect(precision.json.contains("\"base_precision\" : null") && precision.json.contains("\"verdict\" : \"consistent\""))

        let nothing = try #require(Matrix(rows: 3, columns: 5, values: Array(repeating: 0, count: 15)))
        #expect(throws: LatentVerification.Problem.self) {
            try LatentVerification(screening: Self.linearScreen(dimensions: 5, threshold: 1.1), promise: wide, latents: nothing,
                                   outcomes: [true, false, true])
        }
    }
}

/// Screening scores blocks `--jobs` at a time; what it keeps, in which order, does not depend on `jobs`.
struct ParallelScreeningTests {
    @Test(arguments: [false, true])
    func keptIndicesAndBytesDoNotDependOnJobs(linear: Bool) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var random = SeededGenerator(seed: 11)
        var values = (0..<103 * 4).map { _ in random.uniform(-1, 1) }
        values[17 * 4 + 2] = .nan
        let vectors = try #require(Matrix(rows: 103, columns: 4, values: values))
        let writer = try NumpyWriter(path: folder.path + "/z.npy", elementType: .float64, columns: 4)
        try writer.append(vectors)
        try writer.finish()
        let model: any FittedModel = linear
            ? Standardised(scaler: StandardScaler(means: [0, 0, 0, 0], scales: [1, 1, 1, 1]),
                           model: LogisticModel(coefficients: [1, -1, 0.5, 0], intercept: 0, converged: true, iterations: 1))
            : TruncationScore(featureCount: 4)
        var screening = LatentScreening(classifier: FittedClassifier(model), threshold: linear ? 0.5 : -1.1, addNorm: false)
        screening.blockRows = 7
        var outputs: [[UInt8]] = []
        for jobs in [1, 2, 5] {
            let kept = try NumpyWriter(path: folder.path + "/kept\(jobs).npy", elementType: .float64, columns: 4)
            let indices = try IndexWriter(path: folder.path + "/kept\(jobs).txt")
            let summary = try screening.screen(NumpyReader(path: folder.path + "/z.npy"), keptTo: kept, indicesTo: indices, jobs: jobs)
            try kept.finish()
            try indices.finish()
            #expect(summary.vectors == 103 && summary.problems.count == 1 && summary.kept > 10 && summary.kept < 90)
            outputs.append(try FileBytes.read(folder.path + "/kept\(jobs).npy") + FileBytes.read(folder.path + "/kept\(jobs).txt"))
        }
        #expect(outputs[0] == outputs[1] && outputs[0] == outputs[2])
    }
}
