import Foundation
import TestSupport
import Testing

/// Every latent command reads what NumPy wrote in any layout: the same values in Fortran order with big-endian
/// types (`df[cols].to_numpy()`, a big-endian writer) give the same outputs as in little-endian C order. The
/// files are NumPy's own (`Tests/Fixtures/make_numpy_fixtures.py`); `latent sample`'s output is read back by
/// NumPy in the wheel's tests (`python/tests`).
struct NumpyLayoutCommandTests {
    private func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    private func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// `text` without the lines that name the input file or hold timings.
    private func withoutInputNames(_ text: String) -> String {
        text.split(separator: "\n").filter { !$0.contains("latent_") && !$0.contains("seconds") && !$0.contains("digest") }
            .joined(separator: "\n")
    }

    @Test func everyLatentCommandReadsFortranOrderAndBigEndianAsNumPyDoes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let npy = Fixtures.path("npy")
        for (name, layout) in [("c", "latent_c"), ("f", "latent_fortran_be")] {
            let train = try CommandRunner.run(["latent", "train", "--data", "\(npy)/\(layout).npz", "--target", "passed", "--models", "logreg",
                                               "--output", "\(name).json", "--report", "\(name)-report", "--jobs", "1"], in: folder.path)
            #expect(train.status == 0, "\(layout): \(train.standardError)")
            let analyze = try CommandRunner.run(["latent", "analyze", "--data", "\(npy)/\(layout).npz", "--report", "\(name)-analysis"],
                                                in: folder.path)
            #expect(analyze.status == 0, "\(layout): \(analyze.standardError)")
            let verify = try CommandRunner.run(["latent", "verify", "--model", "\(name).json", "--data", "\(npy)/\(layout).npz",
                                                "--target", "passed", "--output", "\(name)-verify.json"], in: folder.path)
            #expect(verify.status == 0, "\(layout): \(verify.standardError)")
        }
        for (name, vectors) in [("c", "z_c"), ("f", "z_fortran_be")] {
            let screen = try CommandRunner.run(["latent", "screen", "--model", "c.json", "--group", "g", "--vectors", "\(npy)/\(vectors).npy",
                                                "--indices", "\(name)-kept.txt", "--output", "\(name)-kept.npy"], in: folder.path)
            #expect(screen.status == 0, "\(vectors): \(screen.standardError)")
            var outcomes = "index,decision\n"
            for index in 0..<200 { outcomes += "\(index),\(index % 3 == 0 ? "accept" : "reject")\n" }
            try outcomes.write(toFile: folder.path + "/outcomes.csv", atomically: true, encoding: .utf8)
            let assemble = try CommandRunner.run(["latent", "assemble", "--vectors", "\(npy)/\(vectors).npy", "--outcomes", "outcomes.csv",
                                                  "--group", "g", "--output", "\(name)-run.csv"], in: folder.path)
            #expect(assemble.status == 0, "\(vectors): \(assemble.standardError)")
        }
        #expect(try withoutInputNames(text(folder.path + "/c.json")) == withoutInputNames(text(folder.path + "/f.json")))
        #expect(try text(folder.path + "/c-report/model_comparison.csv") == text(folder.path + "/f-report/model_comparison.csv"))
        let analysisFiles = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/c-analysis").filter { $0.hasSuffix(".csv") }
        #expect(!analysisFiles.isEmpty)
        for file in analysisFiles {
            #expect(try text(folder.path + "/c-analysis/" + file) == text(folder.path + "/f-analysis/" + file), "\(file)")
        }
        #expect(try withoutInputNames(text(folder.path + "/c-verify.json")) == withoutInputNames(text(folder.path + "/f-verify.json")))
        let kept = try text(folder.path + "/c-kept.txt")
        #expect(!kept.isEmpty && kept.split(separator: "\n").count < 200)
        #expect(try kept == text(folder.path + "/f-kept.txt"))
        #expect(try bytes(folder.path + "/c-kept.npy") == bytes(folder.path + "/f-kept.npy"))
        #expect(try bytes(folder.path + "/c-run.csv") == bytes(folder.path + "/f-run.csv"))
    }
}
