#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an output named `path` goes: what a writer must write, and what it must never replace.
///
/// `/dev/stdout` is a link to `/proc/self/fd/1`: with standard output redirected to a file, `stat` sees a
/// regular file there, and a writer that renamed a temporary file over the name would replace the link itself
/// (in `/dev`, as root) and leave the redirected file empty. So a name that leads, through links, to one of
/// the process's own descriptors (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`) is written
/// through that descriptor, at its offset, as `-` is; and a link to a regular file is replaced at its target,
/// so that the link stays.
public enum OutputDestination: Equatable, Sendable {
    /// An open descriptor of this process: `-` (standard output) or a name leading to one.
    case descriptor(Int32)
    /// An existing file that is not a regular file (a device such as `/dev/null`, a FIFO): opened and written,
    /// never replaced.
    case device
    /// A regular file, or a name not taken yet: written atomically at this path (the target of `path` when it is
    /// a link to a regular file, else `path` itself).
    case file(String)

    /// Where `path` goes.
    public init(path: String) {
        if path == "-" {
            self = .descriptor(STDOUT_FILENO)
            return
        }
        if let descriptor = Self.descriptor(reachedFrom: path) {
            self = .descriptor(descriptor)
            return
        }
        var info = stat()
        if stat(path, &info) == 0 && info.st_mode & S_IFMT != S_IFREG && info.st_mode & S_IFMT != S_IFDIR {
            self = .device
            return
        }
        var link = stat()
        if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK, let resolved = realpath(path, nil) {
            defer { free(resolved) }
            self = .file(String(cString: resolved))
            return
        }
        self = .file(path)
    }

    /// Whether the output is this process's standard output (`-`, `/dev/stdout`, `/dev/fd/1`).
    public var isStandardOutput: Bool { self == .descriptor(STDOUT_FILENO) }

    /// Whether the output is a regular file written atomically, which alone may carry files beside it (a
    /// table's settings, a shard record) and be locked with them (`PairLock`).
    public var isFile: Bool {
        if case .file = self { true } else { false }
    }

    /// The descriptor `path` names, following at most 40 links: a hop spelled `/proc/self/fd/N`,
    /// `/proc/PID/fd/N` (this process's PID) or `/dev/fd/N`, where `N` is open. Nil for any other name.
    static func descriptor(reachedFrom path: String) -> Int32? {
        var current = path
        for _ in 0..<40 {
            if let number = descriptorNumber(current), fcntl(number, F_GETFD) != -1 { return number }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count > 0 else { return nil }
            let target = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : FolderPath.containing(current) + "/" + target
        }
        return nil
    }

    /// `N` of a path spelled `/proc/self/fd/N`, `/proc/PID/fd/N` for this process's PID, or `/dev/fd/N`.
    static func descriptorNumber(_ path: String) -> Int32? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        let prefixes: [[Substring]] = [["proc", "self", "fd"], ["proc", Substring(String(getpid())), "fd"], ["dev", "fd"]]
        for prefix in prefixes where path.hasPrefix("/") && parts.count == prefix.count + 1 && Array(parts.prefix(prefix.count)) == prefix {
            return parts.last.flatMap { Int32($0) }
        }
        return nil
    }
}
