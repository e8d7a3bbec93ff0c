/// A file of vectors (`.npy`, `.npz`, or a CSV read through `VectorSource`) that cannot be read: the file
/// and why.
public struct VectorFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// Why.
    public let reason: String

    /// The error of `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
