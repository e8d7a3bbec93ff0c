#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An advisory lock (`flock`) on the folder that holds a file, held while a table and its settings file are
/// written (exclusive) or read (shared). Each file is replaced atomically on its own; the lock makes the pair
/// atomic too, so that two runs writing the same output never leave one run's table beside the other's
/// settings, and a reader never reads one with the other. Where the folder cannot be locked (a file system
/// without `flock`), the body runs unlocked.
public enum PairLock {
    /// `body`, run while the folder holding `path` is locked.
    public static func withLock<T>(beside path: String, exclusive: Bool, _ body: () throws -> T) rethrows -> T {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            while flock(descriptor, exclusive ? LOCK_EX : LOCK_SH) != 0 && errno == EINTR {}
        }
        defer {
            if descriptor >= 0 {
                flock(descriptor, LOCK_UN)
                close(descriptor)
            }
        }
        return try body()
    }
}
