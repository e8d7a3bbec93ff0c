/// A folder an output writes many files into (a report), and which file names it will hold.
public struct OutputFolder: Sendable {
    /// The folder, known to the user as `name`.
    public let folder: NamedPath
    /// Whether the folder will hold a file of this name (its own files are replaced).
    public let holds: @Sendable (String) -> Bool

    /// `folder`, which will hold the files for which `holds` is true.
    public init(_ folder: NamedPath, holds: @escaping @Sendable (String) -> Bool) {
        self.folder = folder
        self.holds = holds
    }
}
