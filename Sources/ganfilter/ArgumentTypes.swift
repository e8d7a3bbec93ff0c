import ArgumentParser
import FileIO
import SymmetryFeatures

extension FeatureTable.Format: ExpressibleByArgument {}

extension FeatureSet: ExpressibleByArgument {}
extension CopyMode: ExpressibleByArgument {}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
