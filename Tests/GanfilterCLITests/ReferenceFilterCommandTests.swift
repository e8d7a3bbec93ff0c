import Foundation
import MaskImage
import Testing
import TestSupport

/// `ganfilter filter PATH --reference DIR`: filtering without labels against real masks.
struct ReferenceFilterCommandTests {
    @Test func realMasksPassAndBrokenOnesAreRejected() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let real = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root + "/masks/lung256").filter { $0.hasSuffix(".png") }.sorted()
        try FileManager.default.createDirectory(atPath: folder.path + "/reference", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder.path + "/generated", withIntermediateDirectories: true)
        // 100 real masks are the reference; the other 38 are held out, each also with one lung erased and
        // with the lungs broken into strips.
        for name in real.prefix(100) {
            try FileManager.default.copyItem(atPath: Fixtures.root + "/masks/lung256/" + name, toPath: folder.path + "/reference/" + name)
        }
        for name in real.dropFirst(100) {
            let mask = try PNGReader().mask(atPath: Fixtures.root + "/masks/lung256/" + name, threshold: 128)
            var oneLung = mask, strips = mask
            for y in 0..<mask.height {
                for x in 0..<mask.width {
                    if x >= mask.width / 2 { oneLung[x, y] = false }
                    if (y / 8) % 2 == 1 { strips[x, y] = false }
                }
            }
            try folder.write(try PNGEncoder.encode(mask), to: "generated/real_" + name)
            try folder.write(try PNGEncoder.encode(oneLung), to: "generated/onelung_" + name)
            try folder.write(try PNGEncoder.encode(strips), to: "generated/strips_" + name)
        }
        let run = try CommandRunner.run(["filter", "generated", "--reference", "reference", "-o", "decisions.csv"], in: folder.path)
        #expect(run.status == 0, "\(run.standardError)")
        let rows = try String(contentsOfFile: folder.path + "/decisions.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        func accepted(_ prefix: String) -> Double {
            let kind = rows.filter { $0[0].hasPrefix("generated/" + prefix) }
            return Double(kind.filter { $0[1] == "accept" }.count) / Double(kind.count)
        }
        #expect(rows.count == 3 * 38)
        #expect(accepted("real_") >= 0.8, "held-out real masks mostly pass: \(accepted("real_"))")
        #expect(accepted("onelung_") == 0 && accepted("strips_") == 0, "\(accepted("onelung_")), \(accepted("strips_"))")

        // A reference of another size, and a model together with a reference, are usage errors.
        let wrongSize = try CommandRunner.run(["filter", "generated", "--reference", Fixtures.root + "/masks/lung", "-o", "-"],
                                              in: folder.path)
        #expect(wrongSize.status == 2 && wrongSize.standardOutput.contains("the reference masks are 512x512"), "\(wrongSize.standardError)")
        let both = try CommandRunner.run(["filter", "generated", "--reference", "reference", "--model", "m.json"], in: folder.path)
        #expect(both.status == 64)
    }
}
