import FileIO

#if canImport(Glibc)
import Glibc
#endif

/// The folder that keeps a reference's cache files between runs (`ReferenceSet`, `ReferenceNeighbours`, the
/// scaled frames and scores, the anatomy ranges): `--cache DIR`, else the user's cache folder.
public enum CacheFolder {
    /// The user's cache folder: `$XDG_CACHE_HOME/ganfilter`, else `~/.cache/ganfilter`; nil without either.
    public static var user: String? {
        if let cache = getenv("XDG_CACHE_HOME").map({ String(cString: $0) }), cache.hasPrefix("/") { return cache + "/ganfilter" }
        if let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty { return home + "/.cache/ganfilter" }
        return nil
    }

    /// Makes `folder` when it is missing; nil when it is then a folder this process may write in, else why not.
    /// A run whose cache folder cannot be used says so once and keeps nothing, rather than once for each file it
    /// would have kept.
    public static func prepare(_ folder: String) -> String? {
        do throws(OutputError) {
            try AtomicFile.createFolder(folder)
        } catch {
            return error.description
        }
        return isUsable(folder) ? nil : "\(folder): \(SystemError.message(errno))"
    }

    /// Whether `folder` is a folder this process may write in (as `prepare` leaves one that it can use).
    public static func isUsable(_ folder: String) -> Bool {
        FileIdentity(path: folder)?.isFolder == true && access(folder, W_OK | X_OK) == 0
    }
}
