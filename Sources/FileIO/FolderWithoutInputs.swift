/// A folder argument that contributed no input: the likeliest slip of a user whose files lie one folder down
/// (`run1/`, `run2/`) or were saved in another format. A batch of such a folder is empty, and an empty batch
/// must say why.
public struct FolderWithoutInputs: Equatable, Sendable {
    /// The folder, as it was named.
    public let path: String
    /// Its sub-folders that were not entered, sorted by their UTF-8 bytes; none when the scan was recursive.
    public let subfolders: [String]
    /// Whether the scan entered the sub-folders (and found no PNG file in any).
    public let recursive: Bool

    /// A folder that contributed nothing, and the sub-folders the scan passed over.
    public init(path: String, subfolders: [String], recursive: Bool) {
        self.path = path
        self.subfolders = subfolders.sorted(by: UTF8Order.precedes)
        self.recursive = recursive
    }

    /// What a batch prints. `recursion` is how a user has sub-folders read (`--recursive`); nil where a folder
    /// is read alone (a reference).
    public func note(recursion: String?) -> String {
        guard let first = subfolders.first else {
            return "\(path) holds no PNG files" + (recursive ? ", nor does any folder below it" : "")
        }
        let names = subfolders.prefix(3).joined(separator: ", ") + (subfolders.count > 3 ? ", ..." : "")
        let which = subfolders.count == 1 ? "a sub-folder, \(first)" : "\(subfolders.count) sub-folders (\(names))"
        guard let recursion else { return "\(path) holds no PNG files of its own, only \(which): name the folder that holds the PNG files" }
        return "\(path) holds no PNG files of its own but \(which): \(recursion) reads the PNG files in them"
    }
}
