/// The text encodings other than UTF-8 that a table can come in: UTF-16, as Excel's "Unicode Text" and pandas'
/// `to_csv(encoding="utf-16")` save it, and UTF-32. Read as UTF-8, every other byte of such a file is a NUL and
/// no column is found by its name; so a table that starts with one of their byte order marks, or with text whose
/// every other byte is 0, is an error that names the encoding and how to convert it, not a header of garbage.
public enum ForeignTextEncoding: Sendable, Equatable {
    case utf16LittleEndian, utf16BigEndian, utf32LittleEndian, utf32BigEndian

    /// Its name, as a message says it.
    public var name: String {
        switch self {
        case .utf16LittleEndian: "UTF-16 (little-endian)"
        case .utf16BigEndian: "UTF-16 (big-endian)"
        case .utf32LittleEndian: "UTF-32 (little-endian)"
        case .utf32BigEndian: "UTF-32 (big-endian)"
        }
    }

    /// Its name for `iconv -f`.
    var iconvName: String {
        switch self {
        case .utf16LittleEndian, .utf16BigEndian: "UTF-16"
        case .utf32LittleEndian, .utf32BigEndian: "UTF-32"
        }
    }

    /// How to turn the file `path` in it into one ganfilter reads, as a message says it: the command that writes a
    /// UTF-8 copy beside it (`labels.csv` to `labels-utf8.csv`; through gzip for a `.gz`).
    public func remedy(for path: String) -> String {
        let compressed = Gzip.isCompressedName(path)
        let plain = compressed ? Gzip.uncompressedName(path) : path
        let name = plain.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? plain
        let stem = name.lastIndex(of: ".").map { name[..<$0] }.flatMap { $0.isEmpty ? nil : String($0) } ?? name
        let copy = String(plain.dropLast(name.count)) + stem + "-utf8" + name.dropFirst(stem.count) + (compressed ? ".gz" : "")
        let convert = "iconv -f \(iconvName) -t UTF-8"
        return "ganfilter reads UTF-8: save it with encoding=\"utf-8\" (pandas; Excel's \"CSV UTF-8\"), or "
            + (compressed ? "gzip -dc \(path) | \(convert) | gzip > \(copy)" : "\(convert) \(path) > \(copy)")
    }

    /// The encoding the first bytes of a file, `bytes`, are in, when it is one of these: by its byte order mark,
    /// or, without one, by text of one byte a character whose other byte (or three) are 0 (`"f\0i\0"`).
    public static func starting(_ bytes: some Collection<UInt8>) -> ForeignTextEncoding? {
        let head = Array(bytes.prefix(8))
        if head.starts(with: [0xFF, 0xFE, 0, 0]) { return .utf32LittleEndian }
        if head.starts(with: [0, 0, 0xFE, 0xFF]) { return .utf32BigEndian }
        if head.starts(with: [0xFF, 0xFE]) { return .utf16LittleEndian }
        if head.starts(with: [0xFE, 0xFF]) { return .utf16BigEndian }
        guard head.count == 8 else { return nil }
        func zeros(_ positions: [Int]) -> Bool { head.indices.allSatisfy { (head[$0] == 0) == positions.contains($0) } }
        if zeros([1, 2, 3, 5, 6, 7]) { return .utf32LittleEndian }
        if zeros([0, 1, 2, 4, 5, 6]) { return .utf32BigEndian }
        if zeros([1, 3, 5, 7]) { return .utf16LittleEndian }
        if zeros([0, 2, 4, 6]) { return .utf16BigEndian }
        return nil
    }
}
