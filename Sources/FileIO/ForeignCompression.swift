/// The compressions other than gzip that people keep tables in, by their names and magic numbers. ganfilter
/// reads plain and gzip files alone (zlib tells those apart), so an input that starts with one of these is an error
/// that names the compression and how to undo it, not a table of garbage; and no output is named for one.
public enum ForeignCompression: CaseIterable, Sendable {
    case xz, bzip2, zstd, zip, sevenZip, lzma, tar

    /// Its name, as a message says it.
    public var name: String {
        switch self {
        case .xz: "xz"
        case .bzip2: "bzip2"
        case .zstd: "zstd"
        case .zip: "zip"
        case .sevenZip: "7-Zip"
        case .lzma: "lzma"
        case .tar: "tar"
        }
    }

    /// The name endings (lower case) that say it: pandas infers the compression of a table from them.
    public var suffixes: [String] {
        switch self {
        case .xz: [".xz"]
        case .bzip2: [".bz2"]
        case .zstd: [".zst"]
        case .zip: [".zip"]
        case .sevenZip: [".7z"]
        case .lzma: [".lzma"]
        case .tar: [".tar", ".tgz"]
        }
    }

    /// The bytes a file of it starts with; nil where there are none to tell it by (lzma's header is a set of
    /// parameters, a tar archive's mark lies at byte 257, and a gzipped tar is gzip).
    public var magic: [UInt8]? {
        switch self {
        case .xz: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]
        case .bzip2: [0x42, 0x5A, 0x68]  // "BZh", then a block size and a block's magic (`starting`)
        case .zstd: [0x28, 0xB5, 0x2F, 0xFD]
        case .zip: [0x50, 0x4B, 0x03, 0x04]  // "PK\3\4"
        case .sevenZip: [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]
        case .lzma, .tar: nil
        }
    }

    /// How to turn the file `path` of it into a file ganfilter reads, as a message says it.
    public func remedy(for path: String) -> String {
        switch self {
        case .xz, .lzma: "xz -d \(path), or xz -dc \(path) | gzip > TABLE.gz"
        case .bzip2: "bunzip2 \(path), or bzip2 -dc \(path) | gzip > TABLE.gz"
        case .zstd: "zstd -d \(path), or zstd -dc \(path) | gzip > TABLE.gz"
        case .zip, .sevenZip, .tar: "extract the file from the archive"
        }
    }

    /// The compression whose magic number `bytes` starts with, if any.
    public static func starting(_ bytes: some Collection<UInt8>) -> ForeignCompression? {
        allCases.first { compression in
            guard let magic = compression.magic, bytes.starts(with: magic) else { return false }
            guard compression == .bzip2 else { return true }
            // "BZh" may begin a line of text: bzip2 follows it with a block size 1-9 and the first bytes of a block's
            // magic (pi's digits, 0x314159..., or those of the square root of pi, 0x177245... for an empty stream).
            let next = Array(bytes.dropFirst(3).prefix(2))
            return next.count == 2 && (0x31...0x39).contains(next[0]) && (next[1] == 0x31 || next[1] == 0x17)
        }
    }

    /// The compression whose name ending `path` has (any case), if any.
    public static func named(_ path: String) -> ForeignCompression? {
        let name = path.lowercased()
        return allCases.first { $0.suffixes.contains(where: name.hasSuffix) }
    }
}
