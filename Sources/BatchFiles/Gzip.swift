import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// gzip files through zlib: datasets travel as `.csv.gz`.
public enum Gzip {
    /// Whether `bytes` start with the gzip magic number.
    public static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// The decompressed content of the gzip file at `path`, read in 256 KB chunks.
    public static func decompress(path: String) throws(FileBytes.ReadError) -> [UInt8] {
        guard let file = gzopen(path, "rb") else {
            throw FileBytes.ReadError(path: path, reason: "cannot open: \(SystemError.message(errno))")
        }
        defer { gzclose(file) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        while true {
            let count = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if count < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "error \(code)"
                throw FileBytes.ReadError(path: path, reason: "corrupt gzip data: \(message)")
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[..<Int(count)])
        }
        // A stream cut before its trailer reads "successfully" to its end; zlib reports it only here.
        var code: Int32 = 0
        let message = gzerror(file, &code).map { String(cString: $0) } ?? ""
        guard code == Z_OK || code == Z_STREAM_END else {
            throw FileBytes.ReadError(path: path, reason: "corrupt or truncated gzip data: \(message)")
        }
        return result
    }

    /// Writes `bytes` gzip-compressed to `path`, atomically (temporary file, then rename).
    public static func write(_ bytes: [UInt8], to path: String) throws(OutputError) {
        let temporary = path + ".ganfilter-partial"
        guard let file = gzopen(temporary, "wb9") else {
            throw OutputError(path: path, reason: "cannot create: \(SystemError.message(errno))")
        }
        var offset = 0
        while offset < bytes.count {
            let count = min(1 << 20, bytes.count - offset)
            let written = bytes[offset..<offset + count].withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32(count)) }
            guard written > 0 else {
                gzclose(file)
                unlink(temporary)
                throw OutputError(path: path, reason: "cannot write compressed data")
            }
            offset += Int(written)
        }
        guard gzclose(file) == Z_OK, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw OutputError(path: path, reason: "cannot finish: \(SystemError.message(errno))")
        }
    }
}
