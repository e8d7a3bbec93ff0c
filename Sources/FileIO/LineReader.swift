#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the lines of a text file, plain or gzip-compressed (zlib tells them apart), in bounded memory:
/// a UTF-8 byte-order mark is dropped, `\r\n` and `\n` both end a line, and line numbers are 1-based physical
/// lines. For files whose fields hold no line breaks (numbers, say); `CSVTable` handles quoted ones. A line
/// longer than `maximumLineLength` is an error, so that a file of one endless line (a gzip bomb, say) costs
/// neither unbounded memory nor time.
public final class LineReader {
    /// The longest line read by default: 16 MiB, far beyond any table row (128 numbers take about 3 kB).
    public static let defaultMaximumLineLength = 1 << 24

    /// The file.
    public let path: String
    /// The longest line accepted, in bytes.
    public let maximumLineLength: Int
    /// The number of the line `next()` returned last (0 before the first).
    public private(set) var lineNumber = 0
    private let chunks: ChunkReader
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the search for the next line break resumes: bytes before it hold none.
    private var searched = 0
    private var atEnd = false

    /// Opens `path`.
    public init(path: String, maximumLineLength: Int = LineReader.defaultMaximumLineLength) throws(FileBytes.ReadError) {
        self.path = path
        self.maximumLineLength = maximumLineLength
        chunks = try ChunkReader(path: path, chunkSize: 1 << 16)
    }

    /// The next line without its line break, or nil at the end of the file.
    public func next() throws(FileBytes.ReadError) -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[max(start, searched)...].firstIndex(of: 10) {
                var end = newline
                if end > start && buffer[end - 1] == 13 { end -= 1 }
                let line = buffer[start..<end]
                start = newline + 1
                searched = start
                lineNumber += 1
                return lineNumber == 1 ? Self.droppingByteOrderMark(line) : line
            }
            searched = buffer.count
            guard buffer.count - start <= maximumLineLength else {
                throw FileBytes.ReadError(path: path, reason: "line \(lineNumber + 1) is longer than \(maximumLineLength >> 20) MiB; "
                    + "a table row never is (is this the right file?)")
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
        searched -= start
        start = 0
        if let chunk = try chunks.next() { buffer += chunk } else { atEnd = true }
    }

    private static func droppingByteOrderMark(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        line.starts(with: [0xEF, 0xBB, 0xBF]) ? line.dropFirst(3) : line
    }
}
