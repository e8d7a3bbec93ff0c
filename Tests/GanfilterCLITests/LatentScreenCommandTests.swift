import BatchRunning
import FileIO
import Foundation
import LatentPrefilter
import Learning
import Matrices
import NumpyFormats
import TestSupport
import Testing

struct LatentScreenCommandTests {
    @Test func screensNpyFilesWithTheGroupsThreshold() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try CommandRunner.run(["synth", "latent", "--records", "1200", "--dimensions", "8", "--output", "latent.csv"], in: folder.path)
        let train = try CommandRunner.run(["latent", "train", "--data", "latent.csv", "--groups", "18_24m", "--output", "prefilter.json",
                                           "--jobs", "1"], in: folder.path)
        #expect(train.status == 0, "\(train.standardError)")
        // Vectors to screen: the first 300 records' z, as float32 .npy.
        let dataset = try LatentDataset.read(folder.path + "/latent.csv").dataset
        let writer = try NumpyWriter(path: folder.path + "/z.npy", elementType: .float32, columns: 8)
        try writer.append(dataset.latents.selecting(rows: Array(0..<300)))
        try writer.finish()

        let screen = try CommandRunner.run(["latent", "screen", "--model", "prefilter.json", "--group", "18_24m", "--vectors", "z.npy",
                                            "--output", "kept.npy", "--indices", "kept.txt", "--accept-threshold", "0.05"], in: folder.path)
        #expect(screen.status == 0, "\(screen.standardError)")
        #expect(screen.standardOutput.contains("of 300 vectors"))
        let indices = try String(contentsOfFile: folder.path + "/kept.txt", encoding: .utf8).split(separator: "\n").compactMap { Int($0) }
        let kept = try NumpyReader(path: folder.path + "/kept.npy")
        #expect(kept.header.rows == indices.count && kept.header.elementType == .float32)
        // The same decisions from the model file by hand.
        let model = try PrefilterModel.load(folder.path + "/prefilter.json")
        let classifier = try model.groups[0].classifier.fitted(featureCount: 8)
        let z = dataset.latents.selecting(rows: Array(0..<300)).values.map { Double(Float($0)) }
        let scores = classifier.scores(try #require(Matrix(rows: 300, columns: 8, values: z)))
        #expect(indices == scores.indices.filter { scores[$0] >= 0.05 })
        #expect(try kept.nextBlock(maxRows: 1000)?.values == Array(z[...]).chunked(8, rows: indices))

        // Standard output (a pipe here) takes the same .npy, its header completed at the end, or the same indices,
        // and the summary moves to standard error; a .npy output named otherwise, or two outputs on standard
        // output, are refused before any work.
        let screenArguments = ["latent", "screen", "--model", "prefilter.json", "--group", "18_24m", "--vectors", "z.npy",
                               "--accept-threshold", "0.05"]
        let piped = try CommandRunner.run(screenArguments + ["--output", "-"], in: folder.path)
        #expect(piped.status == 0 && piped.standardError.contains("of 300 vectors"), "\(piped.standardError)")
        #expect(piped.standardOutputBytes == (try Data(contentsOf: URL(fileURLWithPath: folder.path + "/kept.npy"))))
        let pipedIndices = try CommandRunner.run(screenArguments + ["--indices", "-"], in: folder.path)
        #expect(pipedIndices.standardOutput == (try String(contentsOfFile: folder.path + "/kept.txt", encoding: .utf8)))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/-"))
        let misnamed = try CommandRunner.run(screenArguments + ["--output", "kept.csv"], in: folder.path)
        #expect(misnamed.status == 64 && misnamed.standardError.contains("name ending in .npy"))
        let both = try CommandRunner.run(screenArguments + ["--output", "-", "--indices", "/dev/stdout"], in: folder.path)
        #expect(both.status == 64 && both.standardError.contains("cannot both be standard output"))

        // A NumPy-written compressed .npz is opened and inflated; its 3 dimensions do not fit the model's 8.
        let npz = try CommandRunner.run(["latent", "screen", "--model", "prefilter.json", "--group", "18_24m", "--vectors",
                                         Fixtures.path("npy/deflated.npz")], in: folder.path)
        #expect(npz.status == 64 && npz.standardError.contains("has 3 dimensions; the model was trained on 8"))

        let wrongGroup = try CommandRunner.run(["latent", "screen", "--model", "prefilter.json", "--group", "nope", "--vectors", "z.npy"],
                                               in: folder.path)
        #expect(wrongGroup.status == 64 && wrongGroup.standardError.contains("no group 'nope'"))
        let text = try CommandRunner.run(["latent", "screen", "--model", "prefilter.json", "--group", "18_24m", "--vectors", "z.txt"],
                                         in: folder.path)
        #expect(text.status == 64)
    }

    @Test func screensCSVAndShardsWhoseIndicesConcatenateToTheWholeRun() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try CommandRunner.run(["synth", "latent", "--records", "1200", "--dimensions", "8", "--output", "latent.csv.gz"], in: folder.path)
        let train = try CommandRunner.run(["latent", "train", "--data", "latent.csv.gz", "--groups", "18_24m", "--output", "prefilter.json",
                                           "--jobs", "1"], in: folder.path)
        #expect(train.status == 0, "\(train.standardError)")
        let screen = ["latent", "screen", "--model", "prefilter.json", "--group", "18_24m", "--accept-threshold", "0.04"]
        // The dataset itself (gzip, z columns by name) and the same vectors as .npy give the same indices.
        let whole = try CommandRunner.run(screen + ["--vectors", "latent.csv.gz", "--indices", "all.txt"], in: folder.path)
        #expect(whole.status == 0, "\(whole.standardError)")
        let dataset = try LatentDataset.read(folder.path + "/latent.csv.gz").dataset
        let writer = try NumpyWriter(path: folder.path + "/z.npy", elementType: .float64, columns: 8)
        try writer.append(dataset.latents)
        try writer.finish()
        _ = try CommandRunner.run(screen + ["--vectors", "z.npy", "--indices", "npy.txt"], in: folder.path)
        let all = try String(contentsOfFile: folder.path + "/all.txt", encoding: .utf8)
        #expect(try String(contentsOfFile: folder.path + "/npy.txt", encoding: .utf8) == all)
        #expect(!all.isEmpty)

        for source in ["latent.csv.gz", "z.npy"] {
            var joined = ""
            for index in 0..<3 {
                let part = try CommandRunner.run(screen + ["--vectors", source, "--indices", "s\(index).txt", "--shard", "\(index)/3"],
                                                 in: folder.path)
                #expect(part.status == 0, "\(part.standardError)")
                #expect(part.standardOutput.contains("of 400 vectors"))
                joined += try String(contentsOfFile: folder.path + "/s\(index).txt", encoding: .utf8)
                let record = try ShardRecord.decoder.decode(ShardRecord.self,
                                                      from: Data(contentsOf: URL(fileURLWithPath: folder.path + "/s\(index).txt.shard.json")))
                #expect(record.index == index && record.count == 3)
            }
            #expect(joined == all, "\(source)")
        }
        let badShard = try CommandRunner.run(screen + ["--vectors", "z.npy", "--indices", "x.txt", "--shard", "3/3"], in: folder.path)
        #expect(badShard.status == 64)

        // Unreadable CSV rows keep their index, are never kept, and are reported with their line.
        let rows = (0..<5).map { row in (0..<8).map { "\(Double(row) / 10 + Double($0) / 100)" }.joined(separator: ",") }
        let broken = rows[0] + "\n" + rows[1] + "\n1,2,3\n" + rows[3].replacingOccurrences(of: "0.3,", with: "inf,") + "\n\n" + rows[4] + "\n"
        try broken.write(toFile: folder.path + "/broken.csv", atomically: true, encoding: .utf8)
        let bad = try CommandRunner.run(["latent", "screen", "--model", "prefilter.json", "--group", "18_24m", "--accept-threshold", "0",
                                         "--vectors", "broken.csv", "--indices", "broken.txt"], in: folder.path)
        #expect(bad.status == 1)
        #expect(bad.standardError.contains("broken.csv: line 3: expected 8 fields, found 3"))
        #expect(bad.standardError.contains("broken.csv: line 4, field 1: 'inf' is not a finite number"))
        #expect(try String(contentsOfFile: folder.path + "/broken.txt", encoding: .utf8) == "0\n1\n4\n")

        // pandas' to_csv of an unnamed array writes 0,1,...,d-1 as its header: a header, not a vector.
        try ((0..<8).map(String.init).joined(separator: ",") + "\n" + rows[0] + "\n" + rows[1] + "\n")
            .write(toFile: folder.path + "/pandas.csv", atomically: true, encoding: .utf8)
        let pandas = try CommandRunner.run(["latent", "screen", "--model", "prefilter.json", "--group", "18_24m", "--accept-threshold", "0",
                                            "--vectors", "pandas.csv", "--indices", "pandas.txt"], in: folder.path)
        #expect(pandas.status == 0 && pandas.standardOutput.contains("kept 2 of 2 vectors"), "\(pandas.standardOutput)")
        // With its index (to_csv's default) the header starts with an empty name and each row with the index, which
        // is no part of the vector: the same vectors, scored the same. Named columns with the index read the same.
        let indexed = ["," + (0..<8).map(String.init).joined(separator: ","), "7," + rows[0], "3," + rows[1]].joined(separator: "\n") + "\n"
        let named = ["," + (0..<8).map { "z\($0)" }.joined(separator: ","), "7," + rows[0], "3," + rows[1]].joined(separator: "\n") + "\n"
        for (name, text) in [("indexed.csv", indexed), ("named.csv", named)] {
            try text.write(toFile: folder.path + "/" + name, atomically: true, encoding: .utf8)
            let run = try CommandRunner.run(["latent", "screen", "--model", "prefilter.json", "--group", "18_24m", "--accept-threshold", "0.5",
                                             "--vectors", name, "--output", name + ".npy"], in: folder.path)
            let plain = try CommandRunner.run(["latent", "screen", "--model", "prefilter.json", "--group", "18_24m", "--accept-threshold", "0.5",
                                               "--vectors", "pandas.csv", "--output", "plain.npy"], in: folder.path)
            #expect(run.status == plain.status && run.standardError.isEmpty == plain.standardError.isEmpty, "\(run.standardError)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/" + name + ".npy"))
                    == Data(contentsOf: URL(fileURLWithPath: folder.path + "/plain.npy")), "\(name)")
        }

        // The one CSV dialect: quoted fields (csv.QUOTE_ALL), CRLF line ends and a byte-order mark read as the plain file.
        let quoted = "\u{FEFF}" + [rows[0], rows[1]].map { $0.split(separator: ",").map { "\"\($0)\"" }.joined(separator: ",") }
            .joined(separator: "\r\n") + "\r\n"
        try quoted.write(toFile: folder.path + "/quoted.csv", atomically: true, encoding: .utf8)
        let dialect = try CommandRunner.run(["latent", "screen", "--model", "prefilter.json", "--group", "18_24m", "--accept-threshold", "0",
                                             "--vectors", "quoted.csv", "--indices", "quoted.txt"], in: folder.path)
        #expect(dialect.status == 0 && dialect.standardOutput.contains("kept 2 of 2 vectors"), "\(dialect.standardError)")

        // A first row holding NaN, an infinity or a 70-digit number is a vector, never a header: every index
        // refers to the data row it came from (np.savetxt writes no header).
        let long = String(format: "%.70f", 0.25)
        for first in [rows[0].replacingOccurrences(of: "0.03", with: "nan"), rows[0].replacingOccurrences(of: "0.03", with: "-inf"),
                      rows[0].replacingOccurrences(of: "0.03", with: long)] {
            try (first + "\n" + rows[1] + "\n" + rows[2] + "\n").write(toFile: folder.path + "/first.csv", atomically: true, encoding: .utf8)
            let screened = try CommandRunner.run(["latent", "screen", "--model", "prefilter.json", "--group", "18_24m", "--accept-threshold",
                                                  "0", "--vectors", "first.csv", "--indices", "first.txt"], in: folder.path)
            let kept = try String(contentsOfFile: folder.path + "/first.txt", encoding: .utf8)
            #expect(screened.standardOutput.contains("of 3 vectors"), "\(first): \(screened.standardOutput)")
            #expect(kept == (first.contains(long) ? "0\n1\n2\n" : "1\n2\n"), "\(first): \(kept)")
        }
    }
}

extension Array where Element == Double {
    /// The rows `rows` of a row-major array with `width` columns, concatenated.
    func chunked(_ width: Int, rows: [Int]) -> [Double] {
        rows.flatMap { self[$0 * width..<($0 + 1) * width] }
    }
}
