import FileIO
import Foundation

/// One part of a job split across machines (`--shard I/N`, I 0-based: Kubernetes' `JOB_COMPLETION_INDEX`, SLURM's
/// `--array=0-(N-1)`). Files belong to shard `FNV-1a-64(UTF-8 path) mod N`; rows to contiguous blocks
/// `[I*n/N, (I+1)*n/N)`, keeping their global 0-based indices.
public struct Shard: Equatable, Sendable, CustomStringConvertible {
    /// This shard, 0-based.
    public let index: Int
    /// Number of shards.
    public let count: Int

    /// `I/N` with `0 <= I < N`; nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// Shard `index` of `count`; nil unless `0 <= index < count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// `I/N`.
    public var description: String { "\(index)/\(count)" }

    /// This shard's rows of `total`.
    public func rows(of total: Int) -> Range<Int> {
        // Multiplying first keeps the blocks exact; totals beyond 2^63 / N do not occur.
        (index * total / count)..<((index + 1) * total / count)
    }

    /// Whether the file named `path` (as given) belongs to this shard.
    public func owns(file path: String) -> Bool {
        Int(Self.fnv1a64(Array(path.utf8)) % UInt64(count)) == index
    }

    /// FNV-1a-64 (`FNV1a`) of `bytes`: the hash that assigns files to shards and names input lists.
    public static func fnv1a64(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash = FNV1a()
        hash.add(bytes: bytes)
        return hash.value
    }

    /// FNV-1a-64 of the bytes of the regular file at `path`, read in chunks (`FNV1a.add(file:)`: a FIFO or device
    /// is refused, never waited on).
    public static func fnv1a64(file path: String) throws(FileBytes.ReadError) -> UInt64 {
        var hash = FNV1a()
        try hash.add(file: path)
        return hash.value
    }
}

/// What `OUT.shard.json` records beside a shard's output, so that `merge` can check that all N shards of one
/// input are present and unedited: the shard, a digest of the whole input list (the same in every shard), the
/// rows written and a digest of the output's bytes.
public struct ShardRecord: Codable, Equatable, Sendable {
    /// This shard, 0-based.
    public var index: Int
    /// Number of shards.
    public var count: Int
    /// FNV-1a-64 (hex) of the whole input's description, the same in every shard of one run.
    public var inputDigest: String
    /// Rows this shard wrote.
    public var rows: Int
    /// FNV-1a-64 (hex) of the output's bytes as written; nil until `write(beside:)` computes it.
    public var contentDigest: String?

    /// The record of `shard` over an input described by `input` (the sorted file list, or a vector file's path
    /// and row count).
    public init(shard: Shard, input: String, rows: Int) {
        index = shard.index
        count = shard.count
        inputDigest = String(Shard.fnv1a64(Array(input.utf8)), radix: 16)
        self.rows = rows
    }

    /// Reads shard records: snake-case keys (`JSONFile`), and the camel-case keys of records written before.
    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// The largest shard record read (a few numbers and digests; a record is untrusted input like any file).
    public static let maximumBytes = 1 << 16

    /// The path of the record beside `output`.
    public static func path(beside output: String) -> String { output + ".shard.json" }

    /// Writes the record beside `output` (already written), with the digest of its bytes, atomically.
    public func write(beside output: String) throws(OutputError) {
        let digest: String
        do {
            digest = try Self.contentDigest(of: output)
        } catch {
            throw OutputError(path: output, reason: "cannot read it back for its digest: \(error.reason)")
        }
        var record = self
        record.contentDigest = digest
        try JSONFile.write(record, to: Self.path(beside: output))
    }

    /// FNV-1a-64 (hex) of the bytes of the regular file at `path`.
    public static func contentDigest(of path: String) throws(FileBytes.ReadError) -> String {
        String(try Shard.fnv1a64(file: path), radix: 16)
    }
}
