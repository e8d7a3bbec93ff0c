import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the bytes of a regular file in chunks, plain or gzip-compressed (zlib tells them apart), so that
/// a reader never needs the whole file in memory. A corrupt or truncated gzip stream is an error, not short data;
/// so is a file in another compression (`ForeignCompression`) or text in UTF-16 or UTF-32 (`ForeignTextEncoding`):
/// every reader of it reads text in UTF-8.
public final class ChunkReader {
    /// The file.
    public let path: String
    /// The file's size on disk (compressed, when it is).
    public let fileSize: Int
    private let file: gzFile
    /// The most bytes `next()` returns at once.
    public let chunkSize: Int
    private lazy var chunk = [UInt8](repeating: 0, count: chunkSize)
    private var atEnd = false
    /// Whether the first bytes have been read (and checked for a compression zlib does not read).
    private var started = false

    /// Opens `path`, which must be a regular file; chunks are at most `chunkSize` bytes.
    public init(path: String, chunkSize: Int = 1 << 18) throws(FileBytes.ReadError) {
        self.chunkSize = max(1, chunkSize)
        self.path = path
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileBytes.ReadError(path: path, reason: SystemError.message(errno, opening: path)) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw FileBytes.ReadError(path: path, reason: SystemError.notRegularFile(info.st_mode))
        }
        fileSize = Int(info.st_size)
        guard let file = gzopen(path, "rb") else {
            throw FileBytes.ReadError(path: path, reason: "cannot open: \(SystemError.message(errno))")
        }
        self.file = file
    }

    deinit { gzclose(file) }

    /// The next chunk of (decompressed) bytes, or nil at the end of the file.
    public func next() throws(FileBytes.ReadError) -> ArraySlice<UInt8>? {
        var failure: FileBytes.ReadError?
        let count = chunk.withUnsafeMutableBytes { bytes -> Int in
            do throws(FileBytes.ReadError) { return try read(into: bytes) } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        return count > 0 ? chunk[..<count] : nil
    }

    /// Reads the next (decompressed) bytes into `buffer`, as many as fit or are left; 0 at the end of the file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(FileBytes.ReadError) -> Int {
        guard !atEnd, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let count = gzread(file, base, UInt32(min(buffer.count, Int(Int32.max))))
        if count < 0 {
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? "error \(code)"
            throw FileBytes.ReadError(path: path, reason: "corrupt gzip data: \(message)")
        }
        if !started {
            started = true
            // zlib reads a file that is not gzip as it is: one compressed otherwise would be read as garbage.
            if count > 0, gzdirect(file) == 1,
               let compression = ForeignCompression.starting(UnsafeRawBufferPointer(rebasing: buffer[..<Int(count)])) {
                throw FileBytes.ReadError(path: path, reason: "\(compression.name)-compressed; ganfilter reads plain or gzip (.gz) files: "
                    + compression.remedy(for: path))
            }
            if count > 0, let encoding = ForeignTextEncoding.starting(UnsafeRawBufferPointer(rebasing: buffer[..<Int(count)])) {
                throw FileBytes.ReadError(path: path, reason: "\(encoding.name) text; " + encoding.remedy(for: path))
            }
        }
        if count > 0 { return Int(count) }
        // A stream cut before its trailer reads "successfully" to its end; zlib reports it only here.
        var code: Int32 = 0
        let message = gzerror(file, &code).map { String(cString: $0) } ?? ""
        guard code == Z_OK || code == Z_STREAM_END else {
            throw FileBytes.ReadError(path: path, reason: "corrupt or truncated gzip data: \(message)")
        }
        atEnd = true
        return 0
    }
}
