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

    /// The decompressed content of the gzip file at `path`.
    public static func decompress(path: String) throws(FileBytes.ReadError) -> [UInt8] {
        let reader = try ChunkReader(path: path)
        var result: [UInt8] = []
        while let chunk = try reader.next() { result += chunk }
        return result
    }

    /// Writes `bytes` gzip-compressed (level 9, as `gzopen(path, "wb9")` writes them) to `path` with
    /// `AtomicFile`'s guarantees.
    public static func write(_ bytes: [UInt8], to path: String) throws(OutputError) {
        try AtomicFile.write(try compress(bytes, path: path), to: path)
    }

    /// `bytes` as a gzip stream; `path` names the output in errors.
    static func compress(_ bytes: [UInt8], path: String) throws(OutputError) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, 9, Z_DEFLATED, MAX_WBITS + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw OutputError(path: path, reason: "cannot start zlib")
        }
        defer { deflateEnd(&stream) }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        var input = bytes
        var status = Z_OK
        input.withUnsafeMutableBufferPointer { input in
            stream.next_in = input.baseAddress
            stream.avail_in = UInt32(input.count)
            repeat {
                buffer.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    status = deflate(&stream, Z_FINISH)
                    output += out[..<(out.count - Int(stream.avail_out))]
                }
            } while status == Z_OK
        }
        guard status == Z_STREAM_END else { throw OutputError(path: path, reason: "cannot compress (zlib status \(status))") }
        return output
    }
}
