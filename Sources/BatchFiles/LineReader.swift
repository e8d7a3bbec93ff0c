import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the lines of a text file, plain or gzip-compressed (zlib tells them apart), in bounded memory:
/// a UTF-8 byte-order mark is dropped, `\r\n` and `\n` both end a line, and line numbers are 1-based physical
/// lines. For files whose fields hold no line breaks (numbers, say); `CSVTable` handles quoted ones.
public final class LineReader {
    /// The file.
    public let path: String
    /// The number of the line `next()` returned last (0 before the first).
    public private(set) var lineNumber = 0
    private let file: gzFile
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0
    private var atEnd = false

    /// Opens `path`.
    public init(path: String) throws(FileBytes.ReadError) {
        self.path = path
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileBytes.ReadError(path: path, reason: SystemError.message(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw FileBytes.ReadError(path: path, reason: "not a regular file") }
        guard let file = gzopen(path, "rb") else {
            throw FileBytes.ReadError(path: path, reason: "cannot open: \(SystemError.message(errno))")
        }
        self.file = file
    }

    deinit { gzclose(file) }

    /// The next line without its line break, or nil at the end of the file.
    public func next() throws(FileBytes.ReadError) -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 10) {
                var end = newline
                if end > start && buffer[end - 1] == 13 { end -= 1 }
                let line = buffer[start..<end]
                start = newline + 1
                lineNumber += 1
                return lineNumber == 1 ? Self.droppingByteOrderMark(line) : line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                var line = buffer[start...]
                if line.last == 13 { line = line.dropLast() }
                start = buffer.count
                lineNumber += 1
                return lineNumber == 1 ? Self.droppingByteOrderMark(line) : line
            }
            try fill()
        }
    }

    /// Moves the unread bytes to the front and appends the next chunk of the file.
    private func fill() throws(FileBytes.ReadError) {
        buffer.removeSubrange(0..<start)
        start = 0
        let count = chunk.withUnsafeMutableBytes { bytes in
            bytes.baseAddress.map { gzread(file, $0, UInt32(bytes.count)) } ?? 0
        }
        if count < 0 {
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? "error \(code)"
            throw FileBytes.ReadError(path: path, reason: "corrupt gzip data: \(message)")
        }
        if count > 0 { buffer += chunk[..<Int(count)] }
        if count == 0 {
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? ""
            guard code == Z_OK || code == Z_STREAM_END else {
                throw FileBytes.ReadError(path: path, reason: "corrupt or truncated gzip data: \(message)")
            }
            atEnd = true
        }
    }

    private static func droppingByteOrderMark(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        line.starts(with: [0xEF, 0xBB, 0xBF]) ? line.dropFirst(3) : line
    }
}
