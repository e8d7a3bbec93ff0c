/// Paths inside a folder named as the user gave it (with or without a trailing slash).
public enum FolderPath {
    /// `folder` ending in exactly the one slash it needs for a name to be appended.
    public static func prefix(_ folder: String) -> String {
        folder.hasSuffix("/") ? folder : folder + "/"
    }
}
