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
}
