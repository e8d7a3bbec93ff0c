import Foundation
import LatentPrefilter
import NumpyFormats
import Testing
import TestSupport

/// `latent sample` and `latent verify` as a user runs them: train on one synthetic run, sample, verify on
/// another run of the same law (consistent) and on one whose outcomes no longer follow it (worse, exit 3).
struct LatentLoopCommandTests {
    @Test func sampleThenVerifyAFreshRunAndAStaleOne() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        func run(_ arguments: [String]) throws -> CommandRunner.Outcome { try CommandRunner.run(arguments, in: folder.path) }
        // One synthetic generator (a seed is a law), its records split in two runs: every other record each.
        _ = try run(["synth", "latent", "--records", "24000", "--dimensions", "8", "--seed", "1", "--output", "all.csv"])
        let all = try LatentDataset.read(folder.path + "/all.csv").dataset
        for (name, parity) in [("train.csv", 0), ("fresh.csv", 1), ("fresh.npz", 1)] {
            let rows = all.groups.indices.filter { $0 % 2 == parity }
            try LatentDataset(groups: rows.map { all.groups[$0] }, scores: all.scores.selecting(rows: rows),
                              latents: all.latents.selecting(rows: rows), targets: all.targets.mapValues { values in rows.map { values[$0] } })
                .write(to: folder.path + "/" + name, zDigits: nil)
        }
        let train = try run(["latent", "train", "--data", "train.csv", "--groups", "18_24m", "--output", "recorded.json", "--jobs", "1",
                             "--latent-distribution", "uniform"])
        #expect(train.status == 0, "\(train.standardError)")
        _ = try run(["latent", "train", "--data", "train.csv", "--groups", "18_24m", "--output", "plain.json", "--jobs", "1"])

        // Sampling needs the prior: recorded in the model, or given.
        let unknown = try run(["latent", "sample", "--model", "plain.json", "--group", "18_24m", "--count", "10", "--output", "z.npy"])
        #expect(unknown.status == 64 && unknown.standardError.contains("--latent-distribution"))
        let sample = try run(["latent", "sample", "--model", "recorded.json", "--group", "18_24m", "--count", "500", "--output", "z.npy",
                              "--seed", "5"])
        #expect(sample.status == 0, "\(sample.standardError)")
        #expect(sample.standardOutput.contains("wrote 500 vectors") && sample.standardOutput.contains("expected share of good images: 0."))
        #expect(try NumpyReader(path: folder.path + "/z.npy").header.rows == 500)
        let screen = try run(["latent", "screen", "--model", "recorded.json", "--group", "18_24m", "--vectors", "z.npy"])
        #expect(screen.standardOutput.contains("kept 500 of 500 vectors"), "\(screen.standardOutput)")
        let capped = try run(["latent", "sample", "--model", "recorded.json", "--group", "18_24m", "--count", "500", "--output", "y.npy",
                              "--max-draws", "600"])
        #expect(capped.status == 2 && capped.standardError.contains("acceptance rate"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/y.npy"))

        // A fresh run of the same law keeps the promise.
        let fresh = try run(["latent", "verify", "--model", "recorded.json", "--group", "18_24m", "--data", "fresh.csv", "--target", "valid",
                             "--output", "verify.json"])
        #expect(fresh.status == 0, "\(fresh.standardOutput)\(fresh.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path + "/verify.json")))
            as? [String: Any])
        #expect(Set(json.keys) == ["rows", "kept", "realised_precision", "realised_precision_low", "realised_precision_high", "base_precision",
                                   "realised_speedup", "realised_speedup_low", "realised_speedup_high", "predicted_precision",
                                   "predicted_precision_low", "predicted_precision_high",
                                   "predicted_speedup", "predicted_speedup_low", "predicted_speedup_high", "verdict",
                                   "vectors_seen_in_training"])
        #expect(json["verdict"] as? String == "consistent" && (json["rows"] as? Int) == 2000)
        // None of the fresh run's vectors was trained on (a sketch's chance hit is about 1 in 2,000), so no warning.
        #expect((json["vectors_seen_in_training"] as? Int).map { $0 <= 5 } == true && !fresh.standardError.contains("warning"))
        // Verifying on the training data itself says so; its verdict stands, as the file holds.
        let own = try run(["latent", "verify", "--model", "recorded.json", "--group", "18_24m", "--data", "train.csv", "--target", "valid",
                           "--output", "own.json"])
        #expect(own.standardError.contains("warning: train.csv: 2000 of the 2000 vectors (100%) are vectors the model was trained or tested on"),
                "\(own.standardError)")
        let ownJSON = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path + "/own.json")))
            as? [String: Any])
        #expect(ownJSON["vectors_seen_in_training"] as? Int == 2000)
        // A model file is untrusted: a damaged sketch refuses the file, by name.
        let recorded = try String(contentsOfFile: folder.path + "/recorded.json", encoding: .utf8)
        #expect(recorded.contains("\"hash_count\" : 11"))
        try recorded.replacingOccurrences(of: "\"hash_count\" : 11", with: "\"hash_count\" : 99")
            .write(toFile: folder.path + "/damaged.json", atomically: true, encoding: .utf8)
        let damaged = try run(["latent", "verify", "--model", "damaged.json", "--group", "18_24m", "--data", "fresh.csv", "--target", "valid"])
        #expect(damaged.status == 64 && damaged.standardError.contains("seen_vectors: hash_count must be in 1...64, got 99"), "\(damaged.standardError)")
        let fromArchive = try run(["latent", "verify", "--model", "recorded.json", "--group", "18_24m", "--data", "fresh.npz", "--target", "valid"])
        #expect(fromArchive.status == 0 && fromArchive.standardOutput == fresh.standardOutput, "the .npz of the same run verifies the same")

        // The generator changed: the same vectors now give good images where they used to give bad ones.
        var stale = try LatentDataset.read(folder.path + "/fresh.csv").dataset
        stale.targets["passed"] = stale.valid.map { !$0 }
        try stale.write(to: folder.path + "/stale.csv")
        let worse = try run(["latent", "verify", "--model", "recorded.json", "--group", "18_24m", "--data", "stale.csv", "--target", "passed"])
        #expect(worse.status == 3 && worse.standardOutput.contains("verdict: worse"), "\(worse.standardOutput)\(worse.standardError)")
        let noColumn = try run(["latent", "verify", "--model", "recorded.json", "--group", "18_24m", "--data", "fresh.csv", "--target", "passed"])
        #expect(noColumn.status == 64 && noColumn.standardError.contains("no 0/1 column 'passed'"))
    }
}
