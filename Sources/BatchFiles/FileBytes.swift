#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole small files (tables, model files) read into memory.
public enum FileBytes {
    /// An input file that could not be read.
    public struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The file.
        public let path: String
        /// Why.
        public let reason: String
        /// `path: reason`.
        public var description: String { "\(path): \(reason)" }
    }

    /// The bytes of the regular file at `path`.
    public static func read(_ path: String) throws(ReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(path: path, reason: SystemError.message(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ReadError(path: path, reason: SystemError.message(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw ReadError(path: path, reason: "not a regular file (\(SystemError.fileKind(info.st_mode)))")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(path: path, reason: SystemError.message(errno))
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[..<count])
        }
    }
}
