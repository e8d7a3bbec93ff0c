import BatchFiles
import Foundation
import Testing
import TestSupport

struct GzipTests {
    @Test func roundTripAndTransparentCSVReading() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let text = "a,b\n1,\"x,y\"\n" + String(repeating: "2,3\n", count: 100_000)
        try Gzip.write(Array(text.utf8), to: folder.path + "/t.csv.gz")
        let compressed = try FileBytes.read(folder.path + "/t.csv.gz")
        #expect(Gzip.isCompressed(compressed) && compressed.count < text.utf8.count / 20)
        #expect(try Gzip.decompress(path: folder.path + "/t.csv.gz") == Array(text.utf8))
        let table = try CSVTable(contentsOf: folder.path + "/t.csv.gz")
        #expect(table.header == ["a", "b"] && table.records.count == 100_001 && table.records[0].fields == ["1", "x,y"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["t.csv.gz"])
    }

    @Test func corruptDataIsAnErrorNamingTheFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Gzip.write(Array(String(repeating: "1,2\n", count: 10_000).utf8), to: folder.path + "/t.gz")
        var bytes = try FileBytes.read(folder.path + "/t.gz")
        bytes.removeLast(bytes.count / 2)
        let cut = try folder.write(bytes, to: "cut.gz")
        #expect(throws: FileBytes.ReadError.self) { try Gzip.decompress(path: cut) }
        do {
            _ = try CSVTable(contentsOf: cut)
            Issue.record("a truncated gzip file was read")
        } catch {
            #expect(error.path == cut)
        }
    }
}

struct LineReaderTests {
    @Test func readsPlainAndGzipLinesWithByteOrderMarkAndCRLF() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let text = Array("\u{FEFF}a,b\r\n1,2\n\n3,4".utf8)
        try AtomicFile.write(text, to: folder.path + "/plain.csv")
        try Gzip.write(text, to: folder.path + "/packed.csv.gz")
        for name in ["plain.csv", "packed.csv.gz"] {
            let reader = try LineReader(path: folder.path + "/" + name)
            var lines: [String] = []
            while let line = try reader.next() { lines.append(String(decoding: line, as: UTF8.self)) }
            #expect(lines == ["a,b", "1,2", "", "3,4"], "\(name)")
            #expect(reader.lineNumber == 4)
        }
        #expect(throws: FileBytes.ReadError.self) { try LineReader(path: folder.path + "/missing.csv") }
        #expect(throws: FileBytes.ReadError.self) { try LineReader(path: folder.path) }
    }

    @Test func longLinesSpanningChunksComeBackWhole() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let lines = (0..<5).map { String(repeating: "\($0)", count: 700_000) }
        try AtomicFile.write(Array(lines.joined(separator: "\n").utf8), to: folder.path + "/long.txt")
        let reader = try LineReader(path: folder.path + "/long.txt")
        var read: [String] = []
        while let line = try reader.next() { read.append(String(decoding: line, as: UTF8.self)) }
        #expect(read == lines)
    }
}

struct ShardTests {
    @Test func parsesAndPartitionsRowsIntoContiguousBlocks() {
        #expect(Shard("2/4") == Shard(index: 2, count: 4))
        for bad in ["4/4", "-1/4", "1", "a/b", "1/0", "1/2/3", ""] { #expect(Shard(bad) == nil, "\(bad)") }
        for total in [0, 1, 7, 100, 1001] {
            for count in 1...9 {
                let ranges = (0..<count).compactMap { Shard(index: $0, count: count)?.rows(of: total) }
                #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == total)
                #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
                #expect(ranges.allSatisfy { $0.count >= total / count && $0.count <= total / count + 1 })
            }
        }
    }

    @Test func filesGoToShardsByFNV1a64OfTheirPath() {
        // Published FNV-1a-64 test vectors.
        #expect(Shard.fnv1a64(Array("".utf8)) == 0xcbf2_9ce4_8422_2325)
        #expect(Shard.fnv1a64(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(Shard.fnv1a64(Array("foobar".utf8)) == 0x8594_4171_f739_67e8)
        let paths = (0..<200).map { "masks/sample_\($0).png" }
        for count in [1, 3, 8] {
            let shards = (0..<count).compactMap { Shard(index: $0, count: count) }
            #expect(paths.allSatisfy { path in shards.filter { $0.owns(file: path) }.count == 1 })
        }
    }
}
