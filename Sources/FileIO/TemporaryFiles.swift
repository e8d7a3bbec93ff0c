import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files this process has made and not yet renamed or removed, so that an interrupted run
/// (SIGINT, SIGTERM) can remove them before it ends. Every temporary file ganfilter makes is registered here.
public enum TemporaryFiles {
    private static let paths = Mutex<Set<String>>([])

    /// Notes that `path` is a temporary file to remove if the process is interrupted.
    public static func register(_ path: String) {
        paths.withLock { _ = $0.insert(path) }
    }

    /// Notes that `path` was renamed into place or removed.
    public static func unregister(_ path: String) {
        paths.withLock { _ = $0.remove(path) }
    }

    /// Removes every registered temporary file (on an interrupting signal).
    public static func removeAll() {
        paths.withLock { registered in
            for path in registered { unlink(path) }
            registered.removeAll()
        }
    }
}
