import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files this process has made and not yet renamed or removed, so that an interrupted run
/// (SIGINT, SIGTERM) can remove them before it ends. Every temporary file ganfilter makes is registered here.
///
/// A file is made and registered under one lock (`make(template:)`), and `removeAll(thenEnd:)` ends the process
/// while it still holds that lock: so no thread can make a file the removal misses, neither between the
/// file's creation and its registration nor between the removal and the end.
public final class TemporaryFiles: Sendable {
    /// The registry of this process's temporary files, which the interrupt handler empties.
    public static let process = TemporaryFiles()

    private let paths = Mutex<Set<String>>([])

    /// An empty registry (tests make their own; the files of a run go in `process`).
    public init() {}

    /// Creates a uniquely named file from `template` (ending in `XXXXXX`, as `mkstemp`), open for reading and
    /// writing with mode 0644, and registers it: its descriptor and path. `purpose` names the output it is for,
    /// in the error when it cannot be made.
    public func make(template: String, for purpose: String) throws(OutputError) -> (descriptor: Int32, path: String) {
        var name = Array(template.utf8CString)
        let made: (descriptor: Int32, path: String, code: Int32) = paths.withLock { registered in
            let descriptor = name.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
            guard descriptor >= 0 else { return (descriptor, "", errno) }
            let path = String(decoding: name.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            registered.insert(path)
            return (descriptor, path, 0)
        }
        guard made.descriptor >= 0 else {
            throw OutputError(path: purpose, reason: "cannot create a temporary file: \(SystemError.message(made.code))")
        }
        fchmod(made.descriptor, 0o644)
        return (made.descriptor, made.path)
    }

    /// Creates a file from `template` as `make(template:for:)` does and unlinks it at once: an open descriptor
    /// to scratch space that no interruption can leave behind.
    public func makeUnlinked(template: String, for purpose: String) throws(OutputError) -> Int32 {
        let made = try make(template: template, for: purpose)
        unlink(made.path)
        unregister(made.path)
        return made.descriptor
    }

    /// Notes that `path` is a temporary file to remove if the process is interrupted; register a name before
    /// the file is made (a file `make(template:)` makes is registered already).
    public func register(_ path: String) {
        paths.withLock { _ = $0.insert(path) }
    }

    /// Notes that `path` was renamed into place or removed.
    public func unregister(_ path: String) {
        paths.withLock { _ = $0.remove(path) }
    }

    /// Removes every registered temporary file, then calls `end` with the registry still locked. `end` ends
    /// the process (an interrupting signal, raised again); until it does, a thread that would make or register
    /// a file waits, so nothing made after the removal is left behind.
    public func removeAll(thenEnd end: () -> Void) {
        paths.withLock { registered in
            for path in registered { unlink(path) }
            registered.removeAll()
            end()
        }
    }
}
