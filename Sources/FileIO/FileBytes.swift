#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole small files (tables, model files) read into memory.
public enum FileBytes {
    /// An input file that could not be read: one error row of a batch that goes on (an output not written is
    /// `OutputError`, which ends the command).
    public struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The file.
        public let path: String
        /// Why.
        public let reason: String

        /// The error of reading `path`.
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }

        /// `path: reason`.
        public var description: String { "\(path): \(reason)" }
    }

    /// The bytes of the regular file at `path`; a file of more than `limit` bytes (`what` names the kind of
    /// file in the message) is refused before it is read, and reading stops there should it grow.
    public static func read(_ path: String, limit: Int = Int.max, what: String = "file") throws(ReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(path: path, reason: SystemError.message(errno, opening: path)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ReadError(path: path, reason: SystemError.message(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw ReadError(path: path, reason: SystemError.notRegularFile(info.st_mode))
        }
        let tooLarge = { (size: Int) in
            ReadError(path: path, reason: "the \(what) is \(ByteCount.text(size)); a \(what) may be at most \(ByteCount.text(limit))")
        }
        guard Int(info.st_size) <= limit else { throw tooLarge(Int(info.st_size)) }
        var bytes: [UInt8] = []
        // Room for the whole file as it is now, so that a large one is copied once, not at every doubling.
        bytes.reserveCapacity(max(0, Int(info.st_size)))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(path: path, reason: SystemError.message(errno))
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= limit else { throw tooLarge(bytes.count + count) }
            bytes.append(contentsOf: buffer[..<count])
        }
    }

    /// `count` bytes of the regular file at `path` from `offset` (fewer at its end).
    public static func read(_ path: String, offset: Int, count: Int) throws(ReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(path: path, reason: SystemError.message(errno, opening: path)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ReadError(path: path, reason: SystemError.message(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw ReadError(path: path, reason: SystemError.notRegularFile(info.st_mode)) }
        var bytes = [UInt8](repeating: 0, count: max(0, count))
        var done = 0
        while done < bytes.count {
            let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, $0.count - done, off_t(offset + done)) }
            if got < 0 && errno == EINTR { continue }
            if got < 0 { throw ReadError(path: path, reason: SystemError.message(errno)) }
            if got == 0 { break }
            done += got
        }
        return Array(bytes[..<done])
    }

    /// Reads exactly `count` bytes of the open file `descriptor` at `offset` into the start of `buffer`, which
    /// is reused from read to read (so that reading a large file a chunk at a time touches no fresh memory);
    /// false when the file ends first, a read fails, or `count` exceeds the buffer.
    public static func read(_ descriptor: Int32, into buffer: inout [UInt8], count: Int, at offset: Int) -> Bool {
        guard count >= 0, count <= buffer.count else { return false }
        var done = 0
        while done < count {
            let got = buffer.withUnsafeMutableBytes { bytes in
                bytes.baseAddress.map { pread(descriptor, $0 + done, count - done, off_t(offset + done)) } ?? -1
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return false }
            done += got
        }
        return true
    }

    /// The last `count` bytes of the file at `path` (all of it when shorter).
    public static func readTail(_ path: String, count: Int) throws(ReadError) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw ReadError(path: path, reason: SystemError.message(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw ReadError(path: path, reason: SystemError.notRegularFile(info.st_mode))
        }
        let size = Int(info.st_size)
        return try read(path, offset: max(0, size - count), count: min(size, count))
    }
}
