import FileIO
import Learning
import Matrices
import NumpyFormats
import Parallelism

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps the latent vectors whose score is at least a threshold, streaming the input (any `VectorSource`) in
/// blocks so that memory stays bounded: kept vectors go to a `.npy` file (same element type) and their 0-based indices to a text file.
public struct LatentScreening {
    /// The group's classifier.
    public let classifier: FittedClassifier
    /// Accept when the score is at least this.
    public let threshold: Double
    /// Whether `|z|^2` is appended to each vector before scoring.
    public let addNorm: Bool
    /// Rows per block.
    public var blockRows = 8192

    /// A screen with a classifier and threshold.
    public init(classifier: FittedClassifier, threshold: Double, addNorm: Bool) {
        self.classifier = classifier
        self.threshold = threshold
        self.addNorm = addNorm
    }

    /// The threshold a screening uses.
    public enum ThresholdChoice: Sendable {
        /// The threshold the model stores for a strategy; nil names the model's default strategy.
        case strategy(ThresholdStrategy?)
        /// A probability given directly.
        case acceptThreshold(Double)
    }

    /// Why a model cannot screen as asked.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// The model has no such group.
        case unknownGroup(String, available: [String])
        /// The threshold asked for is not stored (or its strategy found none).
        case threshold(group: String, LearningError)
        /// The stored classifier does not fit the model's inputs.
        case classifier(group: String, LearningError)

        /// What is wrong.
        public var description: String {
            switch self {
            case .unknownGroup(let group, let available):
                return "the model has no group '\(group)' (it has \(available.joined(separator: ", ")))"
            case .threshold(let group, let error), .classifier(let group, let error):
                return "group \(group): \(error)"
            }
        }
    }

    /// The screen of `group` in `model` at the threshold `choice` names: the job `latent screen` runs.
    public init(model: PrefilterModel, group: String, threshold choice: ThresholdChoice) throws(Problem) {
        guard let entry = model.groups.first(where: { $0.group == group }) else {
            throw .unknownGroup(group, available: model.groups.map(\.group))
        }
        let threshold: Double
        switch choice {
        case .acceptThreshold(let value):
            threshold = value
        case .strategy(let name):
            do {
                threshold = try StrategyThreshold.stored(name ?? entry.strategy, in: entry.thresholds)
            } catch {
                throw .threshold(group: group, error)
            }
        }
        do {
            self.init(classifier: try entry.classifier.fitted(featureCount: model.inputCount), threshold: threshold, addNorm: model.addNorm)
        } catch {
            throw .classifier(group: group, error)
        }
    }

    /// Seconds `classifier` takes to score one row of `vectors` (already including any `|z|^2` column), measured
    /// over repeated passes of at least 20 ms: the screen's cost C in the speed-up with cost.
    public static func secondsPerVector(_ classifier: FittedClassifier, vectors: Matrix) -> Double {
        guard vectors.rows > 0 else { return 0 }
        let clock = ContinuousClock()
        let start = clock.now
        var scored = 0
        var elapsed = Duration.zero
        repeat {
            _ = classifier.scores(vectors)
            scored += vectors.rows
            elapsed = clock.now - start
        } while elapsed < .milliseconds(20)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds / Double(scored)
    }

    /// The classifier's scores of the vectors of `block` (with `|z|^2` appended when the model takes it), in
    /// doubles: the scoring of every path but the logistic fast one.
    public func scores(_ block: Matrix) -> [Double] {
        classifier.scores(addNorm ? LatentTraining.appendingSquaredNorm(block) : block)
    }

    /// Which rows of `block` pass; a row holding NaN or an infinity never does.
    public func passing(_ block: Matrix) -> [Bool] {
        let scores = scores(block)
        return scores.indices.map { row in scores[row] >= threshold && block.rowIsFinite(row) }
    }

    /// Whether the row at `offset` of raw little-endian values holds NaN or an infinity.
    private static func hasNonFinite(_ raw: UnsafeRawBufferPointer, offset: Int, columns: Int, isFloat32: Bool) -> Bool {
        (0..<columns).contains { column in
            isFloat32
                ? !Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4 * column, as: UInt32.self))).isFinite
                : !Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8 * column, as: UInt64.self))).isFinite
        }
    }

    /// A linear score `x . weights + bias` (plus `normWeight |x|^2`) and whether a margin passes, when the
    /// classifier is a logistic model (the scaler folded into the weights); nil otherwise.
    func linearForm() -> (float32: LinearKernel<Float>, float64: LinearKernel<Double>, normWeight: Double, bias: Double,
                          passes: (Double) -> Bool)? {
        #if _endian(big)
        return nil  // the fast path reads the file's little-endian values in place
        #else
        guard let logistic = classifier.model as? Standardised<LogisticModel> else { return nil }
        let (scaler, model) = (logistic.scaler, logistic.model)
        var weights = zip(model.coefficients, scaler.scales).map { $0 / $1 }
        var bias = model.intercept
        for (weight, mean) in zip(weights, scaler.means) { bias -= weight * mean }
        var normWeight = 0.0
        if addNorm, let last = weights.popLast() { normWeight = last }
        let threshold = self.threshold
        return (LinearKernel(weights: weights.map(Float.init)), LinearKernel(weights: weights), normWeight, bias,
                { margin in LogisticModel.probability(ofMargin: margin) >= threshold })
        #endif
    }

    /// Which of `rows` vectors of `columns` little-endian `elementType` values at the start of `raw` pass (0-based
    /// rows, in order), and which hold NaN or an infinity (never kept). The one scoring routine of screening and
    /// sampling: a logistic model scores the values in place (float32 in float32 arithmetic), any other model
    /// scores them widened to doubles.
    public func passingRows(_ raw: UnsafeRawBufferPointer, rows: Int, columns: Int,
                            elementType: NumpyHeader.ElementType) -> (kept: [Int], nonFinite: [Int]) {
        let size = elementType.size, isFloat32 = elementType == .float32
        var kept: [Int] = [], nonFinite: [Int] = []
        if let form = linearForm() {
            for row in 0..<rows {
                let base = row * columns * size
                let (dot, squares) = isFloat32 ? form.float32.dotAndSquares(raw, offset: base) : form.float64.dotAndSquares(raw, offset: base)
                // Any NaN or infinity makes the sum of squares non-finite (so may huge finite values).
                if !(dot.isFinite && squares.isFinite), Self.hasNonFinite(raw, offset: base, columns: columns, isFloat32: isFloat32) {
                    nonFinite.append(row)
                    continue
                }
                if form.passes(form.bias + dot + form.normWeight * squares) { kept.append(row) }
            }
            return (kept, nonFinite)
        }
        if !addNorm, let perceptron = classifier.model as? Standardised<PerceptronModel> {
            return Self.passingRows(raw, rows: rows, columns: columns, isFloat32: isFloat32, perceptron: perceptron, threshold: threshold)
        }
        let block = elementType.matrix(raw, rows: rows, columns: columns)
        let scores = scores(block)
        for row in 0..<rows {
            // A NaN score: a value that standardises to an infinity; never kept, reported as a non-finite row is.
            if !block.rowIsFinite(row) || scores[row].isNaN {
                nonFinite.append(row)
            } else if scores[row] >= threshold {
                kept.append(row)
            }
        }
        return (kept, nonFinite)
    }

    /// `passingRows` for a perceptron: the values are standardised straight into the network's floats, without
    /// the matrix of doubles between, and with the same roundings (`StandardScaler.standardisedFloats`: each
    /// value widened to a double, standardised, narrowed to a float; the network's float arithmetic; its
    /// probability widened to a double and compared with `threshold`), so the kept set is the general path's.
    private static let perceptronRows = 256

    private static func passingRows(_ raw: UnsafeRawBufferPointer, rows: Int, columns: Int, isFloat32: Bool,
                                    perceptron: Standardised<PerceptronModel>, threshold: Double) -> (kept: [Int], nonFinite: [Int]) {
        var kept: [Int] = [], nonFinite: [Int] = []
        let size = isFloat32 ? 4 : 8
        // A few hundred rows at a time, so that the inputs and every layer's activations stay in the core's cache.
        for first in stride(from: 0, to: rows, by: perceptronRows) {
            let count = min(perceptronRows, rows - first)
            let slice = UnsafeRawBufferPointer(rebasing: raw[(first * columns * size)..<((first + count) * columns * size)])
            let (inputs, finite) = perceptron.scaler.standardisedFloats(slice, rows: count, isFloat32: isFloat32)
            let probabilities = perceptron.model.probabilities(floats: inputs, rows: count)
            for row in 0..<count {
                let score = Double(probabilities[row])
                if !finite[row] || score.isNaN {
                    nonFinite.append(first + row)
                } else if score >= threshold {
                    kept.append(first + row)
                }
            }
        }
        return (kept, nonFinite)
    }

    /// The scores of those of `rows` vectors of little-endian `elementType` values at the start of `raw` that
    /// hold only finite values (and standardise to finite ones), widened to doubles.
    public func scores(_ raw: UnsafeRawBufferPointer, rows: Int, columns: Int, elementType: NumpyHeader.ElementType) -> [Double] {
        let block = elementType.matrix(raw, rows: rows, columns: columns)
        let finite = (0..<rows).filter { block.rowIsFinite($0) }
        let scored = finite.count == rows ? block : block.selecting(rows: finite)
        return scores(scored).filter { !$0.isNaN }
    }

    /// Screens the vectors of `reader`; kept vectors' indices count from `firstIndex` (a row shard's start).
    /// Kept rows are copied byte for byte.
    /// Blocks are read in order and scored `jobs` at a time (at most the CPUs this process may use); the output
    /// is the same for any `jobs`.
    public func screen(_ reader: some VectorSource, firstIndex: Int = 0, keptTo output: NumpyWriter?, indicesTo indices: IndexWriter?,
                       jobs: Int = 1, progress: ((Int) -> Void)? = nil) throws(ScreeningError) -> ScreeningSummary {
        var read = 0
        var kept = 0
        var nonFinite: [Int] = []
        let columns = reader.columns, size = reader.elementType.size, elementType = reader.elementType
        var buffers = [[UInt8]](repeating: [], count: ParallelMap.width(jobs: jobs))
        var keptBytes: [UInt8] = []
        var sampleScores: [Double] = []
        do {
            reading: while true {
                var counts: [Int] = []
                for index in buffers.indices {
                    let rows = try reader.nextRawBlock(maxRows: blockRows, into: &buffers[index])
                    guard rows > 0 else { break }
                    counts.append(rows)
                }
                guard !counts.isEmpty else { break }
                let scored = ParallelMap.map(count: counts.count, jobs: jobs) { index in
                    buffers[index].withUnsafeBytes { raw in passingRows(raw, rows: counts[index], columns: columns, elementType: elementType) }
                }
                for (index, passed) in scored.enumerated() {
                    let rows = counts[index]
                    keptBytes.removeAll(keepingCapacity: true)
                    buffers[index].withUnsafeBytes { raw in
                        for row in passed.kept { keptBytes.append(contentsOf: raw[row * columns * size..<(row + 1) * columns * size]) }
                        if read == 0 { sampleScores = scores(raw, rows: rows, columns: columns, elementType: elementType) }
                    }
                    nonFinite += passed.nonFinite.map { firstIndex + read + $0 }
                    if let output, !passed.kept.isEmpty {
                        var failure: OutputError?
                        keptBytes.withUnsafeBytes { bytes in
                            do throws(OutputError) {
                                try output.appendRaw(bytes, rows: passed.kept.count)
                            } catch {
                                failure = error
                            }
                        }
                        if let failure { throw failure }
                    }
                    if let indices { try indices.append(passed.kept.map { firstIndex + read + $0 }) }
                    kept += passed.kept.count
                    read += rows
                    progress?(read)
                }
                if counts.count < buffers.count { break reading }
            }
        } catch let error as VectorFileError {
            throw .input(error)
        } catch let error as OutputError {
            throw .output(error)
        } catch {
            throw .output(OutputError(path: "", reason: "\(error)"))
        }
        let own = reader.reportsNonFiniteRows ? [] : nonFinite.map { "row \($0): holds NaN or an infinite value, or one the model "
            + "standardises to infinity; never kept" }
        return ScreeningSummary(vectors: read, kept: kept, problems: reader.problems + own, sampleScores: sampleScores)
    }
}
