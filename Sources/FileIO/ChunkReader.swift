import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the bytes of a regular file in chunks, plain or gzip-compressed (zlib tells them apart), so that
/// a reader never needs the whole file in memory. A corrupt or truncated gzip stream is an error, not short data.
public final class ChunkReader {
    /// The file.
    public let path: String
    private let file: gzFile
    private var chunk: [UInt8]
    private var atEnd = false

    /// Opens `path`, which must be a regular file; chunks are at most `chunkSize` bytes.
    public init(path: String, chunkSize: Int = 1 << 18) throws(FileBytes.ReadError) {
        self.path = path
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileBytes.ReadError(path: path, reason: SystemError.message(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw FileBytes.ReadError(path: path, reason: "not a regular file (\(SystemError.fileKind(info.st_mode)))")
        }
        guard let file = gzopen(path, "rb") else {
            throw FileBytes.ReadError(path: path, reason: "cannot open: \(SystemError.message(errno))")
        }
        self.file = file
        chunk = [UInt8](repeating: 0, count: max(1, chunkSize))
    }

    deinit { gzclose(file) }

    /// The next chunk of (decompressed) bytes, or nil at the end of the file.
    public func next() throws(FileBytes.ReadError) -> ArraySlice<UInt8>? {
        guard !atEnd else { return nil }
        let count = chunk.withUnsafeMutableBytes { bytes in
            bytes.baseAddress.map { gzread(file, $0, UInt32(bytes.count)) } ?? 0
        }
        if count < 0 {
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? "error \(code)"
            throw FileBytes.ReadError(path: path, reason: "corrupt gzip data: \(message)")
        }
        if count > 0 { return chunk[..<Int(count)] }
        // A stream cut before its trailer reads "successfully" to its end; zlib reports it only here.
        var code: Int32 = 0
        let message = gzerror(file, &code).map { String(cString: $0) } ?? ""
        guard code == Z_OK || code == Z_STREAM_END else {
            throw FileBytes.ReadError(path: path, reason: "corrupt or truncated gzip data: \(message)")
        }
        atEnd = true
        return nil
    }
}
