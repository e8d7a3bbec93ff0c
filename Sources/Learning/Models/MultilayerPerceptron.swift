import CDenseKernels
import Matrices
import SeededRandom
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A multilayer perceptron as scikit-learn's `MLPClassifier` with its defaults: `hiddenLayers` dense ReLU layers
/// of `width` units and a sigmoid output, log loss with L2 penalty `alpha`, Adam (learning rate 1e-3, betas 0.9
/// and 0.999), mini-batches of 200 reshuffled every epoch, Glorot-uniform initial weights, and early stopping:
/// a stratified tenth of the rows is held out, and training stops when its accuracy has not improved by 1e-4
/// for 10 epochs (or after 200), keeping the weights of the best epoch. Arithmetic is in `Float`.
public struct MultilayerPerceptron: Classifier, Hashable {
    /// Number of hidden layers.
    public var hiddenLayers: Int
    /// Units per hidden layer.
    public var width: Int
    /// L2 penalty.
    public var alpha: Double
    /// Adam's step size.
    public var learningRate: Double
    /// Rows per mini-batch (fewer when the data has fewer).
    public var batchSize: Int
    /// Most epochs.
    public var maxEpochs: Int
    /// Seed of the initial weights, the early-stopping split and the batch order.
    public var seed: UInt64

    /// Epochs without improvement before stopping, the improvement that counts, and the held-out share.
    static let patience = 10, tolerance = 1e-4, validationFraction = 0.1

    /// The most weights a network may have: training holds four `Float` copies of them (weights, gradients,
    /// Adam's two moments), so 2^26 weights need about 1 GiB.
    public static let maxWeights = 1 << 26

    /// Throws, saying how much it would need, when the network on `inputs` columns has more than `maxWeights`
    /// weights: checked before anything is allocated.
    public func checkSize(inputs: Int) throws(LearningError) {
        guard let weights = weightCount(inputs: inputs), weights <= Self.maxWeights else {
            let needed = weightCount(inputs: inputs).map { "\($0 / 1_000_000) million weights, about \($0 / (1 << 28) + 1) GiB to train" }
            throw .invalidParameter("hidden_layer_sizes=\(Array(repeating: String(width), count: hiddenLayers).joined(separator: "x")) is too "
                + "large: \(needed ?? "more weights than can be counted"); at most \(Self.maxWeights / 1_000_000) million weights")
        }
    }

    /// The weights of this network on `inputs` columns, nil when the count overflows.
    public func weightCount(inputs: Int) -> Int? {
        let sizes = [inputs] + Array(repeating: width, count: max(hiddenLayers, 0)) + [1]
        var total = 0
        for (fanIn, fanOut) in zip(sizes, sizes.dropFirst()) {
            let (weights, overflow) = (fanIn + 1).multipliedReportingOverflow(by: fanOut)
            guard !overflow, total <= Int.max - weights else { return nil }
            total += weights
        }
        return total
    }

    /// The study's network: `hiddenLayers` layers of 128 units; other settings are scikit-learn's defaults.
    public init(hiddenLayers: Int = 1, width: Int = 128, alpha: Double = 1e-4, learningRate: Double = 1e-3,
                batchSize: Int = 200, maxEpochs: Int = 200, seed: UInt64 = 0) {
        self.hiddenLayers = hiddenLayers
        self.width = width
        self.alpha = alpha
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.maxEpochs = maxEpochs
        self.seed = seed
    }

    /// `hidden_layer_sizes` (`128x128`), `alpha` and `learning_rate_init`.
    public var parameters: String {
        "hidden_layer_sizes=\(Array(repeating: width, count: hiddenLayers).map(String.init).joined(separator: "x"))"
            + ";alpha=\(ParameterGrid.format(alpha));learning_rate_init=\(ParameterGrid.format(learningRate))"
    }

    /// Trains the network.
    public func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> PerceptronModel {
        try validateTrainingData(data, labels)
        guard hiddenLayers >= 1, width >= 1, batchSize >= 1, maxEpochs >= 1, alpha >= 0, learningRate > 0 else {
            throw .invalidParameter("MLP parameters out of range: layers, width, batch size and epochs at least 1, alpha >= 0")
        }
        try checkSize(inputs: data.columns)
        let split = try StratifiedHoldout(labels, testFraction: Self.validationFraction, seed: seed)
        var generator = SeededGenerator(seed: seed, stream: 1)
        var network = PerceptronModel(initialising: [data.columns] + Array(repeating: width, count: hiddenLayers) + [1],
                                      generator: &generator)
        var trainer = AdamTrainer(network: network, alpha: Float(alpha), learningRate: Float(learningRate))
        let inputs = data.values.map(Float.init)
        let targets = labels.map { Float($0 ? 1 : 0) }
        let validation = data.selecting(rows: split.test)
        let validationLabels = split.test.map { labels[$0] }
        var order = split.training
        var best = -Double.infinity, stale = 0
        for _ in 0..<maxEpochs {
            generator.shuffle(&order)
            var start = 0
            while start < order.count {
                let batch = Array(order[start..<min(start + batchSize, order.count)])
                trainer.step(inputs: inputs, columns: data.columns, targets: targets, batch: batch)
                start += batchSize
            }
            let predictions = trainer.network.probabilities(validation)
            let correct = zip(predictions, validationLabels).reduce(0) { $0 + (($1.0 >= 0.5) == $1.1 ? 1 : 0) }
            let accuracy = Double(correct) / Double(max(validationLabels.count, 1))
            stale = accuracy < best + Self.tolerance ? stale + 1 : 0
            if accuracy > best {
                best = accuracy
                network = trainer.network
            }
            if stale > Self.patience { break }
        }
        return network
    }
}

/// The weights of a trained perceptron.
public struct PerceptronModel: FittedModel {
    /// One dense layer: `outputs[j] = biases[j] + sum_i inputs[i] * weights[i * outputCount + j]`.
    public struct Layer: Equatable, Sendable, Codable {
        /// Inputs per unit.
        public var inputCount: Int
        /// Units.
        public var outputCount: Int
        /// Row-major `inputCount x outputCount`.
        public var weights: [Float]
        /// One per unit.
        public var biases: [Float]

        /// A layer of `outputCount` units on `inputCount` inputs.
        public init(inputCount: Int, outputCount: Int, weights: [Float], biases: [Float]) {
            self.inputCount = inputCount
            self.outputCount = outputCount
            self.weights = weights
            self.biases = biases
        }
    }

    /// The layers, input side first; every layer but the last is followed by ReLU, the last by a sigmoid.
    public let layers: [Layer]

    /// A network from stored layers.
    public init(layers: [Layer]) {
        self.layers = layers
    }

    /// Glorot-uniform weights and biases for layers of `sizes` (inputs first, then units per layer), with
    /// scikit-learn's factor 2 for the sigmoid output layer and 6 for the ReLU layers.
    init(initialising sizes: [Int], generator: inout SeededGenerator) {
        layers = (1..<sizes.count).map { index in
            let inputs = sizes[index - 1], outputs = sizes[index]
            let bound = ((index == sizes.count - 1 ? 2.0 : 6.0) / Double(inputs + outputs)).squareRoot()
            return Layer(inputCount: inputs, outputCount: outputs,
                         weights: (0..<inputs * outputs).map { _ in Float(generator.uniform(-bound, bound)) },
                         biases: (0..<outputs).map { _ in Float(generator.uniform(-bound, bound)) })
        }
    }

    /// The input count.
    public var featureCount: Int { layers.first?.inputCount ?? 0 }

    /// `mlp`.
    public static let kind = "mlp"

    /// The probability of the positive class.
    public func scores(_ data: Matrix) -> [Double] {
        probabilities(data)
    }

    private enum CodingKeys: String, CodingKey {
        case layers
    }

    /// `layers`, each with `input_count`, `output_count`, `weights` and `biases`.
    public func encodeFields(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(layers, forKey: .layers)
    }

    /// Reads layers that chain to one output, each with as many finite weights and biases as its shape needs
    /// (products checked for overflow).
    public init(fields decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let layers = try container.decode([Layer].self, forKey: .layers)
        for (index, layer) in layers.enumerated() {
            try container.require(layer.weights.allSatisfy(\.isFinite) && layer.biases.allSatisfy(\.isFinite), .layers,
                                  "layer \(index) holds a weight or bias that is not a finite number")
        }
        let chained = !layers.isEmpty && layers[layers.count - 1].outputCount == 1
            && zip(layers, layers.dropFirst()).allSatisfy { $0.outputCount == $1.inputCount }
            && layers.allSatisfy { layer in
                let product = layer.inputCount.multipliedReportingOverflow(by: layer.outputCount)
                return layer.inputCount >= 1 && layer.outputCount >= 1 && !product.overflow
                    && layer.weights.count == product.partialValue && layer.biases.count == layer.outputCount
            }
        try container.require(chained, .layers, "the MLP layers do not chain to one output, each with weights and biases of its shape")
        self.init(layers: layers)
    }

    /// The probability of the positive class for each of `rows` rows of `inputs` (row-major), in the network's
    /// float arithmetic: what `probabilities` gives for the same rows, before widening to doubles.
    public func probabilities(floats inputs: [Float], rows: Int) -> [Float] {
        forward(inputs, rows: rows)[layers.count]
    }

    /// The probability of the positive class for each row.
    public func probabilities(_ data: Matrix) -> [Double] {
        let activations = forward(data.values.map(Float.init), rows: data.rows)
        return activations[activations.count - 1].map(Double.init)
    }

    /// The activations of every layer for `rows` rows of `inputs` (row-major), the inputs first.
    func forward(_ inputs: [Float], rows: Int) -> [[Float]] {
        var activations = [inputs]
        activations.reserveCapacity(layers.count + 1)
        for (index, layer) in layers.enumerated() {
            let units = layer.outputCount
            // Each row starts from the biases; the products are added to them, then the activation.
            var output = [Float](unsafeUninitializedCapacity: rows * units) { buffer, count in
                layer.biases.withUnsafeBufferPointer { biases in
                    for row in 0..<rows {
                        _ = UnsafeMutableBufferPointer(rebasing: buffer[(row * units)..<((row + 1) * units)]).initialize(fromContentsOf: biases)
                    }
                }
                count = rows * units
            }
            DenseKernels.multiplyAdd(activations[index], layer.weights, into: &output,
                                     rows: rows, inner: layer.inputCount, columns: units)
            let last = index == layers.count - 1
            output.withUnsafeMutableBufferPointer { values in
                if last {
                    for position in values.indices { values[position] = 1 / (1 + expf(-values[position])) }
                } else {
                    for position in values.indices { values[position] = values[position] < 0 ? 0 : values[position] }
                }
            }
            activations.append(output)
        }
        return activations
    }
}

/// Adam updates of a perceptron's weights from mini-batches.
private struct AdamTrainer {
    var network: PerceptronModel
    let alpha: Float
    let learningRate: Float
    var firstMoments: [[Float]]
    var secondMoments: [[Float]]
    var steps = 0

    init(network: PerceptronModel, alpha: Float, learningRate: Float) {
        self.network = network
        self.alpha = alpha
        self.learningRate = learningRate
        // Per layer: weights, then biases, in one array.
        let sizes = network.layers.map { $0.weights.count + $0.biases.count }
        firstMoments = sizes.map { [Float](repeating: 0, count: $0) }
        secondMoments = firstMoments
    }

    /// One Adam step on the rows `batch` of `inputs` (row-major, `columns` wide).
    mutating func step(inputs: [Float], columns: Int, targets: [Float], batch: [Int]) {
        var batchInputs = [Float]()
        batchInputs.reserveCapacity(batch.count * columns)
        for row in batch { batchInputs += inputs[row * columns..<(row + 1) * columns] }
        let activations = network.forward(batchInputs, rows: batch.count)
        let n = Float(batch.count)
        // Output delta of log loss with a sigmoid: p - y.
        var delta = zip(activations[activations.count - 1], batch).map { $0 - targets[$1] }
        var gradients: [[Float]] = Array(repeating: [], count: network.layers.count)
        for index in stride(from: network.layers.count - 1, through: 0, by: -1) {
            let layer = network.layers[index]
            // The weights' gradient, then the biases', in one array (the order the moments run in).
            let weightCount = layer.weights.count, units = layer.outputCount, inputs = layer.inputCount, rows = batch.count
            var gradient = [Float](repeating: 0, count: weightCount + units)
            DenseKernels.multiplyAdd(activations[index], delta, into: &gradient, rows: rows, inner: inputs,
                                     columns: units, transposingFirst: true)
            // Loops over raw buffers, so that they vectorise; each value is computed as the plain formula does.
            gradient.withUnsafeMutableBufferPointer { gradient in
                layer.weights.withUnsafeBufferPointer { weights in
                    delta.withUnsafeBufferPointer { delta in
                        guard let g = gradient.baseAddress, let w = weights.baseAddress, let d = delta.baseAddress else { return }
                        for position in 0..<weightCount { g[position] = (g[position] + alpha * w[position]) / n }
                        let biases = g + weightCount
                        for row in 0..<rows {
                            for unit in 0..<units { biases[unit] += d[row * units + unit] }
                        }
                        for unit in 0..<units { biases[unit] = biases[unit] / n }
                    }
                }
            }
            gradients[index] = gradient
            if index > 0 {
                var transposed = [Float](repeating: 0, count: weightCount)
                transposed.withUnsafeMutableBufferPointer { transposed in
                    layer.weights.withUnsafeBufferPointer { weights in
                        for input in 0..<inputs {
                            for unit in 0..<units { transposed[unit * inputs + input] = weights[input * units + unit] }
                        }
                    }
                }
                var previous = [Float](repeating: 0, count: rows * inputs)
                DenseKernels.multiplyAdd(delta, transposed, into: &previous, rows: rows, inner: units, columns: inputs)
                // ReLU's derivative: nothing flows back through a unit that was not active.
                previous.withUnsafeMutableBufferPointer { previous in
                    activations[index].withUnsafeBufferPointer { activation in
                        guard let p = previous.baseAddress, let a = activation.baseAddress else { return }
                        // Eight lanes at a time (the compiler leaves a scalar select as a branch).
                        var position = 0
                        while position + 8 <= previous.count {
                            let values = UnsafeRawPointer(p + position).loadUnaligned(as: SIMD8<Float>.self)
                            let active = UnsafeRawPointer(a + position).loadUnaligned(as: SIMD8<Float>.self)
                            UnsafeMutableRawPointer(p + position).storeBytes(of: values.replacing(with: 0, where: active .<= 0), as: SIMD8<Float>.self)
                            position += 8
                        }
                        for tail in position..<previous.count where a[tail] <= 0 { p[tail] = 0 }
                    }
                }
                delta = previous
            }
        }
        steps += 1
        let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
        let t = Float(steps)
        let rate = learningRate * (1 - powf(beta2, t)).squareRoot() / (1 - powf(beta1, t))
        var layers = network.layers
        for index in layers.indices {
            let weightCount = layers[index].weights.count
            gradients[index].withUnsafeBufferPointer { gradient in
                firstMoments[index].withUnsafeMutableBufferPointer { first in
                    secondMoments[index].withUnsafeMutableBufferPointer { second in
                        // The moments run over weights then biases; each parameter array eight lanes at a time (the
                        // scalar square root is a library call that keeps the loop from vectorising), each lane
                        // computed as the scalar tail computes it.
                        func update(_ parameters: UnsafeMutableBufferPointer<Float>, from offset: Int) {
                            guard let p = parameters.baseAddress, let f = first.baseAddress, let s = second.baseAddress,
                                  let g = gradient.baseAddress else { return }
                            typealias Lanes = SIMD8<Float>
                            var slot = 0
                            while slot + 8 <= parameters.count {
                                let position = offset + slot
                                let gradients = UnsafeRawPointer(g + position).loadUnaligned(as: Lanes.self)
                                let firsts = beta1 * UnsafeRawPointer(f + position).loadUnaligned(as: Lanes.self) + (1 - beta1) * gradients
                                let seconds = beta2 * UnsafeRawPointer(s + position).loadUnaligned(as: Lanes.self)
                                    + (1 - beta2) * gradients * gradients
                                let values = UnsafeRawPointer(p + slot).loadUnaligned(as: Lanes.self)
                                    - rate * firsts / (seconds.squareRoot() + epsilon)
                                UnsafeMutableRawPointer(f + position).storeBytes(of: firsts, as: Lanes.self)
                                UnsafeMutableRawPointer(s + position).storeBytes(of: seconds, as: Lanes.self)
                                UnsafeMutableRawPointer(p + slot).storeBytes(of: values, as: Lanes.self)
                                slot += 8
                            }
                            for slot in slot..<parameters.count {
                                let position = offset + slot
                                first[position] = beta1 * first[position] + (1 - beta1) * gradient[position]
                                second[position] = beta2 * second[position] + (1 - beta2) * gradient[position] * gradient[position]
                                parameters[slot] -= rate * first[position] / (second[position].squareRoot() + epsilon)
                            }
                        }
                        layers[index].weights.withUnsafeMutableBufferPointer { update($0, from: 0) }
                        layers[index].biases.withUnsafeMutableBufferPointer { update($0, from: weightCount) }
                    }
                }
            }
        }
        network = PerceptronModel(layers: layers)
    }
}

/// Dense row-major products written so that the innermost loop runs over contiguous memory and vectorises.
enum DenseKernels {
    /// `c[rows x columns] += a[rows x inner] * b[inner x columns]`, or with `transposingFirst`
    /// `c[inner x columns] += transpose(a[rows x inner]) * b[rows x columns]`.
    static func multiplyAdd(_ a: [Float], _ b: [Float], into c: inout [Float], rows: Int, inner: Int, columns: Int,
                            transposingFirst: Bool = false) {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    // c[i, :] += sum over s of a(i, s) b[s, :], a(i, s) = a[i * outerStride + s * sumStride].
                    if transposingFirst {
                        product(a, outerStride: 1, sumStride: inner, b, into: c, outer: inner, sum: rows, columns: columns)
                    } else {
                        product(a, outerStride: inner, sumStride: 1, b, into: c, outer: rows, sum: inner, columns: columns)
                    }
                }
            }
        }
    }

    /// `c[i, :] += sum_s a(i, s) b[s, :]` for `outer` rows of `c` and `sum` rows of `b`, `a(i, s)` read at
    /// `i * outerStride + s * sumStride`: the C kernel `ganfilter_product` (register blocks, AVX2 where the CPU
    /// has it); every element adds its products in order of `s`, as the plain loop does, on every CPU.
    private static func product(_ a: UnsafeBufferPointer<Float>, outerStride: Int, sumStride: Int, _ b: UnsafeBufferPointer<Float>,
                                into c: UnsafeMutableBufferPointer<Float>, outer: Int, sum: Int, columns: Int) {
        guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
        ganfilter_product(a, outerStride, sumStride, b, c, outer, sum, columns)
    }
}
