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
///
/// Only a regular file has a pair (`OutputDestination.isFile`). Standard output (`-`, `/dev/stdout`), a FIFO or a
/// device carries no settings file, so it is written and read unlocked: a lock held while a pipe's reader is slow would stall every run writing beside it,
/// and two runs whose outputs feed one reader (`cmp <(ganfilter … -o -) <(ganfilter … -o -)`) would wait on each
/// other for ever.
public enum PairLock {
    /// `body`, run while the folder holding `path` is locked (unlocked when `path` is not a regular file's name:
    /// `-`, a descriptor's, a device's or a FIFO's).
    public static func withLock<T>(beside path: String, exclusive: Bool, _ body: () throws -> T) rethrows -> T {
        guard OutputDestination(path: path).isFile else { return try body() }
        let descriptor = open(FolderPath.containing(path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
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
