import CZlib

/// gzip files through zlib: datasets travel as `.csv.gz`, and any table named `.gz` is written so.
public enum Gzip {
    /// Whether an output named `path` is written gzip-compressed: its name ends in `.gz` (any case), as gzip,
    /// pandas and every reader of ganfilter take such a name.
    public static func isCompressedName(_ path: String) -> Bool {
        path.lowercased().hasSuffix(".gz")
    }

    /// `path` without its `.gz` (any case), as the name of what it compresses says its format; `path` itself when it
    /// does not end so.
    public static func uncompressedName(_ path: String) -> String {
        isCompressedName(path) ? String(path.dropLast(3)) : path
    }

    /// Writes `bytes` to `path` as its name says, with `AtomicFile`'s guarantees: gzip-compressed when the name
    /// ends in `.gz`, else as they are (`TableOutput`, in one piece).
    public static func writeAsNamed(_ bytes: [UInt8], to path: String) throws(OutputError) {
        let output = try TableOutput(path: path)
        try output.append(bytes)
        try output.finish()
    }

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
        let stream = try GzipStream(path: path)
        return try stream.compress(bytes) + stream.finish()
    }
}
