import Foundation
import MaskFeatures
import Testing
import TestSupport

/// `--shard I/N` and `ganfilter merge`: four shards merge into exactly what one run writes, and merging refuses
/// a missing shard, shards of other inputs, and a row twice.
struct ShardMergeCommandTests {
    static func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// A stack of 12 masks beside PNG files: shards merge into the single run's order, the stack's masks at its
    /// file's place by their index (`FILE.npy[2]` before `FILE.npy[10]`), not by their names' bytes.
    @Test func shardsOfAStackMergeInTheArraysOrder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (count, side) = (12, 24)
        let pixels = (0..<(count * side * side)).map { p -> UInt8 in
            let (mask, x, y) = (p / (side * side), p % side, p % (side * side) / side)
            return (4..<20).contains(y) && ((2..<(9 + mask % 3)).contains(x) || (14..<(21 - mask % 4)).contains(x)) ? 255 : 0
        }
        try folder.write(NpyBytes.header("{'descr': '|u1', 'fortran_order': False, 'shape': (\(count), \(side), \(side)), }") + pixels,
                         to: "masks.npy")
        let inputs = ["masks.npy", Fixtures.root + "/masks/lung"]
        for format in ["csv", "jsonl"] {
            let whole = try CommandRunner.run(["features"] + inputs + ["--format", format, "--output", "all.\(format)"], in: folder.path)
            #expect(whole.status == 0, "\(whole.standardError)")
            let parts = (0..<3).map { "part\($0).\(format)" }
            for (index, part) in parts.enumerated() {
                let run = try CommandRunner.run(["features"] + inputs + ["--format", format, "--output", part, "--shard", "\(index)/3"],
                                                in: folder.path)
                #expect(run.status == 0, "\(run.standardError)")
            }
            let merge = try CommandRunner.run(["merge"] + parts.reversed() + ["--output", "merged.\(format)"], in: folder.path)
            #expect(merge.status == 0, "\(merge.standardError)")
            let merged = try #require(Self.contents(folder.path + "/merged.\(format)"))
            #expect(merged == Self.contents(folder.path + "/all.\(format)"), "\(format)")
            let text = String(decoding: merged, as: UTF8.self)
            let second = try #require(text.range(of: "masks.npy[2]")), tenth = try #require(text.range(of: "masks.npy[10]"))
            #expect(second.lowerBound < tenth.lowerBound)
            if format == "csv" {
                // The merged settings record every size the shards measured, as the single run's do.
                let settings = try #require(try FeatureTableSettings.read(beside: folder.path + "/merged.csv"))
                #expect(settings.maskSizes?.sizes.map(\.description) == ["24x24", "512x512"])
                #expect(try settings == FeatureTableSettings.read(beside: folder.path + "/all.csv"))
            }
        }
    }

    @Test func fourFeatureAndDecisionShardsMergeToTheSingleRunByteForByte() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let masks = Fixtures.root + "/masks"
        let whole = try CommandRunner.run(["features", masks, "--output", "all.csv"], in: folder.path)
        #expect(whole.status == 0)
        var shardRows = 0
        for index in 0..<4 {
            let part = try CommandRunner.run(["features", masks, "--output", "part\(index).csv", "--shard", "\(index)/4", "--jobs", "2"],
                                             in: folder.path)
            #expect(part.status == 0, "\(part.standardError)")
            shardRows += try String(contentsOfFile: folder.path + "/part\(index).csv", encoding: .utf8).split(separator: "\n").count - 1
        }
        #expect(shardRows == 200)
        // Given in any order.
        let merge = try CommandRunner.run(["merge", "part2.csv", "part0.csv", "part3.csv", "part1.csv", "--output", "merged.csv"],
                                          in: folder.path)
        #expect(merge.status == 0, "\(merge.standardError)")
        #expect(Self.contents(folder.path + "/merged.csv") == Self.contents(folder.path + "/all.csv"))

        // JSON lines merge the same way.
        _ = try CommandRunner.run(["features", masks, "--format", "jsonl", "--output", "all.jsonl"], in: folder.path)
        for index in 0..<4 {
            _ = try CommandRunner.run(["features", masks, "--format", "jsonl", "--output", "p\(index).jsonl", "--shard", "\(index)/4"],
                                      in: folder.path)
        }
        _ = try CommandRunner.run(["merge", "p0.jsonl", "p1.jsonl", "p2.jsonl", "p3.jsonl", "--output", "m.jsonl"], in: folder.path)
        #expect(Self.contents(folder.path + "/m.jsonl") == Self.contents(folder.path + "/all.jsonl"))

        // Decisions from shards of a features file.
        _ = try CommandRunner.run(["train", "--features", "all.csv", "--labels", masks + "/labels.csv", "--output", "model.json",
                                   "--model", "logreg", "--param", "C=1", "--param", "penalty=l2"], in: folder.path)
        _ = try CommandRunner.run(["filter", "--features", "all.csv", "--model", "model.json", "--output", "decisions.csv"], in: folder.path)
        for index in 0..<4 {
            let part = try CommandRunner.run(["filter", "--features", "all.csv", "--model", "model.json", "--output", "d\(index).csv",
                                              "--shard", "\(index)/4"], in: folder.path)
            #expect(part.status == 0, "\(part.standardError)")
        }
        _ = try CommandRunner.run(["merge", "d0.csv", "d1.csv", "d2.csv", "d3.csv", "--output", "dm.csv"], in: folder.path)
        #expect(Self.contents(folder.path + "/dm.csv") == Self.contents(folder.path + "/decisions.csv"))

        // Refusals: a shard missing, a shard twice, shards of other inputs, a row twice.
        let missing = try CommandRunner.run(["merge", "part0.csv", "part1.csv", "part2.csv", "--output", "x.csv"], in: folder.path)
        #expect(missing.status == 2 && missing.standardError.contains("shard 3/4 is missing"))
        let twice = try CommandRunner.run(["merge", "part0.csv", "part0.csv", "part1.csv", "part2.csv", "--output", "x.csv"],
                                          in: folder.path)
        #expect(twice.status == 2 && twice.standardError.contains("given twice"))
        _ = try CommandRunner.run(["features", masks + "/lung", "--output", "other0.csv", "--shard", "0/4"], in: folder.path)
        let other = try CommandRunner.run(["merge", "other0.csv", "part1.csv", "part2.csv", "part3.csv", "--output", "x.csv"],
                                          in: folder.path)
        #expect(other.status == 2 && other.standardError.contains("other inputs"))
        try FileManager.default.copyItem(atPath: folder.path + "/part0.csv", toPath: folder.path + "/dup.csv")
        let row = try String(contentsOfFile: folder.path + "/part1.csv", encoding: .utf8).split(separator: "\n")[1]
        try (String(contentsOfFile: folder.path + "/dup.csv", encoding: .utf8) + row + "\n")
            .write(toFile: folder.path + "/dup.csv", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: folder.path + "/part0.csv.shard.json", toPath: folder.path + "/dup.csv.shard.json")
        let duplicate = try CommandRunner.run(["merge", "dup.csv", "part1.csv", "part2.csv", "part3.csv", "--output", "x.csv"],
                                              in: folder.path)
        #expect(duplicate.status == 2 && duplicate.standardError.contains("changed after its shard wrote it"),
                "an edited shard is refused by its content digest")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/x.csv"))
        let noRecord = try CommandRunner.run(["merge", "all.csv", "--output", "x.csv"], in: folder.path)
        #expect(noRecord.status == 2 && noRecord.standardError.contains("shard.json"))
        let stdout = try CommandRunner.run(["features", masks, "--shard", "0/2"], in: folder.path)
        #expect(stdout.status == 64)
    }

    @Test func screenShardsMergeToTheWholeRun() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try CommandRunner.run(["synth", "latent", "--records", "1200", "--dimensions", "8", "--output", "latent.csv"], in: folder.path)
        _ = try CommandRunner.run(["latent", "train", "--data", "latent.csv", "--groups", "18_24m", "--output", "prefilter.json"],
                                  in: folder.path)
        let screen = ["latent", "screen", "--model", "prefilter.json", "--group", "18_24m", "--vectors", "latent.csv",
                      "--accept-threshold", "0.04"]
        _ = try CommandRunner.run(screen + ["--output", "kept.npy", "--indices", "kept.txt"], in: folder.path)
        for index in 0..<3 {
            let part = try CommandRunner.run(screen + ["--output", "k\(index).npy", "--indices", "i\(index).txt", "--shard", "\(index)/3"],
                                             in: folder.path)
            #expect(part.status == 0, "\(part.standardError)")
        }
        let npy = try CommandRunner.run(["merge", "k1.npy", "k0.npy", "k2.npy", "--output", "km.npy"], in: folder.path)
        #expect(npy.status == 0, "\(npy.standardError)")
        _ = try CommandRunner.run(["merge", "i2.txt", "i1.txt", "i0.txt", "--output", "im.txt"], in: folder.path)
        #expect(Self.contents(folder.path + "/km.npy") == Self.contents(folder.path + "/kept.npy"))
        #expect(Self.contents(folder.path + "/im.txt") == Self.contents(folder.path + "/kept.txt"))
        let mixed = try CommandRunner.run(["merge", "k0.npy", "i1.txt", "--output", "x.npy"], in: folder.path)
        #expect(mixed.status == 64)
    }
}
