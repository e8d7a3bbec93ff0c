import ArgumentParser
import FileIO
import Learning
import MaskFeatures
import MaskFilter

extension FeatureTable.Format: ExpressibleByArgument {}

extension FeatureSet: ExpressibleByArgument {}
extension CopyMode: ExpressibleByArgument {}
extension ReferenceFilter.Score: ExpressibleByArgument {}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}

extension ThresholdStrategy {
    /// `--strategy NAME`: the strategy `NAME` spells, or a usage error that says what is wrong with it (an
    /// unknown name, a value out of range).
    static func argument(_ text: String) throws -> ThresholdStrategy {
        do {
            return try ThresholdStrategy(parsing: text)
        } catch {
            throw ValidationError("--strategy: \(error.description)")
        }
    }
}
