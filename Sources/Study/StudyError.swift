/// Options of a study that do not fit together.
public struct StudyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the options.
    public let description: String
}
