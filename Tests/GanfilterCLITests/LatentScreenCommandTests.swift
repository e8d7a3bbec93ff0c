import Foundation
import LatentPrefilter
import Learning
import Testing
import TestSupport

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
        let scores = classifier.probabilities(try #require(Matrix(rows: 300, columns: 8, values: z)))
        #expect(indices == scores.indices.filter { scores[$0] >= 0.05 })
        #expect(try kept.nextBlock(maxRows: 1000)?.values == Array(z[...]).chunked(8, rows: indices))

        // A NumPy-written compressed .npz is opened and inflated; its 3 dimensions do not fit the model's 8.
        let npz = try CommandRunner.run(["latent", "screen", "--model", "prefilter.json", "--group", "18_24m", "--vectors",
                                         Fixtures.path("npy/deflated.npz")], in: folder.path)
        #expect(npz.status == 64 && npz.standardError.contains("has 3 dimensions; the model was trained on 8"))

        let wrongGroup = try CommandRunner.run(["latent", "screen", "--model", "prefilter.json", "--group", "nope", "--vectors", "z.npy"],
                                               in: folder.path)
        #expect(wrongGroup.status == 64 && wrongGroup.standardError.contains("no group 'nope'"))
        let csv = try CommandRunner.run(["latent", "screen", "--model", "prefilter.json", "--group", "18_24m", "--vectors", "z.csv"],
                                        in: folder.path)
        #expect(csv.status == 64)
    }
}

extension Array where Element == Double {
    /// The rows `rows` of a row-major array with `width` columns, concatenated.
    func chunked(_ width: Int, rows: [Int]) -> [Double] {
        rows.flatMap { self[$0 * width..<($0 + 1) * width] }
    }
}
