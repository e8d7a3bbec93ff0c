import Foundation
import TestSupport
import Testing

/// A user's own data run twice, and nothing corrupted without a word (issue 21): one regression test per
/// trap, every input made here.
struct OwnDataTests {
    private func setup() throws -> HostileInputTests.Setup { try HostileInputTests.Setup.shared.get() }

    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Copies into the reference would make the next run accept everything; accepted and rejected copies in
    /// one folder would mix. Each is a usage error before any work, a link to the folder included.
    @Test func copyFoldersNeverReachAReferenceOrAnInputOrEachOther() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path + "/R/sub", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder.path + "/gan", withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.root + "/masks/lung256").filter({ $0.hasSuffix(".png") }).prefix(6) {
            try FileManager.default.copyItem(atPath: Fixtures.root + "/masks/lung256/" + name, toPath: folder.path + "/R/" + name)
            try FileManager.default.copyItem(atPath: Fixtures.root + "/masks/lung256/" + name, toPath: folder.path + "/gan/g_" + name)
        }
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/toR", withDestinationPath: folder.path + "/R")
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/R").sorted()
        for copies in [["--copy-accepted", "R"], ["--copy-accepted", "toR"], ["--copy-rejected", "R/sub"], ["--copy-accepted", "./R/"],
                       ["--copy-accepted", "gan"], ["--copy-accepted", "k", "--copy-rejected", "k"]] {
            let run = try CommandRunner.run(["filter", "gan", "--reference", "R", "-o", "d.csv"] + copies, in: folder.path)
            #expect(run.status == 64, "\(copies): \(run.standardError)")
            #expect(!exists(folder.path + "/d.csv"), "\(copies)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/R").sorted() == before)
        let model = try CommandRunner.run(["filter", "gan", "--model", s.maskModel, "--copy-accepted", "gan/keep", "-o", "d.csv"],
                                          in: folder.path)
        #expect(model.status == 64 && model.standardError.contains("inside the input folder gan"), "\(model.standardError)")
    }

    /// An output that is one of the files its own report folder writes would be replaced by it.
    @Test func anOutputIsNeverOneOfItsReportsFiles() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path + "/rep", withIntermediateDirectories: true)
        let train = try CommandRunner.run(["train", "--features", s.features, "--labels", Fixtures.root + "/masks/labels.csv",
                                           "--output", "rep/summary.json", "--report", "rep"], in: folder.path)
        #expect(train.status == 64 && train.standardError.contains("rep/summary.json"), "\(train.standardError)")
        let latent = try CommandRunner.run(["latent", "train", "--data", s.latent, "--groups", "18_24m", "--output", "rep/manifest.json",
                                            "--report", "rep/"], in: folder.path)
        #expect(latent.status == 64 && latent.standardError.contains("manifest.json"), "\(latent.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/rep").isEmpty)
    }

    /// The settings file beside a features table is an input too.
    @Test func anInputsSettingsFileIsNeverAnOutput() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.copyItem(atPath: s.features, toPath: folder.path + "/f.csv")
        try FileManager.default.copyItem(atPath: s.features + ".json", toPath: folder.path + "/f.csv.json")
        let sidecar = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/f.csv.json"))
        let filter = try CommandRunner.run(["filter", "--features", "f.csv", "--model", s.maskModel, "-o", "f.csv.json"], in: folder.path)
        #expect(filter.status == 64, "\(filter.standardError)")
        let train = try CommandRunner.run(["train", "--features", "f.csv", "--labels", Fixtures.root + "/masks/labels.csv", "-o", "f.csv.json"],
                                          in: folder.path)
        #expect(train.status == 64, "\(train.standardError)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/f.csv.json")) == sidecar)
    }

    /// A settings file that names another feature set, or a reference the table has no columns for, is
    /// refused, naming both.
    @Test func aSettingsFileThatContradictsItsTableIsRefused() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.copyItem(atPath: s.features, toPath: folder.path + "/f.csv")
        let sidecar = try String(contentsOfFile: s.features + ".json", encoding: .utf8)
        for (from, to) in [("\"symmetry\"", "\"anatomy\""), ("\"dilation_radius\"", "\"reference_digest\": \"0123456789abcdef\", \"dilation_radius\"")] {
            #expect(sidecar.contains(from))
            try sidecar.replacingOccurrences(of: from, with: to).write(toFile: folder.path + "/f.csv.json", atomically: true, encoding: .utf8)
            let train = try CommandRunner.run(["train", "--features", "f.csv", "--labels", Fixtures.root + "/masks/labels.csv", "-o", "m.json"],
                                              in: folder.path)
            #expect(train.status == 64 && train.standardError.contains("f.csv.json") && train.standardError.contains("f.csv"),
                    "\(train.standardError)")
            #expect(!exists(folder.path + "/m.json"))
        }
    }

    /// A merge refused for a missing settings file leaves no output.
    @Test func aRefusedMergeWritesNothing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for index in 0..<2 {
            let shard = try CommandRunner.run(["features", Fixtures.root + "/masks", "--shard", "\(index)/2", "-o", "s\(index).csv"], in: folder.path)
            #expect(shard.status == 0)
        }
        try FileManager.default.removeItem(atPath: folder.path + "/s1.csv.json")
        let merge = try CommandRunner.run(["merge", "s0.csv", "s1.csv", "-o", "all.csv"], in: folder.path)
        #expect(merge.status == 2, "\(merge.standardError)")
        #expect(!exists(folder.path + "/all.csv") && !exists(folder.path + "/all.csv.json"))
    }

    /// A threshold that accepts or rejects at least 99% of what it is applied to says so on standard error,
    /// naming a stored strategy that does not; the exit status is unchanged.
    @Test func anExtremeThresholdWarnsAndNamesAStrategyThatIsNot() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let filter = ["filter", "--features", s.features, "--model", s.maskModel, "-o", "d.csv"]
        for threshold in ["0", "1"] {
            let run = try CommandRunner.run(filter + ["--accept-threshold", threshold], in: folder.path)
            #expect(run.status == 0)
            let warning = run.standardError.split(separator: "\n").first { $0.hasPrefix("warning:") }
            #expect(warning?.contains("--strategy ") == true, "\(run.standardError)")
        }
        let usual = try CommandRunner.run(filter, in: folder.path)
        #expect(usual.status == 0 && !usual.standardError.contains("warning:"), "\(usual.standardError)")

        let screen = ["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors", s.vectors, "--indices", "k.txt"]
        let all = try CommandRunner.run(screen + ["--accept-threshold", "0"], in: folder.path)
        #expect(all.status == 0 && all.standardError.contains("warning: the threshold 0.0 (--accept-threshold) accepts 300 of 300 vectors"),
                "\(all.standardError)")
        #expect(all.standardError.contains("(--strategy "))
        let youden = try CommandRunner.run(screen, in: folder.path)
        #expect(youden.status == 0 && !youden.standardError.contains("warning:"), "\(youden.standardError)")
        let sample = try CommandRunner.run(["latent", "sample", "--model", s.prefilter, "--group", "18_24m", "--count", "50",
                                            "--accept-threshold", "0", "--latent-distribution", "uniform", "-o", "z.npy"], in: folder.path)
        #expect(sample.status == 0 && sample.standardError.contains("warning:") && sample.standardError.contains("draws"),
                "\(sample.standardError)")
    }
}
