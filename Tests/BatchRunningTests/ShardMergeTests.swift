import BatchRunning
import FileIO
import Foundation
import Testing
import TestSupport

/// The merge of shards' tables, below the command's checks of their records: the order of a single run, quoted
/// fields written as the tool writes them, a `.gz` output compressed as it streams, and a file in two shards.
struct ShardMergeTests {
    private static func record(_ index: Int, rows: Int) throws -> ShardRecord {
        ShardRecord(shard: try #require(Shard(index: index, count: 2)), input: "inputs", rows: rows)
    }

    @Test func rowsOfTablesMergeInTheirPlacesAndAFileInTwoShardsIsRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // Places: paths by their UTF-8 bytes, a stack's rows by index (s.npy[10] after s.npy[9]).
        let first = try folder.write(Array("file,status,index\nb.png,ok,\ns.npy[10],ok,10\n\"z,1.png\",error,\n".utf8), to: "p0.csv")
        let second = try folder.write(Array("file,status,index\na.png,ok,\ns.npy[9],ok,9\n".utf8), to: "p1.csv")
        let merged = try ShardMerge.csv([first, second], records: [try Self.record(0, rows: 3), try Self.record(1, rows: 2)])
        #expect(merged.count == 5)
        let expected = "file,status,index\na.png,ok,\nb.png,ok,\ns.npy[9],ok,9\ns.npy[10],ok,10\n\"z,1.png\",error,\n"
        for name in ["m.csv", "m.csv.gz"] {
            try merged.write(to: folder.path + "/" + name)
            let bytes = try FileBytes.read(folder.path + "/" + name)
            #expect(Gzip.isCompressed(bytes) == name.hasSuffix(".gz"))
            #expect(try Gzip.decompress(path: folder.path + "/" + name) == Array(expected.utf8), "\(name)")
        }
        // A megabyte a time: a table of many pieces is the same text.
        let many = (0..<40_000).map { "m\($0).png,ok,\($0 % 7)\n" }
        let big = try folder.write(Array(("file,status,n\n" + many.joined()).utf8), to: "big.csv")
        let empty = try folder.write(Array("file,status,n\n".utf8), to: "none.csv")
        try ShardMerge.csv([empty, big], records: [try Self.record(0, rows: 0), try Self.record(1, rows: 40_000)])
            .write(to: folder.path + "/big-merged.csv.gz")
        let sorted = many.sorted { UTF8Order.precedes($0.split(separator: ",")[0].description, $1.split(separator: ",")[0].description) }
        #expect(try Gzip.decompress(path: folder.path + "/big-merged.csv.gz") == Array(("file,status,n\n" + sorted.joined()).utf8))

        let again = try folder.write(Array("file,status,index\nb.png,ok,\n".utf8), to: "p2.csv")
        #expect {
            try ShardMerge.csv([first, again], records: [try Self.record(0, rows: 3), try Self.record(1, rows: 1)])
        } throws: { error in
            "\(error)" == "b.png is in both \(first) and \(again)"
        }
        #expect {
            try ShardMerge.csv([first, second], records: [try Self.record(0, rows: 2), try Self.record(1, rows: 2)])
        } throws: { error in
            "\(error)".contains("\(first) holds 3 rows but its shard record says 2")
        }
    }
}
