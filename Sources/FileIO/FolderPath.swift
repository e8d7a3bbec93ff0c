#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Paths inside a folder named as the user gave it (with or without a trailing slash).
public enum FolderPath {
    /// `folder` ending in exactly the one slash it needs for a name to be appended.
    public static func prefix(_ folder: String) -> String {
        folder.hasSuffix("/") ? folder : folder + "/"
    }

    /// The name `path` ends in: the part after its last slash, trailing slashes aside (`a/b.png` gives `b.png`).
    public static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The folder that holds `path`: the part before its last slash (`/` for a name at the root), else `.`.
    public static func containing(_ path: String) -> String {
        path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
    }

    /// Whether `folder/key` names a file below `folder` itself: no `..`, empty part or absolute path in `key`, and
    /// its parent folder, links resolved, inside the folder. Keys read from a file (a manifest) pass it before
    /// anything is removed on their word.
    public static func isInside(_ key: String, folder: String) -> Bool {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.hasPrefix("/"), !parts.contains(".."), !parts.contains(""), let root = realpath(folder, nil) else { return false }
        defer { free(root) }
        let parent = prefix(folder) + parts.dropLast().joined(separator: "/")
        guard let resolved = realpath(parts.count > 1 ? parent : folder, nil) else { return false }
        defer { free(resolved) }
        let rootPath = String(cString: root), resolvedPath = String(cString: resolved)
        return resolvedPath == rootPath || resolvedPath.hasPrefix(rootPath == "/" ? "/" : rootPath + "/")
    }
}
