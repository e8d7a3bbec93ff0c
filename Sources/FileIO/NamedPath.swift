/// A path a command reads or writes, with the name a user knows it by (an option such as `--features`).
public struct NamedPath: Sendable {
    /// What the path is to the user: the option or argument that gave it.
    public let name: String
    /// The path as given.
    public let path: String

    /// `path`, known to the user as `name`.
    public init(_ name: String, _ path: String) {
        self.name = name
        self.path = path
    }
}
