import BatchRunning
import Foundation
import TestSupport
import Testing

/// A folder's manifest lists the files its run wrote, and a later run of the same command removes the earlier
/// run's files it no longer writes: only those, only unchanged, never an input, never outside the folder.
struct RunManifestTests {
    private func manifest(_ command: [String], outputs: [String], inputs: [String] = []) -> RunManifest {
        RunManifest(toolVersion: "test", command: command, seed: nil, inputs: inputs, outputs: outputs)
    }

    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    @Test func aLaterRunRemovesTheFilesItNoLongerWritesAndListsItsOwn() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let train = ["ganfilter", "train", "--features", "f.csv"]
        for name in ["roc.csv", "tree.txt", "part/curve.csv", "part/deep/x.csv", "mine.txt"] { try folder.write([1], to: name) }
        try manifest(train, outputs: ["roc.csv", "tree.txt", "part/curve.csv", "part/deep/x.csv"]).write(into: folder.path)
        let listed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path + "/manifest.json"))) as? [String: Any]
        #expect(listed?["outputs"] as? [String] == ["part/curve.csv", "part/deep/x.csv", "roc.csv", "tree.txt"])
        #expect(listed?["writer"] as? String == "train")

        try folder.write([2], to: "roc.csv")  // rewritten by the second run
        let refresh = try manifest(train + ["--model", "logreg"], outputs: ["roc.csv"]).write(into: folder.path)
        #expect(refresh.removed == ["part/curve.csv", "part/deep/x.csv", "tree.txt"])
        #expect(refresh.kept.isEmpty)
        #expect(!exists(folder.path + "/tree.txt") && !exists(folder.path + "/part"), "the emptied folders go too")
        #expect(exists(folder.path + "/roc.csv") && exists(folder.path + "/mine.txt"), "a file no run listed stays")
        #expect(refresh.note(folder: "rt")?.contains("removed 3 files an earlier run wrote in rt") == true)
        #expect(try manifest(train, outputs: ["roc.csv"]).write(into: folder.path) == RunManifest.Refresh(), "the same outputs remove nothing")
    }

    @Test func aFileChangedSinceOrAnInputOfThisRunIsKept() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let command = ["ganfilter", "latent", "train", "--data", "d.csv"]
        for name in ["edited.csv", "input.csv", "link.csv", "target.csv"] { try folder.write([1], to: name) }
        try FileManager.default.removeItem(atPath: folder.path + "/link.csv")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link.csv", withDestinationPath: folder.path + "/target.csv")
        try manifest(command, outputs: ["edited.csv", "input.csv", "link.csv"]).write(into: folder.path)
        Thread.sleep(forTimeInterval: 0.02)
        try folder.write([9], to: "edited.csv")
        let refresh = try manifest(command, outputs: [], inputs: [folder.path + "/input.csv"]).write(into: folder.path)
        #expect(refresh.removed.isEmpty)
        #expect(refresh.kept.map(\.file) == ["edited.csv", "input.csv", "link.csv"])
        #expect(refresh.kept.map(\.reason) == ["changed since that run", "an input of this run", "not a regular file"])
        #expect(exists(folder.path + "/edited.csv") && exists(folder.path + "/input.csv") && exists(folder.path + "/target.csv"))
        #expect(refresh.note(folder: "r")?.hasPrefix("kept 3 files an earlier run wrote in r and this one did not: edited.csv (changed since that run)") == true)
    }

    @Test func anotherCommandsOrAnOlderOrAHostileManifestRemovesNothingOutsideItsRule() throws {
        let parent = try TemporaryFolder()
        defer { parent.remove() }
        try parent.write([1], to: "outside.txt")
        let folder = parent.path + "/report"
        try parent.write([1], to: "report/score_statistics.csv")
        try manifest(["ganfilter", "latent", "analyze", "--data", "d"], outputs: ["score_statistics.csv"]).write(into: folder)
        #expect(try manifest(["ganfilter", "train"], outputs: ["roc.csv"]).write(into: folder) == RunManifest.Refresh())
        #expect(exists(folder + "/score_statistics.csv"), "another command's files are not this one's to remove")

        // Written before outputs were listed: no outputs, nothing removed.
        try parent.write(Array(#"{"command": "ganfilter train", "tool": "ganfilter"}"#.utf8), to: "report/manifest.json")
        #expect(try manifest(["ganfilter", "train"], outputs: []).write(into: folder) == RunManifest.Refresh())

        // A manifest is input like any other file: names that leave the folder are never removed.
        let hostile = #"{"writer": "train", "outputs": ["../outside.txt", "\#(parent.path)/outside.txt", "", "a//b", "score_statistics.csv"]}"#
        try parent.write(Array(hostile.utf8), to: "report/manifest.json")
        Thread.sleep(forTimeInterval: 0.02)
        try parent.write(Array(hostile.utf8), to: "report/manifest.json")  // its time after score_statistics.csv's
        let refresh = try manifest(["ganfilter", "train"], outputs: []).write(into: folder)
        #expect(refresh.removed == ["score_statistics.csv"])
        #expect(exists(parent.path + "/outside.txt"))
        for bad in [[UInt8](), Array("not json".utf8), Array(#"{"writer": "train", "outputs": "x"}"#.utf8)] {
            try parent.write(bad, to: "report/manifest.json")
            #expect(try manifest(["ganfilter", "train"], outputs: []).write(into: folder) == RunManifest.Refresh())
        }
    }

    /// A folder's digest is FNV-1a-64 of its files' paths and bytes in order, read a chunk at a time (a folder
    /// of masks can be larger than memory); a file that cannot be read (a FIFO) adds its path alone.
    @Test func aFoldersDigestHashesEachFilesPathAndBytesInOrder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let large = (0..<(3 << 19)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let a = try folder.write(Array("small".utf8), to: "a.png")
        let b = try folder.write(large, to: "b.png")
        let fifo = folder.path + "/c.png"
        #expect(mkfifo(fifo, 0o600) == 0)
        let whole = Array(a.utf8) + [0] + Array("small".utf8) + Array(b.utf8) + [0] + large + Array(fifo.utf8) + [0]
        #expect(RunManifest.digest(of: folder.path) == String(Shard.fnv1a64(whole), radix: 16))
        #expect(RunManifest.digest(of: b) == String(Shard.fnv1a64(large), radix: 16))
        #expect(RunManifest.digest(of: folder.path + "/none") == "missing")
    }

    @Test func theWriterIsTheCommandsWordsBeforeItsFirstOption() {
        #expect(manifest(["/usr/bin/ganfilter", "latent", "train", "--data", "x"], outputs: []).writer == "latent train")
        #expect(manifest(["ganfilter", "pipeline"], outputs: []).writer == "pipeline")
        #expect(manifest(["ganfilter"], outputs: []).writer == "")
    }
}
