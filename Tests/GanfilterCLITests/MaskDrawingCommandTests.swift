import Foundation
import MaskImage
import TestSupport
import Testing

/// Masks drawn the other way round (the lungs dark on a light ground) are read as drawn, and every command that
/// reads them says so: their foreground, the background, reaches every edge of the image, as no lung mask's does.
struct MaskDrawingCommandTests {
    private func setup() throws -> HostileInputTests.Setup { try HostileInputTests.Setup.shared.get() }

    @Test func masksDrawnInvertedAreSaidByEveryCommandThatReadsThem() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try SampleStack.write(count: 12, inverted: true, to: folder.path + "/inverted.npy")
        try SampleStack.write(count: 12, to: folder.path + "/drawn.npy")
        let reference = Fixtures.root + "/masks/lung256"
        let runs: [(arguments: [String], note: String)] = [
            (["features"], "ganfilter features: note: 12 of the 12 masks reach all four edges of the image, as masks drawn inverted do (the lungs "
                + "dark on a light ground): pixels at or above 128 are read as lung, so their features are the background's; invert them "
                + "(255 - value) if they are drawn so"),
            (["filter", "--model", s.maskModel], "so the model judges the background;"),
            (["filter", "--reference", reference], "so their scores compare the background with real lungs;"),
        ]
        for (arguments, note) in runs {
            let inverted = try CommandRunner.run(Array(arguments.prefix(1)) + ["inverted.npy"] + arguments.dropFirst() + ["-o", "out.csv"],
                                                 in: folder.path)
            #expect([0, 1].contains(inverted.status), "\(arguments): \(inverted.standardError)")
            let said = inverted.errorLines.filter { $0.contains("reach all four edges") }
            #expect(said.count == 1 && said.first?.contains(note) == true, "\(arguments): \(inverted.standardError)")
            let drawn = try CommandRunner.run(Array(arguments.prefix(1)) + ["drawn.npy"] + arguments.dropFirst() + ["-o", "out.csv"],
                                              in: folder.path)
            #expect([0, 1].contains(drawn.status) && !drawn.standardError.contains("reach all four edges"), "\(arguments): \(drawn.standardError)")
        }
        // A batch of empty masks (as masks drawn in a PNG's alpha channel read) is said too; a few among many are not.
        try SampleStack.write(count: 12, to: folder.path + "/blank.npy", blank: 12)
        try SampleStack.write(count: 12, to: folder.path + "/some.npy", blank: 5)
        for (arguments, said) in [(["features", "blank.npy"], true), (["filter", "blank.npy", "--model", s.maskModel], true),
                                  (["filter", "blank.npy", "--reference", reference], true), (["features", "some.npy"], false)] {
            let run = try CommandRunner.run(arguments + ["-o", "out.csv"], in: folder.path)
            let notes = run.errorLines.filter { $0.contains("masks are empty (no lung pixel at the grey threshold 128 in either half of the image)") }
            #expect([0, 1].contains(run.status) && notes.count == (said ? 1 : 0), "\(arguments): \(run.standardError)")
            #expect(!said || notes.first?.contains("12 of the 12 masks") == true, "\(arguments): \(run.standardError)")
        }
        // Read as drawn all the same: the note changes no row.
        _ = try CommandRunner.run(["features", "inverted.npy", "--set", "anatomy", "-o", "a.csv"], in: folder.path)
        let table = try String(contentsOfFile: folder.path + "/a.csv", encoding: .utf8).split(separator: "\n")
        #expect(table.count == 13 && table.dropFirst().allSatisfy { $0.split(separator: ",")[1] == "ok" })
    }

    /// Masks saved as a label image in colours (a left lung red beside a right one green) that the grey threshold
    /// splits are said by every command that reads them, naming the first and its levels; the masks are read as the
    /// cut reads them, and `--threshold 1` reads every class.
    @Test func colourLabelImagesTheThresholdSplitsAreSaid() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path + "/rg", withIntermediateDirectories: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root + "/masks/lung256").filter { $0.hasSuffix(".png") }.sorted()
        let rgb = try #require(PNGPixelFormat(.rgb, bitDepth: 8))
        for name in names.prefix(6) {
            let mask = try PNGReader().mask(atPath: Fixtures.root + "/masks/lung256/" + name, threshold: 128)
            let samples = (0..<(mask.width * mask.height)).flatMap { p -> [UInt16] in
                let (x, y) = (p % mask.width, p / mask.width)
                return mask[x, y] ? (x < mask.width / 2 ? [255, 0, 0] : [0, 255, 0]) : [0, 0, 0]
            }
            _ = try folder.write(try PNGEncoder.encode(samples: samples, width: mask.width, height: mask.height, format: rgb), to: "rg/" + name)
        }
        let note = "6 of the 6 masks are label images whose classes the grey threshold 128 splits (rg/\(names[0]) has classes at grey "
            + "levels 76, 150): only the classes at or above 128 are read as lung"
        for arguments in [["features", "rg"], ["filter", "rg", "--model", s.maskModel], ["filter", "rg", "--reference", Fixtures.root + "/masks/lung256"]] {
            let run = try CommandRunner.run(arguments + ["-o", "out.csv"], in: folder.path)
            let said = run.errorLines.filter { $0.contains("label images whose classes") }
            #expect([0, 1].contains(run.status) && said.count == 1 && said.first?.contains(note) == true, "\(arguments): \(run.standardError)")
        }
        let every = try CommandRunner.run(["features", "rg", "--threshold", "1", "-o", "out.csv"], in: folder.path)
        #expect(every.status == 0 && !every.standardError.contains("label images whose classes"), "\(every.standardError)")
    }

    /// Masks that lie otherwise than the reference's (any of the seven ways: mirrored, upside down, transposed, turned
    /// by a quarter, ...) match the real masks best turned back: `features` and `filter` against a reference say so,
    /// which way and how to turn them back, from a sample of the batch; the same masks as they lie say nothing.
    @Test func masksTurnedAgainstTheReferenceAreSaid() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let reference = Fixtures.root + "/masks/lung256"
        let names = try FileManager.default.contentsOfDirectory(atPath: reference).filter { $0.hasSuffix(".png") }.sorted()
        let ways: [(subfolder: String, way: MaskOrientation?)] = [("drawn", nil)] + MaskOrientation.allCases.map { ("\($0)", $0) }
        for name in names.prefix(14) {
            let mask = try PNGReader().mask(atPath: reference + "/" + name, threshold: 128)
            for (subfolder, way) in ways {
                // The mask lying `way`: each of its pixels is the pixel of the mask as drawn that turning back puts there.
                let swaps = way?.back.swapsAxes == true
                let width: Int = swaps ? mask.height : mask.width, height: Int = swaps ? mask.width : mask.height
                let samples = (0..<(width * height)).map { (p: Int) -> UInt16 in
                    let (x, y) = (p % width, p / width)
                    let place: (x: Int, y: Int) = way?.placeTurnedBack(x: x, y: y, width: width, height: height) ?? (x, y)
                    return mask[place.x, place.y] ? 255 : 0
                }
                try folder.write(try PNGEncoder.encode(samples: samples, width: width, height: height, format: .grey8), to: subfolder + "/" + name)
            }
        }
        for command in [["features", "--reference", reference], ["filter", "--reference", reference]] {
            for (subfolder, way) in ways {
                let run = try CommandRunner.run([command[0], subfolder] + command.dropFirst() + ["-o", "out.csv"], in: folder.path)
                let said = run.errorLines.filter { $0.contains("scored turned as well") }
                guard let way else {
                    #expect(run.status == 0 && said.isEmpty, "\(command): \(run.standardError)")
                    continue
                }
                #expect([0, 1].contains(run.status) && said.count == 1, "\(command) \(way): \(run.standardError)")
                #expect(said.first?.contains("14 of the 14 masks scored turned as well") == true && said.first?.contains(way.numpyFix) == true
                        && said.first?.contains(way.phrase) == true, "\(command) \(way): \(run.standardError)")
            }
        }
        // The pipeline says it too, on the page as well as on the terminal, beside the warning that its threshold keeps
        // nothing of them.
        let labels = "file,label\n" + names.prefix(14).enumerated().map { "\($0.element),\($0.offset % 2 == 0 ? "good" : "bad")\n" }.joined()
        try folder.write(Array(labels.utf8), to: "labels.csv")
        let pipeline = try CommandRunner.run(["pipeline", "--generator-masks", "transposed", "--generator-labels", "labels.csv",
                                              "--generator-reference", reference, "--output", "report"], in: folder.path)
        let page = try String(contentsOfFile: folder.path + "/report/index.html", encoding: .utf8)
        let noted = try #require(page.components(separatedBy: "What the run noted").dropFirst().first?.components(separatedBy: "</ul>").first)
        #expect(pipeline.status == 0 && noted.contains("14 of the 14 masks scored turned as well") && noted.contains("np.swapaxes(masks, -1, -2)")
                && noted.contains("warning: the threshold") && noted.contains("accepts 0 of 14 readable images"), "\(pipeline.standardError)")
        let few = try CommandRunner.run(["filter", "--reference", reference, "-o", "out.csv"] + names.prefix(11).map { "mirrored/" + $0 },
                                        in: folder.path)
        #expect(!few.standardError.contains("scored turned"), "fewer masks than the note needs: \(few.standardError)")
    }
}
