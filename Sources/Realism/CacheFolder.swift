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

    /// `folder`, made when it is missing, when it is then a folder this process may write in; else nil, and `note`
    /// says why. A run whose cache folder cannot be used says so once and keeps nothing, rather than once for
    /// each file it would have kept.
    public static func prepared(_ folder: String?, note: (String) -> Void) -> String? {
        guard let folder else { return nil }
        do throws(OutputError) {
            try AtomicFile.createFolder(folder)
            guard isUsable(folder) else { throw OutputError(path: folder, reason: SystemError.message(errno)) }
            return folder
        } catch {
            note("cannot keep the reference's cache: \(error.description); it is measured again on every run "
                 + "(--cache DIR names a folder that can be written)")
            return nil
        }
    }

    /// Whether `folder` is a folder this process may write in (as `prepared` leaves one that it can use).
    public static func isUsable(_ folder: String) -> Bool {
        FileIdentity(path: folder)?.isFolder == true && access(folder, W_OK | X_OK) == 0
    }
}
