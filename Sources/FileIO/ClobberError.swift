/// Two paths of one command that would make it overwrite a file it needs: an output that is an input, or two
/// outputs that are one file.
public struct ClobberError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, naming both paths.
    public let description: String
}
