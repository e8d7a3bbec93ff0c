import Foundation
import LatentPrefilter
import MaskFeatures
import MaskImage
import NumpyFormats
import TestSupport
import Testing

/// Masks handed over as NumPy stacks (`features`, `filter`, then `latent assemble` on the `index` column): the
/// same masks as PNG files give byte-identical feature values, and every row says where in its stack it came from.
struct MaskStackCommandTests {
    private func setup() throws -> HostileInputTests.Setup { try HostileInputTests.Setup.shared.get() }

    /// Writes the grey images of `pngs` as one uint8 N x H x W stack at `path`.
    private func writeStack(_ pngs: [String], to path: String) throws {
        let images = try pngs.map { try PNGReader().greyImage(atPath: $0) }
        guard let first = images.first else { return }
        var bytes = NumpyHeader.encoded(descr: "|u1", shape: [images.count, first.height, first.width])
        for image in images { bytes += image.pixels }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    private func pngs(in folder: String, count: Int) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".png") }.sorted().prefix(count).map { folder + "/" + $0 }
    }

    /// The table's rows as fields, the header first.
    private func table(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func aStackGivesTheFeaturesOfTheSameMasksAsPNGFilesInItsOrder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let generated = try pngs(in: Fixtures.root + "/masks", count: 12)
        let real = try pngs(in: Fixtures.root + "/masks/lung256", count: 9)
        try FileManager.default.createDirectory(atPath: folder.path + "/png", withIntermediateDirectories: true)
        // Named so that the PNGs sort in the stack's order even past 10 (g_10 after g_09).
        for (index, file) in generated.enumerated() {
            try FileManager.default.copyItem(atPath: file, toPath: folder.path + String(format: "/png/g_%02d.png", index))
        }
        try writeStack(generated, to: folder.path + "/gen.npy")
        try writeStack(real, to: folder.path + "/real.npy")
        try FileManager.default.createDirectory(atPath: folder.path + "/real", withIntermediateDirectories: true)
        for file in real { try FileManager.default.copyItem(atPath: file, toPath: folder.path + "/real/" + (file as NSString).lastPathComponent) }

        for options in [["--set", "symmetry"], ["--set", "all"], ["--set", "anatomy", "--dilation-radius", "2", "--threshold", "200"]] {
            let fromPNG = try CommandRunner.run(["features", "png", "-o", "png.csv", "--jobs", "3"] + options, in: folder.path)
            let fromStack = try CommandRunner.run(["features", "gen.npy", "-o", "npy.csv", "--jobs", "2"] + options, in: folder.path)
            #expect(fromPNG.status == 0 && fromStack.status == 0, "\(fromStack.standardError)")
            let png = try table(folder.path + "/png.csv"), npy = try table(folder.path + "/npy.csv")
            #expect(npy[0] == png[0] + ["index"], "\(options)")
            #expect(npy.dropFirst().map { Array($0.dropFirst().dropLast()) } == png.dropFirst().map { Array($0.dropFirst()) }, "\(options)")
            #expect(npy.dropFirst().map(\.[0]) == (0..<12).map { "gen.npy[\($0)]" })
            #expect(npy.dropFirst().map { $0.last ?? "" } == (0..<12).map(String.init))
        }
        // The realism columns against a reference given as a stack equal those against its PNG folder.
        let pngReal = try CommandRunner.run(["features", "png", "--set", "all", "--reference", "real", "-o", "a.csv"], in: folder.path)
        let npyReal = try CommandRunner.run(["features", "gen.npy", "--set", "all", "--reference", "real.npy", "-o", "b.csv", "--format", "csv"],
                                            in: folder.path)
        #expect(pngReal.status == 0 && npyReal.status == 0, "\(npyReal.standardError)")
        #expect(try table(folder.path + "/b.csv").dropFirst().map { Array($0.dropFirst().dropLast()) }
                == table(folder.path + "/a.csv").dropFirst().map { Array($0.dropFirst()) })
        let jsonl = try CommandRunner.run(["features", "gen.npy", "--format", "jsonl", "-o", "c.jsonl"], in: folder.path)
        let lines = try String(contentsOfFile: folder.path + "/c.jsonl", encoding: .utf8)
        #expect(jsonl.status == 0 && lines.contains("\"index\":11"))
        // A JSON Lines table reads back as its CSV does: the same rows, the stack's index, the settings.
        let csv = try FeatureTable.readWithSettings(folder.path + "/b.csv")
        _ = try CommandRunner.run(["features", "gen.npy", "--set", "all", "--reference", "real.npy", "-o", "b.jsonl", "--format", "jsonl"],
                                  in: folder.path)
        let records = try FeatureTable.readWithSettings(folder.path + "/b.jsonl")
        #expect(records.set == csv.set && records.realism == csv.realism && records.rows == csv.rows && records.rows.last?.index == 11)
        #expect(records.settings.map { var s = $0; s.toolVersion = ""; return s } == csv.settings.map { var s = $0; s.toolVersion = ""; return s })
    }

    /// `features --format jsonl` trains, filters and suggests as its CSV does; a record measured otherwise than the
    /// first, or with a damaged field, is refused or made an error row, naming its line.
    @Test func aJSONLinesTableServesAsItsCSVDoes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let masks = Fixtures.root + "/masks", labels = Fixtures.root + "/masks/labels.csv"
        for format in ["csv", "jsonl"] {
            let features = try CommandRunner.run(["features", masks, "--format", format, "-o", "f.\(format)"], in: folder.path)
            #expect(features.status == 0, "\(features.standardError)")
            let train = try CommandRunner.run(["train", "--features", "f.\(format)", "--labels", labels, "--model", "logreg", "--param", "C=1",
                                               "-o", "m.\(format).json"], in: folder.path)
            #expect(train.status == 0, "\(train.standardError)")
            let filter = try CommandRunner.run(["filter", "--features", "f.\(format)", "--model", "m.\(format).json", "-o", "d.\(format).csv"],
                                               in: folder.path)
            #expect(filter.status == 0, "\(filter.standardError)")
            let suggest = try CommandRunner.run(["label", "suggest", "--features", "f.\(format)", "--count", "5", "-o", "n.\(format).csv"],
                                                in: folder.path)
            #expect(suggest.status == 0, "\(suggest.standardError)")
        }
        let read = { (name: String) in try String(contentsOfFile: folder.path + "/" + name, encoding: .utf8) }
        #expect(try read("d.csv.csv") == read("d.jsonl.csv") && read("n.csv.csv") == read("n.jsonl.csv"))
        let model = { (name: String) in try read(name).split(separator: "\n").filter { !$0.contains("tool_version") && !$0.contains("seconds") } }
        #expect(try model("m.csv.json") == model("m.jsonl.json"))

        var records = try read("f.jsonl").split(separator: "\n").map(String.init)
        records[3] = records[3].replacingOccurrences(of: "\"dilation_radius\":5", with: "\"dilation_radius\":3")
        records[5] = records[5].replacingOccurrences(of: "\"iou\":", with: "\"iou\":\"high\",\"was\":")
        try (records.joined(separator: "\n") + "\n").write(toFile: folder.path + "/damaged.jsonl", atomically: true, encoding: .utf8)
        let otherwise = try CommandRunner.run(["train", "--features", "damaged.jsonl", "--labels", labels, "-o", "x.json"], in: folder.path)
        #expect(otherwise.status == 2 && otherwise.standardError.contains("damaged.jsonl:4: measured otherwise than line 1: dilation radius 3 vs 5"),
                "\(otherwise.standardError)")
        records[3] = try read("f.jsonl").split(separator: "\n").map(String.init)[3]
        try (records.joined(separator: "\n") + "\n").write(toFile: folder.path + "/damaged.jsonl", atomically: true, encoding: .utf8)
        let table = try FeatureTable.read(folder.path + "/damaged.jsonl")
        #expect(table.rows[5].status == .error && table.rows[5].error?.contains("damaged.jsonl:6: iou is not a finite number: 'high'") == true)
        #expect(table.rows.filter { $0.status == .error }.count == 1)
    }

    @Test func anArchiveOfSeveralArraysServesAsReferenceByItsNamedMember() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try writeStack(try pngs(in: Fixtures.root + "/masks", count: 6), to: folder.path + "/gen.npy")
        let real = try pngs(in: Fixtures.root + "/masks/lung256", count: 9).map { try PNGReader().greyImage(atPath: $0) }
        let (height, width) = (real[0].height, real[0].width)
        try writeStack(try pngs(in: Fixtures.root + "/masks/lung256", count: 9), to: folder.path + "/real.npy")
        // As a dataset keeps them: the images beside the masks (here the masks turned over, which no lung mask is).
        try NpzWriter.write([.uint8("images", real.flatMap { $0.pixels.map { 255 - $0 } }, shape: [9, height, width]),
                             .uint8("masks", real.flatMap(\.pixels), shape: [9, height, width])], to: folder.path + "/real.npz")
        try FileManager.default.createDirectory(atPath: folder.path + "/png", withIntermediateDirectories: true)

        let unnamed = try CommandRunner.run(["features", "gen.npy", "--set", "all", "--reference", "real.npz", "-o", "a.csv"], in: folder.path)
        #expect(unnamed.status == 64 && unnamed.standardError.contains("real.npz: holds 2 arrays (images.npy: 9 x \(height) x \(width) |u1; "
                                                                       + "masks.npy: 9 x \(height) x \(width) |u1); name one with --reference-member"),
                "\(unnamed.standardError)")
        let named = try CommandRunner.run(["features", "gen.npy", "--set", "all", "--reference", "real.npz", "--reference-member", "masks", "-o", "a.csv"],
                                          in: folder.path)
        let plain = try CommandRunner.run(["features", "gen.npy", "--set", "all", "--reference", "real.npy", "-o", "b.csv"], in: folder.path)
        #expect(named.status == 0 && plain.status == 0, "\(named.standardError)")
        #expect(try table(folder.path + "/a.csv") == table(folder.path + "/b.csv"))
        let settings = try String(contentsOfFile: folder.path + "/a.csv.json", encoding: .utf8)
        #expect(settings.contains("\"reference_member\" : \"masks\""), "\(settings)")
        #expect(try !String(contentsOfFile: folder.path + "/b.csv.json", encoding: .utf8).contains("reference_member"))

        // label suggest reads the reference the table records, member and all.
        let suggest = try CommandRunner.run(["label", "suggest", "--features", "a.csv", "--count", "3", "-o", "next.csv"], in: folder.path)
        #expect(suggest.status == 0 && suggest.standardError.contains("the label-free threshold is that of real.npz"), "\(suggest.standardError)")

        // The label-free filter decides alike on the member and on the same masks alone.
        let fromArchive = try CommandRunner.run(["filter", "gen.npy", "--reference", "real.npz", "--reference-member", "masks", "-o", "d1.csv"],
                                                in: folder.path)
        let alone = try CommandRunner.run(["filter", "gen.npy", "--reference", "real.npy", "-o", "d2.csv"], in: folder.path)
        #expect(fromArchive.status == alone.status, "\(fromArchive.standardError)")
        #expect(try table(folder.path + "/d1.csv") == table(folder.path + "/d2.csv"))

        // A model records the array too: filter --model reads it again from the archive unnamed, and says so, as
        // label suggest does from its table; a name given, or an archive without that array, is as before.
        try writeStack(try pngs(in: Fixtures.root + "/masks", count: 40), to: folder.path + "/gen40.npy")
        #expect(try CommandRunner.run(["features", "gen40.npy", "--set", "all", "--reference", "real.npz", "--reference-member", "masks",
                                       "-o", "t.csv"], in: folder.path).status == 0)
        try ("file,label\n" + (0..<40).map { "gen40.npy[\($0)],\($0 % 3 == 0 ? "good" : "bad")\n" }.joined())
            .write(toFile: folder.path + "/l.csv", atomically: true, encoding: .utf8)
        let trained = try CommandRunner.run(["train", "--features", "t.csv", "--labels", "l.csv", "-o", "m.json"], in: folder.path)
        #expect(trained.status == 0, "\(trained.standardError)")
        let recorded = try CommandRunner.run(["filter", "gen.npy", "--model", "m.json", "--reference", "real.npz", "-o", "d3.csv"], in: folder.path)
        #expect(recorded.status == 0 && recorded.standardError.contains("reading array masks of real.npz, the array the model records"),
                "\(recorded.standardError)")
        let given = try CommandRunner.run(["filter", "gen.npy", "--model", "m.json", "--reference", "real.npz", "--reference-member", "masks",
                                           "-o", "d4.csv"], in: folder.path)
        #expect(given.status == 0 && !given.standardError.contains("reading array"), "\(given.standardError)")
        #expect(try table(folder.path + "/d3.csv") == table(folder.path + "/d4.csv"))
        let other = try CommandRunner.run(["filter", "gen.npy", "--model", "m.json", "--reference", "real.npz", "--reference-member", "images",
                                           "-o", "d5.csv"], in: folder.path)
        #expect(other.status == 64 && other.standardError.contains("holds other masks than the model was trained against"), "\(other.standardError)")
        let suggested = try CommandRunner.run(["label", "suggest", "--features", "a.csv", "--reference", "real.npz", "--count", "3", "-o", "next2.csv"],
                                              in: folder.path)
        #expect(suggested.status == 0 && suggested.standardError.contains("reading array masks of real.npz, the array a.csv records"),
                "\(suggested.standardError)")
        #expect(try table(folder.path + "/next2.csv") == table(folder.path + "/next.csv"))

        // The reference read, given or recorded, and a mask read for the page, are inputs: no output replaces them.
        let archive = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/real.npz"))
        let stack = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/gen.npy"))
        for arguments in [["filter", "gen.npy", "--model", "m.json", "--reference", "real.npz", "-o", "real.npz"],
                          ["label", "suggest", "--features", "a.csv", "--reference", "real.npz", "--count", "3", "-o", "real.npz"],
                          ["label", "suggest", "--features", "a.csv", "--count", "3", "-o", "real.npz"],
                          ["label", "suggest", "--features", "a.csv", "--count", "3", "--page", "page", "-o", "gen.npy"]] {
            let refused = try CommandRunner.run(arguments, in: folder.path)
            // A CSV output named .npz or .npy is refused for its name before it is compared with the inputs.
            let said = ["it would be overwritten", "this output is a CSV table"].contains(where: refused.standardError.contains)
            #expect(refused.status == 64 && said, "\(arguments): \(refused.standardError)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/real.npz")) == archive)
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/gen.npy")) == stack)

        for (arguments, said) in [(["--reference", "real.npy", "--reference-member", "masks"], "--reference-member masks names an array inside an .npz archive"),
                                  (["--reference", "png", "--reference-member", "masks"], "png is a folder"),
                                  (["--reference", "real.npz", "--reference-member", "labels"], "no member labels"),
                                  (["--reference-member", "masks"], "give both")] {
            let refused = try CommandRunner.run(["features", "gen.npy", "--set", "all", "-o", "c.csv"] + arguments, in: folder.path)
            #expect(refused.status == 64 && refused.standardError.contains(said), "\(arguments): \(refused.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/c.csv"))
    }

    @Test func everyElementTypeAndLayoutGivesTheSameFeatures() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var tables: [String: [[String]]] = [:]
        // ... and 0/1 masks, stacks with a channel of one (N x 1 x H x W, N x H x W x 1), integers other than
        // uint8 (0/1 int64 as PyTorch's .long() gives them, int32, big-endian uint16) and float16 probabilities.
        for file in ["grey.npy", "grey_fortran.npy", "bool.npy", "bool_fortran.npy", "prob_be.npy", "prob_f8_fortran.npy", "stored.npz",
                     "labels01.npy", "channel_first_fortran.npy", "channel_last.npy", "labels_int64.npy", "int32.npy",
                     "uint16_fortran.npy", "prob_f2.npy"] {
            let run = try CommandRunner.run(["features", Fixtures.path("stacks/" + file), "--set", "all", "-o", "f.csv"], in: folder.path)
            #expect(run.status == 0, "\(file): \(run.standardError)")
            tables[file] = try table(folder.path + "/f.csv").map { Array($0.dropFirst()) }
        }
        #expect(Set(tables.values.map { "\($0)" }).count == 1)
        #expect(tables["grey.npy"]?[6].first == "empty")
        let member = try CommandRunner.run(["features", Fixtures.path("stacks/masks.npz"), "--member", "masks", "-o", "m.csv"], in: folder.path)
        #expect(member.status == 0, "\(member.standardError)")
        #expect(try table(folder.path + "/m.csv")[1][0] == Fixtures.path("stacks/masks.npz") + ":masks[0]")
        // A stack that is not one is one error row naming the reason; a NaN mask, or an integer mask holding a value
        // outside 0-255, is one error row; the batch goes on.
        let mixed = try CommandRunner.run(["features", Fixtures.path("stacks/nan.npy"), Fixtures.path("stacks/complex.npy"),
                                           Fixtures.path("stacks/masks.npz"), Fixtures.path("stacks/outside_int16.npy"), "-o", "x.csv"],
                                          in: folder.path)
        #expect(mixed.status == 1, "\(mixed.standardError)")
        let rows = try table(folder.path + "/x.csv")
        #expect(rows.count == 1 + 7 + 1 + 1 + 7)
        #expect(rows.filter { $0[1] == "error" }.map(\.[0]) == [Fixtures.path("stacks/complex.npy"), Fixtures.path("stacks/masks.npz"),
                                                                 Fixtures.path("stacks/nan.npy") + "[2]",
                                                                 Fixtures.path("stacks/outside_int16.npy") + "[2]",
                                                                 Fixtures.path("stacks/outside_int16.npy") + "[4]"])
        #expect(mixed.standardError.contains("outside_int16.npy[4]: holds 300 at row 1, column 2; integer masks hold grey levels 0-255"))
    }

    @Test func decisionsCarryTheIndexThatLatentAssembleJoinsOn() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try writeStack(try pngs(in: Fixtures.root + "/masks", count: 40), to: folder.path + "/gen.npy")
        let filter = try CommandRunner.run(["filter", "gen.npy", "--model", s.maskModel, "-o", "d.csv"], in: folder.path)
        #expect(filter.status == 0, "\(filter.standardError)")
        let decisions = try table(folder.path + "/d.csv")
        #expect(decisions[0] == ["file", "decision", "probability", "reason", "index"])
        #expect(decisions.dropFirst().map { $0.last ?? "" } == (0..<40).map(String.init))
        let copies = try CommandRunner.run(["filter", "gen.npy", "--model", s.maskModel, "-o", "e.csv", "--copy-accepted", "keep"], in: folder.path)
        #expect(copies.status == 64 && copies.standardError.contains("no file to copy"), "\(copies.standardError)")

        let dataset = try LatentDataset.read(s.latent).dataset
        let writer = try NumpyWriter(path: folder.path + "/z.npy", elementType: .float32, columns: 8)
        try writer.append(dataset.latents.selecting(rows: Array(0..<40)))
        try writer.finish()
        let assemble = try CommandRunner.run(["latent", "assemble", "--vectors", "z.npy", "--outcomes", "d.csv", "--group", "g",
                                              "--output", "run.csv"], in: folder.path)
        #expect(assemble.status == 0, "\(assemble.standardError)")
        let assembled = try LatentDataset.read(folder.path + "/run.csv").dataset
        let accepted = decisions.dropFirst().filter { $0[1] == "accept" }.count
        #expect(assembled.count == 40 && assembled.targets["passed"]?.filter { $0 == true }.count == accepted)

        try writeStack(try pngs(in: Fixtures.root + "/masks/lung256", count: 9), to: folder.path + "/real.npy")
        let reference = try CommandRunner.run(["filter", "gen.npy", "--reference", "real.npy", "-o", "r.csv"], in: folder.path)
        #expect(reference.status == 0, "\(reference.standardError)")
        #expect(try table(folder.path + "/r.csv").dropFirst().map { $0.last ?? "" } == (0..<40).map(String.init))
    }
}

/// A stack of masks on standard input (`-`): what the Python package sends through a pipe.
struct MaskStreamCommandTests {
    private func table(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func standardInputGivesTheStacksFeaturesInOrder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for file in ["grey.npy", "bool.npy", "prob_be.npy", "nan.npy"] {
            let fromFile = try CommandRunner.run(["features", Fixtures.path("stacks/" + file), "--set", "all", "-o", "a.csv"], in: folder.path)
            let fromStream = try CommandRunner.run(["features", "-", "--set", "all", "-o", "b.csv"], in: folder.path,
                                                   standardInput: Fixtures.path("stacks/" + file))
            #expect(fromFile.status == fromStream.status, "\(file): \(fromStream.standardError)")
            let a = try table(folder.path + "/a.csv"), b = try table(folder.path + "/b.csv")
            #expect(b.map { Array($0.dropFirst()) } == a.map { Array($0.dropFirst()) }, "\(file)")
            #expect(b.dropFirst().map(\.[0]) == (0..<7).map { "-[\($0)]" })
        }
        let model = try HostileInputTests.Setup.shared.get().maskModel
        let filter = try CommandRunner.run(["filter", "-", "--model", model, "-o", "d.csv"], in: folder.path,
                                           standardInput: Fixtures.path("stacks/grey.npy"))
        #expect(filter.status == 0, "\(filter.standardError)")
        let decisions = try table(folder.path + "/d.csv")
        #expect(decisions.dropFirst().map { $0.last ?? "" } == (0..<7).map(String.init) && decisions[6][1] == "reject")
    }

    @Test func aShortOrUnreadableStreamSaysWhy() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path("stacks/grey.npy"))))
        let short = try folder.write(Array(bytes.prefix(bytes.count - 23 * 37 * 2 - 5)), to: "short.npy")
        let run = try CommandRunner.run(["features", "-", "-o", "s.csv"], in: folder.path, standardInput: short)
        #expect(run.status == 1, "\(run.standardError)")
        let rows = try table(folder.path + "/s.csv")
        // One error row stands for the missing masks (a header may promise a billion over ten bytes).
        #expect(rows.dropFirst().map(\.[1]) == ["ok", "ok", "ok", "ok", "error"])
        #expect(rows[5].joined(separator: ",").contains("the stream ended before mask 4 of 7 was complete; this row stands for the 3 masks"))
        // The same bytes in a file give the same rows.
        let file = try CommandRunner.run(["features", "short.npy", "-o", "f.csv"], in: folder.path)
        #expect(file.status == 1, "\(file.standardError)")
        let fileRows = try table(folder.path + "/f.csv")
        #expect(fileRows.dropFirst().map(\.[1]) == rows.dropFirst().map(\.[1]))
        #expect(zip(fileRows.dropFirst(), rows.dropFirst()).allSatisfy { $0.0[2..<8] == $0.1[2..<8] })
        #expect(fileRows[5].joined(separator: ",").contains("the file ends before mask 4 of 7 is complete"))
        let fortran = try CommandRunner.run(["features", "-", "-o", "f.csv"], in: folder.path, standardInput: Fixtures.path("stacks/grey_fortran.npy"))
        #expect(fortran.status == 2 && fortran.standardError.contains("C order"), "\(fortran.standardError)")
        let empty = try CommandRunner.run(["features", "-", "-o", "e.csv"], in: folder.path)
        #expect(empty.status == 2 && empty.standardError.contains("before a .npy header"), "\(empty.standardError)")
        let mixed = try CommandRunner.run(["features", "-", Fixtures.path("stacks/grey.npy")], in: folder.path)
        #expect(mixed.status == 64, "\(mixed.standardError)")
        let shard = try CommandRunner.run(["features", "-", "--shard", "0/2", "-o", "x.csv"], in: folder.path,
                                          standardInput: Fixtures.path("stacks/grey.npy"))
        #expect(shard.status == 64, "\(shard.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/x.csv"))
    }
}
