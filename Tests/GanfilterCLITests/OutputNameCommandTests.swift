import FileIO
import Foundation
import TestSupport
import Testing

/// An output is written as its name says: a table named `.gz` gzip-compressed (as pandas and gzip read such a
/// name), and a features table named `.jsonl` or `.ndjson` as JSON Lines when no `--format` is given. Each
/// compressed output holds exactly the bytes of the plain one, and reads back wherever the plain one does.
struct OutputNameCommandTests {
    private func setup() throws -> HostileInputTests.Setup { try HostileInputTests.Setup.shared.get() }

    private func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// Whether `compressed` is a gzip file whose content is the file `plain`.
    private func holds(_ compressed: String, theBytesOf plain: String) throws -> Bool {
        let (written, content, expected) = (try bytes(compressed), try Gzip.decompress(path: compressed), try bytes(plain))
        return Gzip.isCompressed(written) && content == expected
    }

    @Test func tablesNamedGzAreCompressedAndReadBack() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let masks = Fixtures.root + "/masks"
        let labels = masks + "/labels.csv"
        for output in ["f.csv", "f.csv.gz"] {
            let run = try CommandRunner.run(["features", masks, "--set", "all", "-o", output], in: folder.path)
            #expect(run.status == 0, "\(run.standardError)")
        }
        #expect(try holds(folder.path + "/f.csv.gz", theBytesOf: folder.path + "/f.csv"))
        #expect(try bytes(folder.path + "/f.csv.gz.json") == bytes(folder.path + "/f.csv.json"))
        for table in ["f.csv", "f.csv.gz"] {
            let train = try CommandRunner.run(["train", "--features", table, "--labels", labels, "-o", table + ".model.json", "--jobs", "1"],
                                              in: folder.path)
            #expect(train.status == 0, "\(train.standardError)")
        }
        let model = folder.path + "/f.csv.model.json"
        for (plain, compressed) in [("d.csv", "d.csv.gz"), ("n.csv", "n.csv.gz")] {
            for (output, table) in [(plain, "f.csv"), (compressed, "f.csv.gz")] {
                let run = plain == "d.csv"
                    ? try CommandRunner.run(["filter", "--features", table, "--model", model, "-o", output], in: folder.path)
                    : try CommandRunner.run(["label", "suggest", "--features", table, "--count", "7", "-o", output], in: folder.path)
                #expect(run.status == 0, "\(output): \(run.standardError)")
            }
            #expect(try holds(folder.path + "/" + compressed, theBytesOf: folder.path + "/" + plain), "\(compressed)")
        }
        // A model trained on the compressed table is the model trained on the plain one.
        #expect(try bytes(folder.path + "/f.csv.gz.model.json") == bytes(model))
    }

    @Test func aFeaturesTableNamedJsonlIsJsonLinesUnlessAFormatIsGiven() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let masks = Fixtures.root + "/masks"
        for (output, format) in [("given.txt", ["--format", "jsonl"]), ("f.jsonl", []), ("f.ndjson", []), ("f.jsonl.gz", []),
                                 ("c.jsonl", ["--format", "csv"]), ("c.csv", [])] {
            let run = try CommandRunner.run(["features", masks, "-o", output] + format, in: folder.path)
            #expect(run.status == 0, "\(output): \(run.standardError)")
        }
        let given = try bytes(folder.path + "/given.txt")
        #expect(given.first == UInt8(ascii: "{"))
        #expect(try bytes(folder.path + "/f.jsonl") == given)
        #expect(try bytes(folder.path + "/f.ndjson") == given)
        #expect(try holds(folder.path + "/f.jsonl.gz", theBytesOf: folder.path + "/given.txt"))
        #expect(try bytes(folder.path + "/c.jsonl") == bytes(folder.path + "/c.csv"))
        // JSON Lines carry their settings in every record: no settings file beside them.
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/f.jsonl.json"))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/c.jsonl.json"))
    }

    @Test func compressedShardsMergeIntoTheSingleRunsTable() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let masks = Fixtures.root + "/masks"
        for (single, shard) in [("f.csv", "s%d.csv.gz"), ("f.jsonl", "s%d.jsonl.gz")] {
            let run = try CommandRunner.run(["features", masks, "-o", single], in: folder.path)
            #expect(run.status == 0, "\(run.standardError)")
            let shards = (0..<3).map { String(format: shard, $0) }
            for (index, name) in shards.enumerated() {
                let part = try CommandRunner.run(["features", masks, "--shard", "\(index)/3", "-o", name], in: folder.path)
                #expect(part.status == 0, "\(name): \(part.standardError)")
                #expect(Gzip.isCompressed(try bytes(folder.path + "/" + name)), "\(name)")
            }
            let suffix = single.hasSuffix(".csv") ? ".csv" : ".jsonl"
            for merged in ["m" + suffix + ".gz", "m" + suffix] {
                let merge = try CommandRunner.run(["merge"] + shards + ["-o", merged], in: folder.path)
                #expect(merge.status == 0, "\(merged): \(merge.standardError)")
            }
            #expect(try holds(folder.path + "/m" + suffix + ".gz", theBytesOf: folder.path + "/" + single))
            #expect(try bytes(folder.path + "/m" + suffix) == bytes(folder.path + "/" + single))
        }
        // latent screen's indices stream compressed, and merge as the plain ones do.
        let screen = ["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors", s.vectors]
        #expect(try CommandRunner.run(screen + ["--indices", "k.txt"], in: folder.path).status == 0)
        for index in 0..<2 {
            let run = try CommandRunner.run(screen + ["--indices", "k\(index).txt.gz", "--shard", "\(index)/2"], in: folder.path)
            #expect(run.status == 0, "\(run.standardError)")
        }
        let merge = try CommandRunner.run(["merge", "k1.txt.gz", "k0.txt.gz", "-o", "km.txt.gz"], in: folder.path)
        #expect(merge.status == 0, "\(merge.standardError)")
        #expect(try holds(folder.path + "/km.txt.gz", theBytesOf: folder.path + "/k.txt"))
        #expect(!(try bytes(folder.path + "/k.txt")).isEmpty)
        let mixed = try CommandRunner.run(["merge", "k0.txt.gz", "s0.csv.gz", "-o", "x.txt"], in: folder.path)
        #expect(mixed.status == 64, "\(mixed.standardError)")
    }

    /// Decisions, suggestions and issues are CSV: an output named as JSON, JSON Lines or NumPy would leave CSV under
    /// a name pandas and NumPy read otherwise, and is a usage error before any work.
    @Test func aCSVOutputNamedAsAnotherFormatIsRefused() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let masks = Fixtures.root + "/masks"
        for name in ["d.json", "d.jsonl", "D.NDJSON.gz", "d.npy", "d.npz"] {
            let runs = [["filter", "--features", s.features, "--model", s.maskModel, "-o", name],
                        ["filter", masks + "/lung", "--reference", masks + "/lung256", "-o", name],
                        ["label", "suggest", "--features", s.features, "--count", "3", "-o", name],
                        ["latent", "assemble", "--vectors", s.vectors, "--outcomes", s.features, "--index-from-name", "--group", "g",
                         "--output", "a.csv", "--issues", name]]
            for arguments in runs {
                let run = try CommandRunner.run(arguments, in: folder.path)
                #expect(run.status == 64 && run.standardError.contains("this output is a CSV table"), "\(arguments): \(run.standardError)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "\(name)")
        }
        // A features table is CSV or JSON Lines: only names of JSON and NumPy are refused.
        for name in ["f.json", "F.JSON.GZ", "f.npy", "f.npz"] {
            let run = try CommandRunner.run(["features", masks, "-o", name], in: folder.path)
            #expect(run.status == 64 && run.standardError.contains("this output is a features table, CSV or JSON Lines"),
                    "\(name): \(run.standardError)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        for name in ["d.csv", "d.tsv", "d", "/dev/null"] {
            let run = try CommandRunner.run(["filter", "--features", s.features, "--model", s.maskModel, "-o", name], in: folder.path)
            #expect(run.status == 0, "\(name): \(run.standardError)")
        }
    }

    /// Every output kind (`OutputKind`) refuses the names of other formats before any work, and writes the names
    /// that fit: a model or a verification is plain JSON (not `.gz`, not `.csv`), a latent dataset CSV or `.npz` (not
    /// JSON, not `.npy`, not an `.npz` compressed again), kept indices text, and nothing is compressed but as gzip.
    @Test func everyOutputNamedAsAnotherFormatIsRefused() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let masks = Fixtures.root + "/masks"
        let outcomes = folder.path + "/outcomes.csv"
        try ("file,label\n" + (0..<40).map { "gan_\($0).png,\($0 % 3 == 0 ? "good" : "bad")\n" }.joined())
            .write(toFile: outcomes, atomically: true, encoding: .utf8)
        let commands: [(kind: String, arguments: (String) -> [String], refused: [String], written: [String])] = [
            ("a JSON document", { ["train", "--features", s.features, "--labels", masks + "/labels.csv", "--model", "logreg", "-o", $0] },
             ["m.json.gz", "m.csv", "M.NPZ", "m.jsonl", "m.json.xz"], ["m.json", "model"]),
            ("a JSON document", { ["latent", "train", "--data", s.latent, "--groups", "18_24m", "--models", "logreg", "-o", $0] },
             ["p.json.gz", "p.tsv", "p.npy"], ["p.json"]),
            ("a JSON document", { ["latent", "verify", "--model", s.prefilter, "--data", s.latent, "-o", $0] },
             ["v.csv", "v.json.gz"], ["v.json"]),
            ("a latent dataset", { ["latent", "assemble", "--vectors", s.vectors, "--outcomes", outcomes, "--index-from-name", "--group", "g",
                                    "-o", $0] },
             ["a.json", "a.npy", "a.npz.gz", "a.jsonl.gz", "a.csv.bz2", "a.csv.zst"], ["a.csv", "a.csv.gz", "a.npz"]),
            ("a latent dataset", { ["synth", "latent", "--records", "50", "--dimensions", "2", "-o", $0] },
             ["l.json", "l.csv.xz", "L.NPY"], ["l.csv", "l.npz"]),
            ("a CSV table", { ["filter", "--features", s.features, "--model", s.maskModel, "-o", $0] },
             ["d.csv.xz", "d.csv.zip", "d.tar"], ["d.tsv"]),
            ("a features table", { ["features", masks, "-o", $0] }, ["f.csv.bz2", "f.jsonl.xz"], ["f.jsonl.gz"]),
            ("lines of text", { ["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors", s.vectors, "--indices", $0] },
             ["k.npy", "k.json", "k.txt.xz"], ["k.txt", "k.txt.gz"]),
        ]
        for command in commands {
            for name in command.refused {
                let run = try CommandRunner.run(command.arguments(name), in: folder.path)
                #expect(run.status == 64 && run.standardError.contains("this output is \(command.kind)")
                        && run.standardError.contains(name), "\(command.arguments(name)): \(run.standardError)")
                #expect(!FileManager.default.fileExists(atPath: folder.path + "/" + name), "\(name)")
            }
            for name in command.written {
                let run = try CommandRunner.run(command.arguments(name), in: folder.path)
                #expect([0, 1].contains(run.status) && FileManager.default.fileExists(atPath: folder.path + "/" + name),
                        "\(command.arguments(name)): \(run.standardError)")
            }
        }
    }

    /// `gzip features.csv` leaves `features.csv.json` beside `features.csv.gz`: the compressed table is read with
    /// those settings, as the plain one was, and an own `features.csv.gz.json` comes first.
    @Test func aTableGzippedBesideItsSettingsIsReadWithThem() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let masks = Fixtures.root + "/masks"
        let reference = ["--reference", masks + "/lung256"]
        let features = try CommandRunner.run(["features", masks, "--set", "all", "-o", "f.csv"] + reference, in: folder.path)
        #expect(features.status == 0, "\(features.standardError)")
        let train = ["train", "--labels", masks + "/labels.csv", "--model", "logreg", "--jobs", "1"]
        #expect(try CommandRunner.run(train + ["--features", "f.csv", "-o", "plain.json"], in: folder.path).status == 0)
        try Gzip.write(try bytes(folder.path + "/f.csv"), to: folder.path + "/f.csv.gz")
        try FileManager.default.removeItem(atPath: folder.path + "/f.csv")
        let gzipped = try CommandRunner.run(train + ["--features", "f.csv.gz", "-o", "gzipped.json"], in: folder.path)
        #expect(gzipped.status == 0, "\(gzipped.standardError)")
        #expect(try bytes(folder.path + "/gzipped.json") == bytes(folder.path + "/plain.json"))
        // A settings file of the compressed name is the one read: here it names another feature set.
        let other = try String(contentsOfFile: folder.path + "/f.csv.json", encoding: .utf8)
            .replacingOccurrences(of: "\"feature_set\" : \"all\"", with: "\"feature_set\" : \"symmetry\"")
        #expect(other.contains("\"symmetry\""))
        try other.write(toFile: folder.path + "/f.csv.gz.json", atomically: true, encoding: .utf8)
        let refused = try CommandRunner.run(train + ["--features", "f.csv.gz", "-o", "refused.json"], in: folder.path)
        #expect(refused.status == 64 && refused.standardError.contains("f.csv.gz.json says feature set symmetry"), "\(refused.standardError)")
    }
}
