import Foundation
import Testing
import TestSupport

struct SynthCommandTests {
    @Test func writesMasksAndLabelsReproducibly() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try CommandRunner.run(["synth", "masks", "--count", "20", "--seed", "4", "--output", "a"], in: folder.path)
        let second = try CommandRunner.run(["synth", "masks", "--count", "20", "--seed", "4", "--output", "b", "--jobs", "1"],
                                           in: folder.path)
        #expect(first.status == 0 && second.status == 0, "\(first.standardError)")
        #expect(first.standardError.contains("wrote 20 masks"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/a").sorted()
        #expect(files.count == 21 && files.contains("labels.csv"))
        for file in files {
            let a = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/a/" + file))
            let b = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/b/" + file))
            #expect(a == b, "\(file) differs between runs")
        }
        let features = try CommandRunner.run(["features", "a"], in: folder.path)
        #expect(features.status == 0)
    }
}
