import ArgumentParser
import FileIO

/// What `train` and `latent train` write: a trained model's bytes, read back by the model's own reader first.
enum TrainedModel {
    /// A trained model's bytes; a model its own reader would refuse (a degenerate fit) is reported and is exit
    /// 2, nothing usable, instead of being written.
    static func bytes(of encoded: () throws(ModelFileError) -> [UInt8], command: String) throws -> [UInt8] {
        do {
            return try encoded()
        } catch {
            StandardError.print("ganfilter \(command): the trained model is degenerate and is not written: \(error)")
            throw ExitCode(2)
        }
    }
}
