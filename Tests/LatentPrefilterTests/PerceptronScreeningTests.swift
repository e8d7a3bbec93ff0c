import Foundation
import LatentPrefilter
import Learning
import Matrices
import NumpyFormats
import SeededRandom
import Testing

/// A perceptron screen reads raw vectors straight into the network's floats; the kept set and the rows
/// reported non-finite are exactly what the general path (a matrix of doubles through `Standardised.scores`) gives.
struct PerceptronScreeningTests {
    @Test(arguments: [NumpyHeader.ElementType.float32, .float64])
    func theFastPathKeepsWhatTheGeneralPathKeeps(elementType: NumpyHeader.ElementType) throws {
        var random = SeededGenerator(seed: 21)
        let inputs = 9, hidden = 7, rows = 300
        let layers = [PerceptronModel.Layer(inputCount: inputs, outputCount: hidden,
                                            weights: (0..<inputs * hidden).map { _ in Float(random.uniform(-1, 1)) },
                                            biases: (0..<hidden).map { _ in Float(random.uniform(-0.5, 0.5)) }),
                      PerceptronModel.Layer(inputCount: hidden, outputCount: 1,
                                            weights: (0..<hidden).map { _ in Float(random.uniform(-1, 1)) }, biases: [0.1])]
        // One tiny scale, so that a large value standardises past the float range (and past the double one).
        var scales = (0..<inputs).map { _ in random.uniform(0.5, 2) }
        scales[3] = 1e-300
        var means = (0..<inputs).map { _ in random.uniform(-0.2, 0.2) }
        means[3] = 0
        let scaler = StandardScaler(means: means, scales: scales)
        var values = (0..<rows * inputs).map { _ in random.uniform(-2, 2) }
        for row in 0..<rows { values[row * inputs + 3] = row % 50 == 7 ? 1e10 : 0 }
        values[11 * inputs + 2] = .nan
        values[12 * inputs + 5] = .infinity
        values[13 * inputs + 0] = 3e38
        let classifier = FittedClassifier(Standardised(scaler: scaler, model: PerceptronModel(layers: layers)))
        var bytes: [UInt8] = []
        for value in values {
            if elementType == .float32 {
                withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { bytes += $0 }
            } else {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
            }
        }
        let block = bytes.withUnsafeBytes { elementType.matrix($0, rows: rows, columns: inputs) }
        let scores = classifier.scores(block)
        // The median score as the threshold: about half the rows pass.
        let finiteScores = scores.filter { !$0.isNaN }.sorted()
        let threshold = try #require(finiteScores.isEmpty ? nil : finiteScores[finiteScores.count / 2])
        let screening = LatentScreening(classifier: classifier, threshold: threshold, addNorm: false)
        let fast = bytes.withUnsafeBytes { screening.passingRows($0, rows: rows, columns: inputs, elementType: elementType) }
        let nonFinite = (0..<rows).filter { !block.rowIsFinite($0) || scores[$0].isNaN }
        let kept = (0..<rows).filter { !nonFinite.contains($0) && scores[$0] >= threshold }
        #expect(fast.kept == kept && fast.nonFinite == nonFinite)
        #expect(nonFinite.contains(11) && nonFinite.contains(12) && kept.count > 100 && kept.count < 200, "\(kept.count) kept, \(nonFinite) not finite")
    }
}
