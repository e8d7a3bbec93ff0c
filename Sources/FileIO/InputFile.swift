/// One input of a batch: a path as it will appear in the `file` column, and the reason it cannot be
/// read when that is known before opening it (a path that does not exist, a broken link...).
public struct InputFile: Hashable, Sendable {
    /// The path, as given or as `ARG/relative/path` for a file found in a folder argument.
    public let path: String
    /// Why the input is unusable, found while listing; nil when it is to be opened.
    public let problem: String?

    /// An input with an optional known problem.
    public init(path: String, problem: String? = nil) {
        self.path = path
        self.problem = problem
    }
}
