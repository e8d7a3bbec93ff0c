import FileIO
import NumpyFormats

/// Why screening stopped.
public enum ScreeningError: Error, CustomStringConvertible {
    /// The vectors could not be read.
    case input(VectorFileError)
    /// An output could not be written.
    case output(OutputError)

    /// The message.
    public var description: String {
        switch self {
        case .input(let error): return error.description
        case .output(let error): return "cannot write \(error)"
        }
    }
}
