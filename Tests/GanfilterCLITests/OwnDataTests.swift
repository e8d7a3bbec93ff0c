import FileIO
import Foundation
import LatentPrefilter
import Learning
import MaskImage
import Matrices
import NumpyFormats
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A user's own data run twice, and nothing corrupted without a word (the second hostile review): one regression test per
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
                       ["--copy-accepted", "gan"], ["--copy-accepted", "k", "--copy-rejected", "k"],
                       ["--copy-accepted", "new", "--copy-rejected", "./new/"]] {
            let run = try CommandRunner.run(["filter", "gan", "--reference", "R", "-o", "d.csv"] + copies, in: folder.path)
            #expect(run.status == 64, "\(copies): \(run.standardError)")
            #expect(!exists(folder.path + "/d.csv"), "\(copies)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/R").sorted() == before)
        let model = try CommandRunner.run(["filter", "gan", "--model", s.maskModel, "--copy-accepted", "gan/keep", "-o", "d.csv"],
                                          in: folder.path)
        #expect(model.status == 64 && model.standardError.contains("inside the input folder gan"), "\(model.standardError)")
    }

    /// A command that reads a features table, not its masks, never writes over one of them: the masks, through a
    /// link, and a stack the table's rows name are refused as outputs of `train`, `filter --features` and
    /// `label suggest`, before any work.
    @Test func anOutputIsNeverAMaskTheTableNames() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path + "/m", withIntermediateDirectories: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root + "/masks").filter { $0.hasSuffix(".png") }.sorted()
        for name in names.prefix(40) { try FileManager.default.copyItem(atPath: Fixtures.root + "/masks/" + name, toPath: folder.path + "/m/" + name) }
        try SampleStack.write(count: 40, to: folder.path + "/s.npy")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link.json", withDestinationPath: "m/" + names[1])
        let labels = Fixtures.root + "/masks/labels.csv"
        for table in ["m", "s.npy"] {
            let features = try CommandRunner.run(["features", table, "-o", "f.csv"], in: folder.path)
            #expect(features.status == 0, "\(features.standardError)")
            let mask = table == "m" ? "m/" + names[0] : "s.npy"
            let before = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/" + mask))
            var runs = [["train", "--features", "f.csv", "--labels", labels, "-o", mask],
                        ["filter", "--features", "f.csv", "--model", try setup().maskModel, "-o", mask],
                        ["label", "suggest", "--features", "f.csv", "--count", "3", "-o", mask]]
            if table == "m" { runs.append(["train", "--features", "f.csv", "--labels", labels, "-o", "link.json"]) }
            for arguments in runs {
                let run = try CommandRunner.run(arguments, in: folder.path)
                // filter and label suggest write CSV, train JSON: an output named .npy is refused for its name before it is compared.
                let said = ["a file of masks that --features f.csv names", "this output is a CSV table", "this output is a JSON document"]
                    .contains(where: run.standardError.contains)
                #expect(run.status == 64 && said, "\(arguments): \(run.standardError)")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/" + mask)) == before)
            #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/m/" + names[1])).starts(with: [0x89, 0x50, 0x4E, 0x47]))
        }
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

    /// A model, a table or vectors written to standard output (`-`, or a name leading to it such as
    /// `/dev/stdout`) are all that standard output holds: the summary for people goes to standard error. Written
    /// through such a link with standard output redirected to a file, they reach that file, and the link is
    /// neither replaced nor given a settings file beside it.
    @Test func dataOnStandardOutputAreAllItHolds() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let train = try CommandRunner.run(["train", "--features", s.features, "--labels", Fixtures.root + "/masks/labels.csv",
                                           "--model", "naive-bayes", "--output", "-"], in: folder.path)
        #expect(train.status == 0 && train.standardError.contains("model written to -"), "\(train.standardError)")
        let model = try JSONSerialization.jsonObject(with: Data(train.standardOutput.utf8)) as? [String: Any]
        #expect(model?["classifier"] != nil)
        let latent = try CommandRunner.run(["latent", "train", "--data", s.latent, "--groups", "18_24m", "--output", "-"], in: folder.path)
        #expect(latent.status == 0 && latent.standardError.contains("model written to -"), "\(latent.standardError)")
        #expect((try JSONSerialization.jsonObject(with: Data(latent.standardOutput.utf8)) as? [String: Any])?["format"] as? String
                == "ganfilter-latent-prefilter")

        #expect(symlink("/proc/self/fd/1", folder.path + "/out.csv") == 0)
        let redirected = folder.path + "/redirected.csv"
        #expect(FileManager.default.createFile(atPath: redirected, contents: nil))
        let features = try CommandRunner.run(["features", Fixtures.root + "/masks/lung", "--output", "out.csv"], in: folder.path,
                                             standardOutput: redirected)
        #expect(features.status == 0, "\(features.standardError)")
        #expect(try String(contentsOfFile: redirected, encoding: .utf8).hasPrefix("file,status,iou"))
        var info = stat()
        #expect(lstat(folder.path + "/out.csv", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
        #expect(!exists(folder.path + "/out.csv.json"))
    }

    /// A table's row order is not a result's: the same rows reversed (with their settings file) train the very
    /// same model, byte for byte.
    @Test func aReorderedTableTrainsTheSameModel() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let lines = try String(contentsOfFile: s.features, encoding: .utf8).split(separator: "\n")
        try folder.write(Array((([lines[0]] + lines.dropFirst().reversed()).joined(separator: "\n") + "\n").utf8), to: "reversed.csv")
        try folder.write(try [UInt8](Data(contentsOf: URL(fileURLWithPath: s.features + ".json"))), to: "reversed.csv.json")
        for (table, model) in [(s.features, "m1.json"), ("reversed.csv", "m2.json")] {
            let run = try CommandRunner.run(["train", "--features", table, "--labels", Fixtures.root + "/masks/labels.csv",
                                             "--model", "logreg", "-o", model], in: folder.path)
            #expect(run.status == 0, "\(run.standardError)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/m1.json"))
                == Data(contentsOf: URL(fileURLWithPath: folder.path + "/m2.json")))
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
        for (from, to) in [("\"symmetry\"", "\"anatomy\""), ("\"reference_digest\" : null", "\"reference_digest\" : \"0123456789abcdef\"")] {
            #expect(sidecar.contains(from))
            try sidecar.replacingOccurrences(of: from, with: to).write(toFile: folder.path + "/f.csv.json", atomically: true, encoding: .utf8)
            let train = try CommandRunner.run(["train", "--features", "f.csv", "--labels", Fixtures.root + "/masks/labels.csv", "-o", "m.json"],
                                              in: folder.path)
            #expect(train.status == 64 && train.standardError.contains("f.csv.json") && train.standardError.contains("f.csv"),
                    "\(train.standardError)")
            #expect(!exists(folder.path + "/m.json"))
        }
    }

    /// A table measured again with another grey threshold and copied over the first, its settings file left behind,
    /// is refused by every reader of the pair (the settings file's sampled rows differ), so no model learns it with
    /// settings it was not measured with. The same table filtered, reordered and given an index column as pandas
    /// writes it, or gzipped, still reads with its settings; so do shards merged.
    @Test func aSettingsFileWrittenWithAnotherTableIsRefused() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let masks = Fixtures.root + "/masks"
        let labels = masks + "/labels.csv"
        for (output, threshold) in [("f.csv", "128"), ("other.csv", "200")] {
            let run = try CommandRunner.run(["features", masks, "--threshold", threshold, "-o", output], in: folder.path)
            #expect(run.status == 0, "\(run.standardError)")
        }
        let measured = try String(contentsOfFile: folder.path + "/f.csv", encoding: .utf8)
        try FileManager.default.removeItem(atPath: folder.path + "/f.csv")
        try FileManager.default.copyItem(atPath: folder.path + "/other.csv", toPath: folder.path + "/f.csv")
        for arguments in [["train", "--features", "f.csv", "--labels", labels, "-o", "m.json"],
                          ["filter", "--features", "f.csv", "--model", s.maskModel, "-o", "d.csv"],
                          ["label", "suggest", "--features", "f.csv", "--count", "3", "-o", "n.csv"]] {
            let run = try CommandRunner.run(arguments, in: folder.path)
            #expect([2, 64].contains(run.status) && run.standardError.contains("f.csv.json was written with another table than f.csv holds"),
                    "\(arguments): \(run.standardError)")
        }
        #expect(!exists(folder.path + "/m.json") && !exists(folder.path + "/d.csv") && !exists(folder.path + "/n.csv"))

        // Every other row, in reverse, behind an index column: pandas' df[::2][::-1].to_csv("f.csv").
        let lines = measured.split(separator: "\n")
        let kept = lines.dropFirst().enumerated().filter { $0.offset % 2 == 0 }.map(\.element).reversed()
        let pandas = ([",\(lines[0])"] + kept.enumerated().map { "\($0.offset),\($0.element)" }).joined(separator: "\n") + "\n"
        try pandas.write(toFile: folder.path + "/f.csv", atomically: true, encoding: .utf8)
        try Gzip.write(Array(measured.utf8), to: folder.path + "/g.csv.gz")
        try FileManager.default.copyItem(atPath: folder.path + "/f.csv.json", toPath: folder.path + "/g.csv.json")
        for table in ["f.csv", "g.csv.gz"] {
            let run = try CommandRunner.run(["train", "--features", table, "--labels", labels, "--model", "logreg", "-o", "m.json"], in: folder.path)
            #expect(run.status == 0, "\(table): \(run.standardError)")
        }
        for index in 0..<3 {
            let run = try CommandRunner.run(["features", masks, "--shard", "\(index)/3", "-o", "s\(index).csv"], in: folder.path)
            #expect(run.status == 0, "\(run.standardError)")
        }
        let merge = try CommandRunner.run(["merge", "s2.csv", "s0.csv", "s1.csv", "-o", "merged.csv"], in: folder.path)
        #expect(merge.status == 0, "\(merge.standardError)")
        let merged = try CommandRunner.run(["train", "--features", "merged.csv", "--labels", labels, "--model", "logreg", "-o", "m.json"],
                                           in: folder.path)
        let (mergedSidecar, model) = (try String(contentsOfFile: folder.path + "/merged.csv.json", encoding: .utf8),
                                      try String(contentsOfFile: folder.path + "/m.json", encoding: .utf8))
        #expect(merged.status == 0 && mergedSidecar.contains("row_sample"), "\(merged.standardError)")
        #expect(!model.contains("row_sample"), "a model holds no sample")
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

    /// What input decides is bounded before it is allocated: an error (64 or 2) that says how much it would
    /// need, never an abort.
    @Test func inputSizedWorkIsRefusedBeforeItIsAllocated() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let mlp = try CommandRunner.run(["train", "--features", s.features, "--labels", Fixtures.root + "/masks/labels.csv", "--model", "mlp",
                                         "--param", "hidden_layer_sizes=100000x100000", "-o", "m.json"], in: folder.path)
        #expect(mlp.status == 64 && mlp.standardError.contains("too large") && mlp.standardError.contains("GiB"), "\(mlp.standardError)")
        let latentMLP = try CommandRunner.run(["latent", "train", "--data", s.latent, "--models", "mlp", "--param", "hidden_layer_sizes=100000x100000",
                                               "-o", "p.json"], in: folder.path)
        #expect(latentMLP.status == 64 && latentMLP.standardError.contains("too large"), "\(latentMLP.standardError)")
        // Every tree of a forest is kept: a billion would run out of memory after hours.
        let forest = try CommandRunner.run(["train", "--features", s.features, "--labels", Fixtures.root + "/masks/labels.csv", "--model", "forest",
                                            "--param", "n_estimators=1000000000", "-o", "m.json"], in: folder.path)
        #expect(forest.status == 64 && forest.standardError.contains("from 1 to 10000"), "\(forest.standardError)")

        // A model file larger than any real one is refused from its size (a sparse file: nothing is read).
        let huge = folder.path + "/huge.json"
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        #expect(truncate(huge, 1 << 30) == 0)
        let model = try CommandRunner.run(["filter", "--features", s.features, "--model", huge, "-o", "d.csv"], in: folder.path)
        #expect(model.status == 64 && model.standardError.contains("1 GiB") && model.standardError.contains("at most"), "\(model.standardError)")

        // An unknown top-level field is skipped, not built; the model works as before.
        var object = s.maskModelJSON
        object["junk"] = Array(repeating: 0.5, count: 200_000)
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: folder.path + "/junk.json"))
        let junk = try CommandRunner.run(["filter", "--features", s.features, "--model", "junk.json", "-o", "a.csv"], in: folder.path)
        let plain = try CommandRunner.run(["filter", "--features", s.features, "--model", s.maskModel, "-o", "b.csv"], in: folder.path)
        #expect(junk.status == 0 && plain.status == 0, "\(junk.standardError)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/a.csv")) == Data(contentsOf: URL(fileURLWithPath: folder.path + "/b.csv")))

        // An output that cannot fit is refused before the first draw; a full disk is 70, as for every output.
        let sample = ["latent", "sample", "--model", s.prefilter, "--group", "18_24m", "--latent-distribution", "uniform"]
        let endless = try CommandRunner.run(sample + ["--count", "1000000000000000", "-o", "z.npy"], in: folder.path)
        #expect(endless.status == 70 && endless.standardError.contains("free"), "\(endless.standardError)")
        #expect(!exists(folder.path + "/z.npy"))
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/full.npy", withDestinationPath: "/dev/full")
        let full = try CommandRunner.run(sample + ["--count", "100", "-o", "full.npy"], in: folder.path)
        #expect(full.status == 70, "\(full.standardError)")
        let screen = try CommandRunner.run(["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors", s.vectors,
                                            "--accept-threshold", "0", "--indices", "/dev/full"], in: folder.path)
        #expect(screen.status == 70, "\(screen.standardError)")
        // Many more --jobs than CPUs cost no more memory than the CPUs (the blocks held are capped), and the
        // same bytes.
        let many = try CommandRunner.run(sample + ["--count", "100", "--jobs", "100000", "-o", "many.npy"], in: folder.path)
        let one = try CommandRunner.run(sample + ["--count", "100", "--jobs", "1", "-o", "one.npy"], in: folder.path)
        #expect(many.status == 0 && one.status == 0, "\(many.standardError)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/many.npy")) == Data(contentsOf: URL(fileURLWithPath: folder.path + "/one.npy")))
    }

    /// A PNG of few bytes that decodes to more pixels than the anatomy columns measure is an error row that
    /// says so, before the work.
    @Test func anHugeMaskIsAnErrorRowForTheAnatomyColumns() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let side = 4097
        let image = GreyImage(width: side, height: side, pixels: (0..<side * side).map { UInt8(($0 % side + $0 / side) % 2 * 255) })
        _ = try folder.write(try PNGEncoder.encode(BinaryMask(image, threshold: 128)), to: "checker.png")
        let run = try CommandRunner.run(["features", "checker.png", "--set", "anatomy"], in: folder.path)
        #expect(run.status == 2 && run.standardOutput.contains("4097x4097") && run.standardOutput.contains("--set symmetry"), "\(run.standardOutput)")
        let symmetry = try CommandRunner.run(["features", "checker.png"], in: folder.path)
        #expect(symmetry.status == 0)
    }

    /// Usage errors are 64, found before any output: no model kind, a parameter given twice, a labels file
    /// without its label column.
    @Test func usageErrorsAreFoundBeforeAnyOutput() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let train = ["train", "--features", s.features, "--labels", Fixtures.root + "/masks/labels.csv", "-o", "m.json"]
        for extra in [["--model", ""], ["--param", "C=1", "--param", "C=10"]] {
            let run = try CommandRunner.run(train + extra, in: folder.path)
            #expect(run.status == 64, "\(extra): \(run.standardError)")
        }
        let latent = try CommandRunner.run(["latent", "train", "--data", s.latent, "--models", "", "-o", "p.json"], in: folder.path)
        #expect(latent.status == 64, "\(latent.standardError)")
        try "file,lab\na.png,good\n".write(toFile: folder.path + "/labels.csv", atomically: true, encoding: .utf8)
        let filter = try CommandRunner.run(["filter", "--features", s.features, "--model", s.maskModel, "--labels", "labels.csv", "-o", "d.csv"],
                                           in: folder.path)
        #expect(filter.status == 64 && filter.standardError.contains("no column named label"), "\(filter.standardError)")
        #expect(!exists(folder.path + "/d.csv"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["labels.csv"])
    }

    /// `latent verify` checks the target the model was trained on, and the one group of a one-group model,
    /// unless told otherwise; a model of several groups needs --group, and the message lists them.
    @Test func verifyTakesTheModelsTargetAndItsOnlyGroup() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let verify = try CommandRunner.run(["latent", "verify", "--model", s.prefilter, "--data", s.latent], in: folder.path)
        #expect([0, 3].contains(verify.status), "\(verify.standardError)")
        #expect(verify.standardOutput.contains("group 18_24m"), "\(verify.standardOutput)")
        let two = try CommandRunner.run(["latent", "train", "--data", s.latent, "--groups", "18_24m,58_64f", "-o", "two.json", "--jobs", "2"],
                                        in: folder.path)
        #expect(two.status == 0, "\(two.standardError)")
        let unnamed = try CommandRunner.run(["latent", "verify", "--model", "two.json", "--data", s.latent], in: folder.path)
        #expect(unnamed.status == 64 && unnamed.standardError.contains("18_24m, 58_64f"), "\(unnamed.standardError)")
        let wrong = try CommandRunner.run(["latent", "verify", "--model", "two.json", "--group", "x", "--data", s.latent], in: folder.path)
        #expect(wrong.status == 64 && wrong.standardError.contains("58_64f"), "\(wrong.standardError)")
    }

    /// The main job on a user's own masks runs no synthetic latent study and no shipped generator bench, and its
    /// page says so; run again into the same folder it refreshes its files.
    @Test func ownMasksMakeAReportOfOwnDataOnly() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let arguments = ["pipeline", "--masks", Fixtures.root + "/masks", "--labels", Fixtures.root + "/masks/labels.csv", "--output", "own",
                         "--jobs", "2"]
        let run = try CommandRunner.run(arguments, in: folder.path)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("no synthetic latent study") && run.standardError.contains("generator bench is left out"))
        let page = try String(contentsOfFile: folder.path + "/own/index.html", encoding: .utf8)
        #expect(page.contains("No latent records given") && !page.contains("id=\"latent\"") && !page.contains("id=\"generator\""))
        #expect(!exists(folder.path + "/own/latent") && !exists(folder.path + "/own/generator"))
        let again = try CommandRunner.run(arguments, in: folder.path)
        #expect(again.status == 0, "\(again.standardError)")
    }

    /// A model whose parameters make every score equal is refused when trained (exit 2, nothing written), not
    /// when it is used.
    @Test(arguments: [["--model", "logreg", "--param", "C=1e308"], ["--model", "tree", "--param", "min_samples_leaf=1000"],
                      ["--model", "naive-bayes", "--param", "var_smoothing=1e300"]])
    func degenerateModelsAreNeverWritten(arguments: [String]) throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let run = try CommandRunner.run(["train", "--features", s.features, "--labels", Fixtures.root + "/masks/labels.csv", "-o", "m.json"]
            + arguments, in: folder.path)
        #expect(run.status == 2 && run.standardError.contains("found no youden threshold"), "\(run.standardError)")
        #expect(!exists(folder.path + "/m.json"))
    }

    /// `synth masks` never mixes its set with other masks or replaces their labels; an earlier set is refreshed.
    @Test func synthMasksRefusesAFolderOfOtherMasks() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path + "/mine", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.root + "/masks/synthetic_00000.png", toPath: folder.path + "/mine/gan_1.png")
        try "file,label\ngan_1.png,good\n".write(toFile: folder.path + "/mine/labels.csv", atomically: true, encoding: .utf8)
        let refused = try CommandRunner.run(["synth", "masks", "--count", "5", "--output", "mine"], in: folder.path)
        #expect(refused.status == 64 && refused.standardError.contains("gan_1.png"), "\(refused.standardError)")
        #expect(try String(contentsOfFile: folder.path + "/mine/labels.csv", encoding: .utf8) == "file,label\ngan_1.png,good\n")
        for _ in 0..<2 {
            let set = try CommandRunner.run(["synth", "masks", "--count", "5", "--output", "set"], in: folder.path)
            #expect(set.status == 0, "\(set.standardError)")
        }
    }

    /// Copies reached again through a directory link inside a --recursive input are refused before any work.
    @Test func copiesAreNeverReadBackThroughALink() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.copyItem(atPath: Fixtures.root + "/masks/lung", toPath: folder.path + "/in")
        try FileManager.default.createDirectory(atPath: folder.path + "/keep/in", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.root + "/masks/synthetic_00000.png", toPath: folder.path + "/keep/in/copy.png")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/in/kept", withDestinationPath: folder.path + "/keep")
        let run = try CommandRunner.run(["filter", "in", "--recursive", "--model", s.maskModel, "--copy-accepted", "keep", "-o", "d.csv"],
                                        in: folder.path)
        #expect(run.status == 64 && run.standardError.contains("in/kept"), "\(run.standardError)")
        #expect(!exists(folder.path + "/d.csv"))
    }

    /// Messages that say what to do.
    @Test func messagesSayWhatToDo() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let train = ["train", "--features", s.features, "-o", "m.json", "--labels"]

        try "file;label\na.png;good\n".write(toFile: folder.path + "/semi.csv", atomically: true, encoding: .utf8)
        let semi = try CommandRunner.run(train + ["semi.csv"], in: folder.path)
        #expect(semi.status == 2 && semi.standardError.contains("'file;label'") && semi.standardError.contains("separated by ';'"),
                "\(semi.standardError)")

        try "file,label\nnope1.png,good\nnope2.png,bad\n".write(toFile: folder.path + "/none.csv", atomically: true, encoding: .utf8)
        let none = try CommandRunner.run(train + ["none.csv"], in: folder.path)
        #expect(none.status == 2 && none.standardError.contains("'nope1.png'") && none.standardError.contains("synthetic_00000.png")
                && none.standardError.contains("base name"), "\(none.standardError)")
        let filterNone = try CommandRunner.run(["filter", "--features", s.features, "--model", s.maskModel, "--labels", "none.csv", "-o", "d.csv"],
                                               in: folder.path)
        #expect(filterNone.standardError.contains("200 of 200 masks have no label"), "\(filterNone.standardError)")

        var many = try String(contentsOfFile: Fixtures.root + "/masks/labels.csv", encoding: .utf8)
        for index in 0..<12 { many += "extra\(index).png,maybe\n" }
        try many.write(toFile: folder.path + "/many.csv", atomically: true, encoding: .utf8)
        let manyBad = try CommandRunner.run(train + ["many.csv"], in: folder.path)
        #expect(manyBad.standardError.components(separatedBy: "label must be good").count == 6, "\(manyBad.standardError)")
        #expect(manyBad.standardError.contains("7 more unusable label lines"))

        for (strategy, message) in [("target-tpr=2", "takes a share in 0...1, got '2'"), ("bogus", "unknown strategy 'bogus'")] {
            let run = try CommandRunner.run(["filter", "--features", s.features, "--model", s.maskModel, "--strategy", strategy, "-o", "d.csv"],
                                            in: folder.path)
            #expect(run.status == 64 && run.standardError.contains(message), "\(run.standardError)")
        }
        // The same strategy spelt otherwise finds its stored threshold.
        let spelt = try CommandRunner.run(["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors", s.vectors,
                                           "--strategy", "weighted=1,1", "--indices", "k.txt"], in: folder.path)
        let youden = try CommandRunner.run(["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors", s.vectors,
                                            "--indices", "y.txt"], in: folder.path)
        #expect(spelt.status == 0 && spelt.standardOutput == youden.standardOutput, "\(spelt.standardError)")

        // Five vectors cannot judge a promise.
        let dataset = try LatentDataset.read(s.latent).dataset
        let few = (0..<dataset.count).filter { dataset.groups[$0] == "18_24m" }.prefix(5)
        var text = "group,valid," + (0..<8).map { "z\($0)" }.joined(separator: ",") + "\n"
        for row in few { text += "18_24m,\(dataset.valid[row] ? 1 : 0)," + (0..<8).map { "\(dataset.latents[row, $0])" }.joined(separator: ",") + "\n" }
        try text.write(toFile: folder.path + "/few.csv", atomically: true, encoding: .utf8)
        let verify = try CommandRunner.run(["latent", "verify", "--model", s.prefilter, "--data", "few.csv", "--strategy", "target-tpr=0.95"],
                                           in: folder.path)
        #expect(verify.status == 0 && verify.standardOutput.contains("too-few-rows"), "\(verify.standardOutput)\(verify.standardError)")
    }

    /// A model with realism columns used without --reference names the folder it was trained against.
    @Test func aRealismModelNamesItsReferenceFolder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let reference = Fixtures.root + "/masks/lung256"
        let masks = Fixtures.root + "/bench/generator/masks"
        let features = try CommandRunner.run(["features", masks, "--reference", reference, "-o", "f.csv"], in: folder.path)
        #expect(features.status == 0)
        let train = try CommandRunner.run(["train", "--features", "f.csv", "--labels", masks + "/labels.csv", "-o", "m.json"], in: folder.path)
        #expect(train.status == 0, "\(train.standardError)")
        let filter = try CommandRunner.run(["filter", masks, "--model", "m.json", "-o", "d.csv"], in: folder.path)
        #expect(filter.status == 64 && filter.standardError.contains(reference), "\(filter.standardError)")
    }

    /// Copies are keyed by their path below the input folder, a re-run finds them there, and --copy-mode sync
    /// makes the folder hold exactly this run's copies without touching the user's own files.
    @Test func copiesCanBeRunAgainAndSynced() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path + "/in/sub", withIntermediateDirectories: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root + "/masks/lung").filter { $0.hasSuffix(".png") }.sorted()
        for name in names.prefix(4) { try FileManager.default.copyItem(atPath: Fixtures.root + "/masks/lung/" + name, toPath: folder.path + "/in/sub/" + name) }
        let filter = ["filter", folder.path + "/in", "--recursive", "--model", s.maskModel, "--copy-accepted", "keep", "-o", "d.csv"]
        let first = try CommandRunner.run(filter + ["--accept-threshold", "0"], in: folder.path)
        #expect(first.status == 0, "\(first.standardError)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/keep/sub").sorted()
        #expect(kept == Array(names.prefix(4)), "keyed by the path below the input folder, not the absolute path")
        let again = try CommandRunner.run(filter + ["--accept-threshold", "0"], in: folder.path)
        #expect(again.status == 0 && again.standardError.contains("0 copied, 4 already there"), "\(again.standardError)")

        try Data("mine".utf8).write(to: URL(fileURLWithPath: folder.path + "/keep/notes.txt"))
        let sync = try CommandRunner.run(filter + ["--accept-threshold", "1", "--copy-mode", "sync"], in: folder.path)
        #expect(sync.status == 0 && sync.standardError.contains("4 earlier copies removed"), "\(sync.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/keep/sub").isEmpty)
        #expect(exists(folder.path + "/keep/notes.txt"))

        // A hand-edited manifest never makes sync remove a file outside the folder, through `..` or a link.
        try FileManager.default.createDirectory(atPath: folder.path + "/elsewhere", withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: folder.path + "/elsewhere/victim.txt"))
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: folder.path + "/victim.txt"))
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/keep/out", withDestinationPath: folder.path + "/elsewhere")
        try "{\"format\": \"ganfilter-copies\", \"files\": [\"../victim.txt\", \"out/victim.txt\", \"/tmp/x\"]}"
            .write(toFile: folder.path + "/keep/.ganfilter-copies.json", atomically: true, encoding: .utf8)
        let hostile = try CommandRunner.run(filter + ["--accept-threshold", "1", "--copy-mode", "sync"], in: folder.path)
        #expect(hostile.standardError.contains("lies outside"), "\(hostile.standardError)")
        #expect(exists(folder.path + "/victim.txt") && exists(folder.path + "/elsewhere/victim.txt"))
    }

    /// A table and its settings file are written as one pair under a lock on their folder, so concurrent runs
    /// writing the same -o never leave one run's table beside another's settings: a run waits while the pair
    /// is held, and two runs with other settings leave a matching pair.
    @Test func aTableAndItsSettingsAreWrittenAsOnePair() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let masks = Fixtures.root + "/masks"
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY)
        #expect(descriptor >= 0 && flock(descriptor, LOCK_EX) == 0)
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["features", masks, "-o", folder.path + "/f.csv"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        #expect(!exists(folder.path + "/f.csv"), "the run waits while the pair is held")
        flock(descriptor, LOCK_UN)
        close(descriptor)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && exists(folder.path + "/f.csv.json"))

        for radius in ["3", "5"] {
            _ = try CommandRunner.run(["features", masks, "--dilation-radius", radius, "-o", "r\(radius).csv"], in: folder.path)
        }
        for _ in 0..<4 {
            let runs = ["3", "5"].map { radius -> Process in
                let run = Process()
                run.executableURL = CommandRunner.executable
                run.arguments = ["features", masks, "--dilation-radius", radius, "-o", folder.path + "/both.csv"]
                run.standardError = FileHandle.nullDevice
                return run
            }
            try runs.forEach { try $0.run() }
            runs.forEach { $0.waitUntilExit() }
            let table = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/both.csv"))
            let radius = table == (try Data(contentsOf: URL(fileURLWithPath: folder.path + "/r3.csv"))) ? "3" : "5"
            let sidecar = try String(contentsOfFile: folder.path + "/both.csv.json", encoding: .utf8)
            #expect(sidecar.contains("\"dilation_radius\" : \(radius)"), "a table of radius \(radius) beside \(sidecar)")
        }
    }

    /// A vector whose values standardise to an infinity is never kept by a model behind a scaler (an SVC
    /// scores it as its bias otherwise), and is reported.
    @Test func vectorsThatStandardiseToInfinityAreNeverKept() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let train = try CommandRunner.run(["latent", "train", "--data", s.latent, "--groups", "18_24m", "--models", "svc", "-o", "svc.json"],
                                          in: folder.path)
        #expect(train.status == 0, "\(train.standardError)")
        let writer = try NumpyWriter(path: folder.path + "/huge.npy", elementType: .float64, columns: 8)
        try writer.append(Matrix(rows: 2, columns: 8, values: [Double](repeating: 1.79e308, count: 8) + [Double](repeating: 0, count: 8))!)
        try writer.finish()
        let screen = try CommandRunner.run(["latent", "screen", "--model", "svc.json", "--group", "18_24m", "--vectors", "huge.npy",
                                            "--accept-threshold", "-1000", "--indices", "k.txt"], in: folder.path)
        #expect(screen.status == 1 && screen.standardError.contains("row 0"), "\(screen.standardError)")
        #expect(try String(contentsOfFile: folder.path + "/k.txt", encoding: .utf8) == "1\n")
    }
}
