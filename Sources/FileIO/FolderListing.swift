#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The entries of a folder, read with `readdir`: the one way ganfilter lists a folder.
public enum FolderListing {
    /// An entry's name, and whether its bytes are valid UTF-8 (else `name` shows them with U+FFFD and cannot
    /// be opened again from it).
    public struct Entry: Equatable, Sendable {
        /// The name, `.` and `..` never among them.
        public let name: String
        /// Whether the name's bytes are valid UTF-8.
        public let isValidUTF8: Bool
    }

    /// The entries of `folder` in the order the file system gives them; nil when it cannot be listed (`errno`
    /// then says why).
    public static func entries(of folder: String) -> [Entry]? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var entries: [Entry] = []
        while let entry = readdir(directory) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            let valid = String(validating: bytes, as: UTF8.self)
            let name = valid ?? String(decoding: bytes, as: UTF8.self)
            if name != "." && name != ".." { entries.append(Entry(name: name, isValidUTF8: valid != nil)) }
        }
        return entries
    }

    /// The names in `folder` (none when it cannot be listed, for instance because it does not exist yet).
    public static func names(in folder: String) -> [String] {
        (entries(of: folder) ?? []).map(\.name)
    }
}
