import BatchRunning
import Foundation
import Testing

/// Shards, exit statuses and the CPU count.
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

    @Test func aShardOutputsKindIsItsNameWithOrWithoutGz() {
        let kinds: [(String, ShardMerge.Kind?)] = [
            ("f.csv", .csv), ("F.CSV.GZ", .csv), ("f.jsonl", .jsonLines), ("f.jsonl.gz", .jsonLines), ("k.txt", .indices),
            ("k.txt.gz", .indices), ("z.npy", .npy), ("z.npy.gz", nil), ("f.gz", nil), ("f.json", nil), ("f", nil),
        ]
        for (name, kind) in kinds { #expect(ShardMerge.Kind(outputNamed: name) == kind, "\(name)") }
    }

    @Test func exitStatuses() {
        #expect(BatchOutcome(total: 3, failed: 0).exitStatus == 0)
        #expect(BatchOutcome(total: 3, failed: 1).exitStatus == 1)
        #expect(BatchOutcome(total: 3, failed: 3).exitStatus == 2)
        #expect(BatchOutcome(total: 0, failed: 0).exitStatus == 2)
    }
}
