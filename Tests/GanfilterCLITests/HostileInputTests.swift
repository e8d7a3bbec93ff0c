import BatchRunning
import FileIO
import Foundation
import LatentPrefilter
import Learning
import Matrices
import NumpyFormats
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The defects found by trying ganfilter as an adversary would (the first hostile review), one regression test each: files
/// never clobbered, model files untrusted, nothing silently lost, bounded time and memory, clear messages.
/// Every input is made here.
@Suite struct HostileInputTests {
    /// A mask model, a latent prefilter and vectors made once and shared (read only) by the tests.
    struct Setup: Sendable {
        let folder: String
        var features: String { folder + "/features.csv" }
        var maskModel: String { folder + "/model.json" }
        var latent: String { folder + "/latent.csv" }
        var prefilter: String { folder + "/prefilter.json" }
        var vectors: String { folder + "/z.npy" }
        private let maskModelData: Data
        private let prefilterData: Data
        var maskModelJSON: [String: Any] { (try? JSONSerialization.jsonObject(with: maskModelData)) as? [String: Any] ?? [:] }
        var prefilterJSON: [String: Any] { (try? JSONSerialization.jsonObject(with: prefilterData)) as? [String: Any] ?? [:] }

        static let shared: Result<Setup, any Error> = Result {
            let folder = try TemporaryFolder.removedAtExit().path
            let masks = Fixtures.root + "/masks"
            _ = try CommandRunner.run(["features", masks, "-o", "features.csv"], in: folder)
            let train = try CommandRunner.run(["train", "--features", "features.csv", "--labels", masks + "/labels.csv", "-o", "model.json",
                                               "--jobs", "2"], in: folder)
            guard train.status == 0 else { throw OutputError(path: folder, reason: train.standardError) }
            _ = try CommandRunner.run(["synth", "latent", "--records", "1200", "--dimensions", "8", "--output", "latent.csv"], in: folder)
            let latentTrain = try CommandRunner.run(["latent", "train", "--data", "latent.csv", "--groups", "18_24m", "--output", "prefilter.json",
                                                     "--jobs", "2"], in: folder)
            guard latentTrain.status == 0 else { throw OutputError(path: folder, reason: latentTrain.standardError) }
            let dataset = try LatentDataset.read(folder + "/latent.csv").dataset
            let writer = try NumpyWriter(path: folder + "/z.npy", elementType: .float32, columns: 8)
            try writer.append(dataset.latents.selecting(rows: Array(0..<300)))
            try writer.finish()
            return Setup(folder: folder, maskModelData: try Data(contentsOf: URL(fileURLWithPath: folder + "/model.json")),
                         prefilterData: try Data(contentsOf: URL(fileURLWithPath: folder + "/prefilter.json")))
        }
    }

    private func setup() throws -> Setup { try Setup.shared.get() }

    private func writeJSON(_ object: Any, to path: String) throws {
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
    }

    private func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    private func kind(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    // MARK: 1. devices and FIFOs are written, never replaced

    @Test func anOutputThatIsADeviceOrAFIFOIsWrittenNotReplaced() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fifo = folder.path + "/out.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Hold the FIFO open for reading, so that the writer's open does not wait for a reader.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        let run = try CommandRunner.run(["features", Fixtures.root + "/masks/lung", "-o", fifo])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(kind(fifo) == S_IFIFO, "the FIFO is still a FIFO")
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let got = read(reader, &buffer, buffer.count)
        #expect(got > 0 && String(decoding: buffer[..<max(got, 0)], as: UTF8.self).hasPrefix("file,status"))
        // A character device of our own (the null device's numbers), so a regression cannot remove /dev/null.
        if geteuid() == 0 {
            let device = folder.path + "/null"
            #expect(mknod(device, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0)
            let toDevice = try CommandRunner.run(["features", Fixtures.root + "/masks/lung", "-o", device])
            #expect(toDevice.status == 0 && kind(device) == S_IFCHR, "the device is still a device")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["null", "out.fifo"], "no temporary left")
        }
    }

    // MARK: 2. an output that is an input is a usage error, before any work

    @Test func anOutputNamingAnInputOrAnotherOutputIsRefused() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let masks = folder.path + "/masks"
        try FileManager.default.copyItem(atPath: Fixtures.root + "/masks/lung", toPath: masks)
        let png = try #require(try FileManager.default.contentsOfDirectory(atPath: masks).sorted().first { $0.hasSuffix(".png") })
        let before = try bytes(masks + "/" + png)
        try FileManager.default.copyItem(atPath: s.vectors, toPath: folder.path + "/z.npy")
        try FileManager.default.copyItem(atPath: s.maskModel, toPath: folder.path + "/model.json")
        try FileManager.default.copyItem(atPath: s.maskModel, toPath: folder.path + "/model")
        try FileManager.default.copyItem(atPath: s.features, toPath: folder.path + "/features.csv")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link.txt", withDestinationPath: folder.path + "/z.npy")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/table.json", withDestinationPath: folder.path + "/features.csv")
        let labels = Fixtures.root + "/masks/labels.csv"
        let cases: [[String]] = [
            ["features", "masks", "-o", "masks/" + png],
            ["features", "masks", "-o", "./masks/../masks/" + png],
            ["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors", "z.npy", "--output", "z.npy"],
            ["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors", "z.npy", "--indices", "link.txt"],
            ["filter", "--features", "features.csv", "--model", "model", "-o", "model"],
            ["filter", "--features", "features.csv", "--model", "model.json", "-o", "features.csv"],
            ["train", "--features", "features.csv", "--labels", labels, "--output", "table.json"],
        ]
        for arguments in cases {
            let run = try CommandRunner.run(arguments, in: folder.path)
            #expect(run.status == 64 && run.standardError.contains("same file"), "\(arguments): \(run.standardError)")
        }
        // Kept vectors and kept indices are of two kinds (.npy, text), so one name for both is refused for its name first.
        let both = try CommandRunner.run(["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors", "z.npy",
                                          "--output", "k.npy", "--indices", "k.npy"], in: folder.path)
        #expect(both.status == 64 && both.standardError.contains("this output is lines of text"), "\(both.standardError)")
        #expect(try bytes(masks + "/" + png) == before)
        #expect(try NumpyReader(path: folder.path + "/z.npy").header.rows == 300)
        #expect(try MaskFilterModelCheck.loads(folder.path + "/model"))

        // A report folder that would replace an input: latent analyze --report DIR with --data DIR/issues.csv.
        try FileManager.default.createDirectory(atPath: folder.path + "/report", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: s.latent, toPath: folder.path + "/report/issues.csv")
        let report = try CommandRunner.run(["latent", "analyze", "--data", "report/issues.csv", "--report", "report"], in: folder.path)
        #expect(report.status == 64 && report.standardError.contains("would be overwritten"), "\(report.standardError)")
        #expect(try LatentDataset.read(folder.path + "/report/issues.csv").dataset.count == 1200)

        // latent assemble --output naming --outcomes.
        try "index,passed\n0,1\n1,0\n".write(toFile: folder.path + "/outcomes.csv", atomically: true, encoding: .utf8)
        let assemble = try CommandRunner.run(["latent", "assemble", "--vectors", "z.npy", "--outcomes", "outcomes.csv", "--group", "g",
                                              "--output", "outcomes.csv"], in: folder.path)
        let outcomes = try String(contentsOfFile: folder.path + "/outcomes.csv", encoding: .utf8)
        #expect(assemble.status == 64 && outcomes == "index,passed\n0,1\n1,0\n")

        // merge -o one of the shards.
        for shard in 0..<2 {
            _ = try CommandRunner.run(["features", "masks", "--shard", "\(shard)/2", "-o", "part\(shard).csv"], in: folder.path)
        }
        let part0 = try bytes(folder.path + "/part0.csv")
        let merge = try CommandRunner.run(["merge", "part0.csv", "part1.csv", "-o", "part0.csv"], in: folder.path)
        let part0After = try bytes(folder.path + "/part0.csv")
        #expect(merge.status == 64 && part0After == part0)
    }

    /// A folder output (`--report`, `--page`, `--copy-accepted`, `synth masks --output`) naming a file stops the
    /// command before any work, with a usage error that says so: nothing is written, the file is unchanged.
    @Test func aFolderOutputNamingAFileIsRefusedBeforeAnyWork() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try "not a folder\n".write(toFile: folder.path + "/taken", atomically: true, encoding: .utf8)
        let masks = Fixtures.root + "/masks/lung", labels = Fixtures.root + "/masks/labels.csv"
        let cases: [[String]] = [
            ["train", "--features", s.features, "--labels", labels, "-o", "m.json", "--report", "taken"],
            ["latent", "train", "--data", s.latent, "--groups", "18_24m", "-o", "m.json", "--report", "taken"],
            ["latent", "analyze", "--data", s.latent, "--report", "taken"],
            ["label", "suggest", "--features", s.features, "--count", "3", "-o", "m.csv", "--page", "taken"],
            ["filter", masks, "--model", s.maskModel, "-o", "m.csv", "--copy-accepted", "taken"],
            ["filter", masks, "--reference", masks, "-o", "m.csv", "--copy-rejected", "taken"],
            ["synth", "masks", "--count", "3", "--output", "taken"],
            ["pipeline", "--output", "taken", "--no-generator", "--no-latent"],
        ]
        for arguments in cases {
            let run = try CommandRunner.run(arguments, in: folder.path)
            #expect(run.status == 64 && run.standardError.contains("taken exists and is not a folder (a regular file)"),
                    "\(arguments): \(run.standardError)")
        }
        #expect(try String(contentsOfFile: folder.path + "/taken", encoding: .utf8) == "not a folder\n")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/m.json"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/m.csv"))
    }

    // MARK: 3. model files are untrusted

    @Test func badModelFieldsAreErrorsNamingTheFieldNeverTraps() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        func maskModel(_ edit: (inout [String: Any]) -> Void) throws -> String {
            var model = s.maskModelJSON
            edit(&model)
            let path = folder.path + "/mask-\(UUID().uuidString).json"
            try writeJSON(model, to: path)
            return path
        }
        func settings(_ key: String, _ value: Any) -> (inout [String: Any]) -> Void {
            { model in
                var settings = model["feature_settings"] as? [String: Any] ?? [:]
                settings[key] = value
                model["feature_settings"] = settings
            }
        }
        let cases: [(edit: (inout [String: Any]) -> Void, message: String)] = [
            (settings("dilation_radius", -3), "dilation_radius"),
            (settings("dilation_radius", 1_000_000_000), "dilation_radius"),
            (settings("grey_threshold", -1), "grey_threshold"),
            (settings("grey_threshold", 300), "grey_threshold"),
            (settings("dilation_radius", 1.5), "whole number"),
            ({ $0["version"] = "1" }, "version"),
        ]
        for (edit, message) in cases {
            let path = try maskModel(edit)
            let run = try CommandRunner.run(["filter", Fixtures.root + "/masks/lung", "--model", path, "-o", "-"])
            #expect(run.status == 64 && run.standardError.contains(message), "\(message): \(run.standardError)")
        }
        for text in ["{\"format\": \"ganfilter-mask-filter\", \"vers", "{\"format\": \"ganfilter-mask-filter\", \"version\": NaN}",
                     "{\"format\": \"ganfilter-mask-filter\", \"version\": 1, \"threshold\": 1e400}"] {
            try text.write(toFile: folder.path + "/bad.json", atomically: true, encoding: .utf8)
            let run = try CommandRunner.run(["filter", Fixtures.root + "/masks/lung", "--model", folder.path + "/bad.json", "-o", "-"])
            #expect(run.status == 64 && run.standardError.contains("not valid JSON"), "\(run.standardError)")
        }

        // A latent MLP whose layer sizes overflow, and a prefilter with one group twice.
        var prefilter = s.prefilterJSON
        var groups = prefilter["groups"] as? [[String: Any]] ?? []
        prefilter["groups"] = groups + groups
        try writeJSON(prefilter, to: folder.path + "/twice.json")
        var classifier = groups[0]["classifier"] as? [String: Any] ?? [:]
        classifier["kind"] = "mlp"
        classifier["layers"] = [["input_count": 1 << 62, "output_count": 4, "weights": [0.5], "biases": [0.1, 0.1, 0.1, 0.1]]]
        groups[0]["classifier"] = classifier
        prefilter["groups"] = groups
        try writeJSON(prefilter, to: folder.path + "/mlp.json")
        for (file, message) in [("twice.json", "appears twice"), ("mlp.json", "MLP layers")] {
            let run = try CommandRunner.run(["latent", "screen", "--model", folder.path + "/" + file, "--group", "18_24m", "--vectors", s.vectors])
            #expect(run.status == 64 && run.standardError.contains(message), "\(file): \(run.standardError)")
        }
    }

    // MARK: 4. merge never loses rows silently

    @Test func editedShardsAndLyingRecordsAreRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let masks = Fixtures.root + "/masks/lung"
        for shard in 0..<3 {
            _ = try CommandRunner.run(["features", masks, "--shard", "\(shard)/3", "-o", "part\(shard).csv"], in: folder.path)
        }
        let merge = ["merge", "part0.csv", "part1.csv", "part2.csv", "-o", "all.csv"]
        #expect(try CommandRunner.run(merge, in: folder.path).status == 0)
        let original = try String(contentsOfFile: folder.path + "/part1.csv", encoding: .utf8)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false)
        let record = try String(contentsOfFile: folder.path + "/part1.csv.shard.json", encoding: .utf8)
        let edits: [(file: String, text: String)] = [
            ("part1.csv", (lines.prefix(1) + lines.dropFirst(2)).joined(separator: "\n")),   // a row deleted
            ("part1.csv", String(lines[0]) + "\n"),                                            // cut to its header
            ("part1.csv.shard.json", record.replacingOccurrences(of: "\"rows\" : ", with: "\"rows\" : -5, \"x\" : ")),
        ]
        for edit in edits {
            try edit.text.write(toFile: folder.path + "/" + edit.file, atomically: true, encoding: .utf8)
            let run = try CommandRunner.run(merge, in: folder.path)
            #expect(run.status == 2, "\(edit.file): \(run.standardError)")
            try original.write(toFile: folder.path + "/part1.csv", atomically: true, encoding: .utf8)
            try record.write(toFile: folder.path + "/part1.csv.shard.json", atomically: true, encoding: .utf8)
        }
        // A record that is a FIFO is refused, not waited on; one larger than any record is refused unread.
        try FileManager.default.removeItem(atPath: folder.path + "/part1.csv.shard.json")
        #expect(mkfifo(folder.path + "/part1.csv.shard.json", 0o600) == 0)
        let fifo = try CommandRunner.run(merge, in: folder.path)
        #expect(fifo.status == 2 && fifo.standardError.contains("part1.csv.shard.json: not a regular file"), "\(fifo.standardError)")
        #expect(!fifo.standardError.contains("has a shard record beside it"), "a record that is there is not said to be missing")
        try FileManager.default.removeItem(atPath: folder.path + "/part1.csv.shard.json")
        try (String(repeating: " ", count: ShardRecord.maximumBytes) + record).write(toFile: folder.path + "/part1.csv.shard.json",
                                                                                       atomically: true, encoding: .utf8)
        let large = try CommandRunner.run(merge, in: folder.path)
        #expect(large.status == 2 && large.standardError.contains("shard record may be at most"), "\(large.standardError)")
        #expect(!large.standardError.contains("has a shard record beside it"), "\(large.standardError)")
        try FileManager.default.removeItem(atPath: folder.path + "/part1.csv.shard.json")
        let missing = try CommandRunner.run(merge, in: folder.path)
        #expect(missing.status == 2 && missing.standardError.contains("every output of a --shard run has a shard record beside it"),
                "\(missing.standardError)")
        // A record whose rows lie, digest intact: the row count is checked against the output.
        let lyingRows = record.replacingOccurrences(of: #""rows" : \d+"#, with: "\"rows\" : 999", options: .regularExpression)
        try lyingRows.write(toFile: folder.path + "/part1.csv.shard.json", atomically: true, encoding: .utf8)
        let lying = try CommandRunner.run(merge, in: folder.path)
        #expect(lying.status == 2 && lying.standardError.contains("its shard record says 999"), "\(lying.standardError)")
    }

    @Test func aDeletedIndexLineIsRefused() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let screen = ["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors", s.vectors, "--accept-threshold", "0.03"]
        for shard in 0..<2 {
            let run = try CommandRunner.run(screen + ["--shard", "\(shard)/2", "--indices", "i\(shard).txt"], in: folder.path)
            #expect(run.status == 0, "\(run.standardError)")
        }
        let text = try String(contentsOfFile: folder.path + "/i1.txt", encoding: .utf8)
        try String(text.split(separator: "\n").dropFirst().map { $0 + "\n" }.joined()).write(toFile: folder.path + "/i1.txt", atomically: true, encoding: .utf8)
        let run = try CommandRunner.run(["merge", "i0.txt", "i1.txt", "-o", "all.txt"], in: folder.path)
        #expect(run.status == 2 && !FileManager.default.fileExists(atPath: folder.path + "/all.txt"), "\(run.standardError)")
    }

    // MARK: 5, 6. bounded time and memory; messages cut to a readable length

    @Test func anEndlessLineIsRefusedWithAShortMessage() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let header = (0..<8).map { "z\($0)" }.joined(separator: ",") + "\n"
        let line = String(repeating: "0.5,", count: 5_000_000) + "x"   // 20 MB, one line
        try (header + line + "\n").write(toFile: folder.path + "/long.csv", atomically: true, encoding: .utf8)
        try Gzip.write(Array((header + String(repeating: "1", count: 40_000_000)).utf8), to: folder.path + "/bomb.csv.gz")
        // A dataset's header names its group column, or it is refused before the long line is reached.
        try ("group," + header + line + "\n").write(toFile: folder.path + "/long_dataset.csv", atomically: true, encoding: .utf8)
        try Gzip.write(Array(("group," + header + String(repeating: "1", count: 40_000_000)).utf8), to: folder.path + "/bomb_dataset.csv.gz")
        for (file, dataset) in [("long.csv", "long_dataset.csv"), ("bomb.csv.gz", "bomb_dataset.csv.gz")] {
            let screen = try CommandRunner.run(["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors", file],
                                               in: folder.path)
            #expect(screen.status == 2 && screen.standardError.contains("longer than 16 MiB") && screen.standardError.count < 2000,
                    "\(file): \(screen.standardError.prefix(300))")
            let analyze = try CommandRunner.run(["latent", "analyze", "--data", dataset], in: folder.path)
            #expect(analyze.status != 0 && analyze.standardError.contains("longer than 16 MiB") && analyze.standardError.count < 2000,
                    "\(dataset): \(analyze.standardError.prefix(300))")
        }
        // A bad 1 MB field is quoted cut short.
        try (header + String(repeating: "y", count: 1_000_000) + ",1,1,1,1,1,1,1\n" + Array(repeating: "0.5", count: 8).joined(separator: ",") + "\n")
            .write(toFile: folder.path + "/field.csv", atomically: true, encoding: .utf8)
        let field = try CommandRunner.run(["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors", "field.csv"],
                                          in: folder.path)
        #expect(field.standardError.count < 2000 && field.standardError.contains("bytes)"), "\(field.standardError.prefix(300))")
    }

    /// A table that inflates to more rows than the process may hold (a gzip bomb of short rows: labels, features,
    /// a latent dataset, per-image outcomes, vectors to assemble) is refused at the line where half the memory the process may use runs
    /// out (`MemoryBudget`; here a 1 GB address space, `ulimit -v`), naming the file and the line. Before, the
    /// features were read until an allocation failed and the process stopped with a trap, and the others were read
    /// whole, however many rows a few megabytes inflate to.
    @Test func aTableOfMoreRowsThanFitIsRefusedByItsLineNotATrap() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        func bomb(_ name: String, header: String, row: String, rows: Int) throws {
            let stream = try GzipStream(path: name)
            var bytes = try stream.compress(Array(header.utf8))
            let block = Array(String(repeating: row, count: 100_000).utf8)
            for _ in 0..<(rows / 100_000) { bytes += try stream.compress(block) }
            _ = try folder.write(bytes + (try stream.finish()), to: name)
        }
        try bomb("labels.csv.gz", header: "file,label\n", row: "a,good\n", rows: 3_000_000)
        try bomb("features.csv.gz", header: "file,status,iou,cosine,area_ratio,iou_dilated,cosine_dilated,area_ratio_dilated,error\n",
                 row: "a,ok,1,1,1,1,1,1,\n", rows: 3_000_000)
        try bomb("latent.csv.gz", header: "group,z0\n", row: "g,1\n", rows: 12_000_000)
        try bomb("outcomes.csv.gz", header: "file,passed\n", row: "a,1\n", rows: 6_000_000)
        try bomb("vectors.csv.gz", header: "z0,z1,z2,z3\n", row: "1,1,1,1\n", rows: 8_000_000)
        _ = try folder.write(Array("index,passed\n0,1\n1,0\n".utf8), to: "two.csv")
        let commands: [(file: String, arguments: [String])] = [
            ("labels.csv.gz", ["train", "--features", s.features, "--labels", "labels.csv.gz", "-o", "m.json"]),
            ("features.csv.gz", ["label", "suggest", "--features", "features.csv.gz", "--count", "3", "-o", "next.csv"]),
            ("latent.csv.gz", ["latent", "analyze", "--data", "latent.csv.gz"]),
            ("outcomes.csv.gz", ["latent", "assemble", "--vectors", s.vectors, "--outcomes", "outcomes.csv.gz", "--by-position", "-o", "d.csv"]),
            ("vectors.csv.gz", ["latent", "assemble", "--vectors", "vectors.csv.gz", "--outcomes", "two.csv", "--group", "g", "-o", "d.csv"]),
        ]
        for (file, arguments) in commands {
            let run = try CommandRunner.run(arguments, in: folder.path, addressSpaceKiB: 1_000_000)
            #expect(run.status == 2 && run.standardError.contains("\(file):") && run.standardError.contains("of memory, more than the")
                    && run.standardError.contains("one input may take here"), "\(file): \(run.status) \(run.standardError.suffix(400))")
        }
    }

    @Test func aPNGDeclaringAHugeTextChunkIsNotAllocated() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let png = PNGChunks.signature + PNGChunks.ihdr(width: 8, height: 8)
            + PNGChunks.bigEndian(0x7fff_fff0) + Array("tEXtabcd".utf8)
        try folder.write(png, to: "bomb.png")
        // The old reader allocated (and touched) the declared 2 GB before finding the file cut short; the peak
        // resident size is sampled from /proc while the process runs.
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["features", "bomb.png", "-o", "out.csv"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        process.standardError = FileHandle.nullDevice
        try process.run()
        var peakKB = 0
        while process.isRunning {
            let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
            if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") {
                peakKB = max(peakKB, kilobytes)
            }
            usleep(2_000)
        }
        #expect(process.terminationStatus == 2 && peakKB < 500_000, "peak \(peakKB) kB")
        #expect(try String(contentsOfFile: folder.path + "/out.csv", encoding: .utf8).contains("truncated PNG"))
    }

    // MARK: 7, 8. .npz trust, non-finite .npy rows

    @Test func npzCRCsEncryptionAndDuplicateMembersAreChecked() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let npy = try bytes(s.vectors)
        var corrupt = npy
        corrupt[corrupt.count - 3] ^= 0x40
        let archives: [(name: String, bytes: [UInt8], message: String)] = [
            ("good.npz", StoredZip.archive([("z.npy", npy, false)]), ""),
            ("crc.npz", StoredZip.archive([("z.npy", corrupt, false)], crcOf: [npy]), "CRC-32"),
            ("encrypted.npz", StoredZip.archive([("z.npy", npy, true)]), "encrypted"),
            ("twice.npz", StoredZip.archive([("z.npy", npy, false), ("z.npy", npy, false)]), "two members"),
        ]
        for archive in archives {
            try folder.write(archive.bytes, to: archive.name)
            let run = try CommandRunner.run(["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors", archive.name,
                                             "--accept-threshold", "0.03"], in: folder.path)
            if archive.message.isEmpty {
                #expect(run.status == 0, "\(run.standardError)")
            } else {
                #expect(run.status == 2 && run.standardError.contains(archive.message), "\(archive.name): \(run.standardError)")
            }
        }
    }

    /// Scratch files that cannot be written for want of space in TMPDIR (here a file-size limit) are reported as
    /// that, naming TMPDIR, never as a corrupt input: a deflated .npz member inflated, a Fortran-order stack
    /// rewritten in C order.
    @Test func scratchSpaceThatRunsOutIsNamedNotCalledACorruptInput() throws {
        let s = try setup()
        let runs: [(arguments: [String], status: Int32)] = [
            (["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors", Fixtures.path("npy/deflated_large.npz"),
              "--accept-threshold", "0"], 2),
            (["features", Fixtures.path("stacks/prob_f8_fortran.npy"), "-o", "-"], 2),
        ]
        for run in runs {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            // 16 blocks (8 KB in dash, 16 KB in bash) against the 256 KB member and the 47 KB stack; SIGXFSZ
            // ignored, so that a write past the limit fails (EFBIG) as a write to a full disk does.
            process.arguments = ["-c", "trap '' XFSZ; ulimit -f 16; exec \"$0\" \"$@\"", CommandRunner.executable.path] + run.arguments
            process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": folder.path]) { $1 }
            let error = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = error
            try process.run()
            let message = String(decoding: CommandRunner.readAll(error.fileHandleForReading), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == run.status, "\(run.arguments[0]): \(message)")
            #expect(message.contains("temporary file in \(folder.path) (TMPDIR)") && !message.contains("corrupt"), "\(message)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no scratch file is left")
        }
    }

    @Test func nonFiniteNpyRowsAreReportedAndNeverKept() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var rows = (0..<4).map { _ in [Double](repeating: 0.1, count: 8) }
        rows[1][3] = .nan
        rows[2][0] = -.infinity
        rows[3][7] = .infinity
        let writer = try NumpyWriter(path: folder.path + "/z.npy", elementType: .float64, columns: 8)
        try writer.append(try #require(Matrix(rowArrays: rows)))
        try writer.finish()
        let run = try CommandRunner.run(["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors", "z.npy",
                                         "--accept-threshold", "0", "--indices", "kept.txt"], in: folder.path)
        #expect(run.status == 1, "\(run.standardError)")
        for row in 1...3 { #expect(run.standardError.contains("row \(row): holds NaN or an infinite value")) }
        #expect(try String(contentsOfFile: folder.path + "/kept.txt", encoding: .utf8) == "0\n")
    }

    // MARK: 9, 10. temporary files removed on SIGTERM; standard output errors

    @Test func sigtermRemovesTemporaryFiles() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // A CSV that takes seconds to screen, so the signal comes mid-run.
        let row = (0..<8).map { _ in "0.123456789" }.joined(separator: ",") + "\n"
        try ("z0,z1,z2,z3,z4,z5,z6,z7\n" + String(repeating: row, count: 1_500_000)).write(toFile: folder.path + "/z.csv", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors", "z.csv",
                             "--accept-threshold", "0", "--output", "kept.npy", "--indices", "kept.txt"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var temporaries: [String] = []
        for _ in 0..<500 where temporaries.isEmpty {
            usleep(20_000)
            temporaries = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp-") }
        }
        #expect(!temporaries.isEmpty, "the run had started writing")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp-") }
        #expect(left.isEmpty, "\(left)")
    }

    @Test func aFailedWriteToStandardOutputIsExit70() throws {
        let s = try setup()
        for arguments in [["latent", "speedup", "--before", "10/100", "--after", "20/100"],
                          ["latent", "analyze", "--data", s.latent],
                          ["features", Fixtures.root + "/masks/lung"]] {
            let run = try CommandRunner.run(arguments, standardOutput: "/dev/full")
            #expect(run.status == 70, "\(arguments): \(run.standardError)")
        }
    }

    // MARK: 11-17. names beginning with -, duplicates, huge values, 0/1 columns, copies, messages

    @Test func aNameBeginningWithADashIsReachableAfterDoubleDash() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let source = try #require(try FileManager.default.contentsOfDirectory(atPath: Fixtures.root + "/masks").first { $0.hasSuffix(".png") })
        try FileManager.default.copyItem(atPath: Fixtures.root + "/masks/" + source, toPath: folder.path + "/-dash.png")
        let run = try CommandRunner.run(["features", "--", "-dash.png"], in: folder.path)
        #expect(run.status == 0 && run.standardOutput.contains("\n-dash.png,ok,"), "\(run.standardError)")
        let help = try CommandRunner.run(["features", "--help"]).standardOutput
        #expect(help.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("after --"))
    }

    @Test func aFileListedTwiceGetsOneErrorDecisionAndNoCopy() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var lines = try String(contentsOfFile: s.features, encoding: .utf8).split(separator: "\n").map(String.init)
        let twice = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        lines.append(([twice[0], twice[1], "0.01"] + twice.dropFirst(3)).joined(separator: ","))
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder.path + "/features.csv", atomically: true, encoding: .utf8)
        let run = try CommandRunner.run(["filter", "--features", "features.csv", "--model", s.maskModel, "-o", "decisions.csv",
                                         "--accept-threshold", "0", "--copy-accepted", "keep"], in: folder.path)
        #expect(run.status == 1, "\(run.standardError)")
        let decisions = try String(contentsOfFile: folder.path + "/decisions.csv", encoding: .utf8).split(separator: "\n")
        let rows = decisions.filter { $0.hasPrefix(twice[0] + ",") }
        #expect(rows.count == 1 && rows[0].contains(",error,") && rows[0].contains("listed 2 times"))
        let copied = (try? FileManager.default.subpathsOfDirectory(atPath: folder.path + "/keep")) ?? []
        #expect(!copied.contains { $0.hasSuffix(twice[0].split(separator: "/").last.map(String.init) ?? "?") })
    }

    @Test func hugeFiniteValuesTrainWithoutOverflow() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var lines = try String(contentsOfFile: s.features, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        lines[1][2] = "1e308"
        lines[2][2] = "-1.7e308"
        try (lines.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n").write(toFile: folder.path + "/f.csv", atomically: true, encoding: .utf8)
        let train = try CommandRunner.run(["train", "--features", "f.csv", "--labels", Fixtures.root + "/masks/labels.csv", "-o", "m.json",
                                           "--jobs", "2"], in: folder.path)
        #expect(train.status == 0, "\(train.standardError)")
        var latent = try String(contentsOfFile: s.latent, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let z0 = try #require(latent[0].firstIndex(of: "z0"))
        let rows = latent.indices.dropFirst().filter { latent[$0][0] == "18_24m" }
        latent[rows[0]][z0] = "1e308"
        latent[rows[1]][z0] = "-1e308"
        try (latent.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n").write(toFile: folder.path + "/l.csv", atomically: true, encoding: .utf8)
        let latentTrain = try CommandRunner.run(["latent", "train", "--data", "l.csv", "--groups", "18_24m", "-o", "p.json", "--jobs", "2"],
                                                in: folder.path)
        #expect(latentTrain.status == 0, "\(latentTrain.standardError)")
    }

    @Test func aFeatureRowThatIsNotANumberIsOneErrorNotAStoppedBatch() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var lines = try String(contentsOfFile: s.features, encoding: .utf8).split(separator: "\n").map(String.init)
        var fields = lines[3].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[3] = "NaN"
        lines[3] = fields.joined(separator: ",")
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder.path + "/f.csv", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: s.features + ".json", toPath: folder.path + "/f.csv.json")
        let filter = try CommandRunner.run(["filter", "--features", "f.csv", "--model", s.maskModel, "-o", "d.csv"], in: folder.path)
        #expect(filter.status == 1, "\(filter.standardError)")
        let decisions = try String(contentsOfFile: folder.path + "/d.csv", encoding: .utf8).split(separator: "\n")
        #expect(decisions.count == lines.count)
        #expect(decisions[3].hasPrefix(fields[0] + ",error,,") && decisions[3].contains("f.csv:4: cosine is not a finite number: 'NaN'"),
                "\(decisions[3])")
        #expect(decisions.filter { $0.contains(",error,") }.count == 1)
        let train = try CommandRunner.run(["train", "--features", "f.csv", "--labels", Fixtures.root + "/masks/labels.csv", "-o", "m.json",
                                           "--report", "r", "--jobs", "2"], in: folder.path)
        #expect(train.status == 1, "\(train.standardError)")
        #expect(try String(contentsOfFile: folder.path + "/r/excluded.csv", encoding: .utf8).contains("cosine is not a finite number"))
    }

    @Test func aMostlyBinaryColumnKeepsItsGoodRowsAndListsTheOthers() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var text = "index,passed,file\n"
        for index in 0..<20 { text += "\(index),\([ "1", "0", "2", "yes", ""][index < 17 ? index % 2 : index - 15]),img\(index).png\n" }
        try text.write(toFile: folder.path + "/outcomes.csv", atomically: true, encoding: .utf8)
        let run = try CommandRunner.run(["latent", "assemble", "--vectors", s.vectors, "--outcomes", "outcomes.csv", "--group", "g",
                                         "-o", "d.csv"], in: folder.path)
        #expect(run.status == 1, "\(run.standardError)")
        for line in [19, 20, 21] { #expect(run.standardError.contains("outcomes.csv:\(line): passed must be good, bad, 1 or 0")) }
        let dataset = try LatentDataset.read(folder.path + "/d.csv").dataset
        #expect(dataset.count == 17 && dataset.labels("passed")?.count == 17)
    }

    @Test func copiesAreNeverMadeInsideTheInputAndRefusedCopiesAreExit1() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.copyItem(atPath: Fixtures.root + "/masks/lung", toPath: folder.path + "/in")
        let inside = try CommandRunner.run(["filter", "in", "--recursive", "--model", s.maskModel, "--copy-accepted", "in/keep", "-o", "d.csv"],
                                           in: folder.path)
        #expect(inside.status == 64 && inside.standardError.contains("inside the input folder"), "\(inside.standardError)")
        let filter = ["filter", "in", "--model", s.maskModel, "--accept-threshold", "0", "--copy-accepted", "keep", "-o", "d.csv"]
        #expect(try CommandRunner.run(filter, in: folder.path).status == 0)
        // A file of the user's where a copy would go is never overwritten, and the copy not made is exit 1.
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/keep").first { $0.hasSuffix(".png") })
        try Data("mine".utf8).write(to: URL(fileURLWithPath: folder.path + "/keep/" + name))
        let again = try CommandRunner.run(filter, in: folder.path)
        #expect(again.status == 1 && again.standardError.contains("not overwritten"), "\(again.standardError)")
        #expect(try String(contentsOfFile: folder.path + "/keep/" + name, encoding: .utf8) == "mine")
    }

    @Test func messagesSayWhatIsWrong() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let npy = NpyBytes.header
        try folder.write(npy("{'descr': '<f4', 'shape': (2, 8), }"), to: "noorder.npy")
        try folder.write(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (12345678901234567890123456, 8), }"), to: "huge.npy")
        let screen = ["latent", "screen", "--model", s.prefilter, "--group", "18_24m", "--vectors"]
        let noOrder = try CommandRunner.run(screen + ["noorder.npy"], in: folder.path)
        #expect(noOrder.standardError.contains("no 'fortran_order'"), "\(noOrder.standardError)")
        let huge = try CommandRunner.run(screen + ["huge.npy"], in: folder.path)
        #expect(huge.standardError.contains("out of range"), "\(huge.standardError)")
        for arguments in [["features", "x", "--shard", "-1/4", "-o", "f.csv"], ["latent", "speedup", "--before", "-1/10", "--after", "1/10"],
                          ["features", "x", "--jobs", "-1"]] {
            let run = try CommandRunner.run(arguments, in: folder.path)
            #expect(run.status == 64 && !run.standardError.contains("Missing value") && run.standardError.contains("-1"), "\(run.standardError)")
        }
        let proc = try CommandRunner.run(["features", "/proc/self/status"])
        #expect(proc.standardOutput.contains("not a PNG file"), "\(proc.standardOutput)")
        try "file,label\na.png,good\na.png,bad\n".write(toFile: folder.path + "/labels.csv", atomically: true, encoding: .utf8)
        let labels = try CommandRunner.run(["filter", "--features", s.features, "--model", s.maskModel, "--labels", "labels.csv", "-o", "-"],
                                           in: folder.path)
        #expect(labels.standardError.contains("labels.csv: 'a.png' is labelled both good and bad"), "\(labels.standardError)")
        try "group,z0,passed\n,0.5,1\n\"a\nb\",0.5,1\ng,0.5,0\n".write(toFile: folder.path + "/groups.csv", atomically: true, encoding: .utf8)
        let groups = try CommandRunner.run(["latent", "train", "--data", "groups.csv", "--target", "passed", "-o", "p.json"], in: folder.path)
        #expect(groups.standardError.contains("2 rows left out") && groups.standardError.contains("must not be empty"), "\(groups.standardError)")
    }
}

/// Whether a mask model file still loads (it was not overwritten).
enum MaskFilterModelCheck {
    static func loads(_ path: String) throws -> Bool {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        return object?["format"] as? String == "ganfilter-mask-filter"
    }
}

/// Zip archives of stored members, written by hand: what `np.savez` writes, and its corruptions.
enum StoredZip {
    /// An archive of `members` (name, bytes, encrypted flag); `crcOf` gives other bytes to compute CRCs from.
    static func archive(_ members: [(name: String, bytes: [UInt8], encrypted: Bool)], crcOf: [[UInt8]]? = nil) -> [UInt8] {
        var file: [UInt8] = []
        var directory: [UInt8] = []
        for (index, member) in members.enumerated() {
            let name = Array(member.name.utf8)
            let crc = PNGChunks.crc32(crcOf?[index] ?? member.bytes)
            let flags: UInt16 = member.encrypted ? 1 : 0
            let offset = UInt32(file.count)
            file += le32(0x0403_4b50) + le16(20) + le16(flags) + le16(0) + le16(0) + le16(0) + le32(crc)
                + le32(UInt32(member.bytes.count)) + le32(UInt32(member.bytes.count)) + le16(UInt16(name.count)) + le16(0) + name + member.bytes
            directory += le32(0x0201_4b50) + le16(20) + le16(20) + le16(flags) + le16(0) + le16(0) + le16(0) + le32(crc)
                + le32(UInt32(member.bytes.count)) + le32(UInt32(member.bytes.count)) + le16(UInt16(name.count)) + le16(0) + le16(0)
                + le16(0) + le16(0) + le32(0) + le32(offset) + name
        }
        let directoryOffset = UInt32(file.count)
        return file + directory + le32(0x0605_4b50) + le16(0) + le16(0) + le16(UInt16(members.count)) + le16(UInt16(members.count))
            + le32(UInt32(directory.count)) + le32(directoryOffset) + le16(0)
    }

    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xff), UInt8(value >> 8)] }
    private static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xff) } }
}
