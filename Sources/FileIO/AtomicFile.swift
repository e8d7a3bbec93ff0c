#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file that could not be written. It is not `FileBytes.ReadError`, though both name a path and a
/// reason, because what follows differs: an output not written ends the command (nothing usable, exit 2), an
/// input not read is one error row of a batch that goes on, so no `catch` may take one for the other.
public struct OutputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file that was being written.
    public let path: String
    /// What failed.
    public let reason: String

    /// An error about writing `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}

/// Writes whole files atomically: the bytes go to a temporary file in the same folder, which is
/// flushed and then renamed over the destination, so readers see the old file or the new one, never a part.
public enum AtomicFile {
    /// Writes `bytes` to `path`, or to standard output when `path` is `-` (`PartialFile` says where a name goes).
    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(OutputError) {
        let data = Array(bytes)
        let file = try PartialFile(path: path)
        try file.append(data)
        try file.finish()
    }

    /// Writes a cache file: as `write`, except that a `path` that exists and is not a regular file (a FIFO, a
    /// device, a link) is left as it is and refused. A cache is never the user's output, and writing a FIFO
    /// would wait for a reader that never comes.
    public static func writeCache(_ bytes: some Collection<UInt8>, to path: String) throws(OutputError) {
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            throw OutputError(path: path, reason: "exists and is not a regular file; left as it is")
        }
        try write(bytes, to: path)
    }

    /// Creates `path` and any missing parent folders.
    public static func createFolder(_ path: String) throws(OutputError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component + "/"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw OutputError(path: path, reason: "cannot create folder: \(SystemError.message(errno))")
            }
        }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw OutputError(path: path, reason: "exists and is not a folder")
        }
    }
}
