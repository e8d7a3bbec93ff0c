import Foundation
import MaskImage
import Synthesis
import Testing
import TestSupport

/// `ganfilter features` end to end on temporary folders.
struct FeaturesCommandTests {
    func folderWithMasks(count: Int = 6) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        _ = try SyntheticMaskSet.write(count: count, seed: 9, to: folder.path + "/masks", jobs: 2)
        return folder
    }

    @Test func writesOneSortedRowPerFileAndExitsZero() throws {
        let folder = try folderWithMasks()
        defer { folder.remove() }
        let result = try CommandRunner.run(["features", "masks", "--jobs", "2"], in: folder.path)
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "file,status,iou,cosine,area_ratio,iou_dilated,cosine_dilated,area_ratio_dilated,error")
        #expect(lines.dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" }
            == (0..<6).map { "masks/" + SyntheticMaskSet.fileName($0) })
        #expect(result.standardError.contains("6 masks, 6 ok, 0 empty, 0 error"))
        #expect(result.standardError.contains("masks/s"))
    }

    @Test func aCorruptFileAmongGoodOnesIsAnErrorRowAndExitOne() throws {
        let folder = try folderWithMasks()
        defer { folder.remove() }
        try folder.write(Array("not a png".utf8), to: "masks/broken.png")
        let good = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/masks/synthetic_00000.png"))
        try folder.write(Array(good.prefix(100)), to: "masks/cut.png")
        try folder.write([], to: "masks/zero.png")
        let result = try CommandRunner.run(["features", "masks/", "--output", "out.csv"], in: folder.path)
        #expect(result.status == 1)
        let csv = try String(contentsOfFile: folder.path + "/out.csv", encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst()
        #expect(rows.count == 9)
        #expect(rows.contains("masks/broken.png,error,,,,,,,not a PNG file (no PNG signature)"))
        #expect(rows.contains("masks/cut.png,error,,,,,,,truncated PNG (the file ends before IEND)"))
        #expect(rows.contains("masks/zero.png,error,,,,,,,empty file"))
        #expect(result.standardError.contains("masks/broken.png: not a PNG file"), "errors are named on stderr")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func specialFilesNamedPNGDoNotBlockAndAreReported() throws {
        let folder = try folderWithMasks(count: 2)
        defer { folder.remove() }
        #expect(mkfifo(folder.path + "/masks/fifo.png", 0o644) == 0)
        try FileManager.default.createDirectory(atPath: folder.path + "/masks/dir.png", withIntermediateDirectories: false)
        symlink(folder.path + "/masks", folder.path + "/masks/loop")
        let result = try CommandRunner.run(["features", "masks", "masks/fifo.png", "--recursive"], in: folder.path)
        #expect(result.status == 1)
        let rows = result.standardOutput.split(separator: "\n").dropFirst().map(String.init)
        #expect(rows.count == 3, "two masks and the FIFO (listed once although given twice); the empty dir.png adds none")
        #expect(rows.contains("masks/fifo.png,error,,,,,,,not a regular file (FIFO)"))
        #expect(result.standardError.contains("link loop"))
    }

    @Test func sameBytesWhateverTheJobs() throws {
        let folder = try folderWithMasks(count: 70)
        defer { folder.remove() }
        try folder.write(Array("junk".utf8), to: "masks/junk.png")
        let one = try CommandRunner.run(["features", "masks", "--jobs", "1"], in: folder.path)
        let many = try CommandRunner.run(["features", "masks", "--jobs", "5"], in: folder.path)
        #expect(one.status == 1 && many.status == 1)
        #expect(one.standardOutput == many.standardOutput)
        let jsonOne = try CommandRunner.run(["features", "masks", "--jobs", "1", "--format", "jsonl"], in: folder.path)
        let jsonMany = try CommandRunner.run(["features", "masks", "--jobs", "3", "--format", "jsonl"], in: folder.path)
        #expect(jsonOne.standardOutput == jsonMany.standardOutput)
        #expect(jsonOne.standardOutput.split(separator: "\n").count == 71)
    }

    @Test func settingsChangeTheFeatures() throws {
        let folder = try folderWithMasks(count: 3)
        defer { folder.remove() }
        let plain = try CommandRunner.run(["features", "masks", "--dilation-radius", "0"], in: folder.path)
        let lines = plain.standardOutput.split(separator: "\n").dropFirst()
        for line in lines {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(fields[2...4] == fields[5...7], "radius 0: dilated equals plain")
        }
        let everything = try CommandRunner.run(["features", "masks", "--threshold", "0"], in: folder.path)
        #expect(everything.standardOutput.split(separator: "\n").dropFirst().allSatisfy { $0.contains(",ok,1.0,1.0,0.0,") })
    }

    @Test func nothingUsableExitsTwo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write([], to: "empty/.keep")
        let none = try CommandRunner.run(["features", "empty"], in: folder.path)
        #expect(none.status == 2)
        #expect(none.standardError.contains("note: empty holds no PNG files\n"), "\(none.standardError)")
        try folder.write(Array("bad".utf8), to: "bad/a.png")
        let allBad = try CommandRunner.run(["features", "bad", "missing.png"], in: folder.path)
        #expect(allBad.status == 2)
        #expect(allBad.standardOutput.contains("missing.png,error,,,,,,,No such file or directory"))
    }

    /// Masks one folder down (`runs/run1`, `runs/run2`) are not read without --recursive, and never in silence:
    /// `features` and `filter` say which sub-folders were passed over and what reads them; a reference (read
    /// alone, never recursively) says to name the folder that holds the PNG files.
    @Test func masksOneFolderDownAreSaid() throws {
        let folder = try folderWithMasks(count: 4)
        defer { folder.remove() }
        _ = try SyntheticMaskSet.write(count: 2, seed: 3, to: folder.path + "/runs/run1", jobs: 1)
        _ = try SyntheticMaskSet.write(count: 2, seed: 4, to: folder.path + "/runs/run2", jobs: 1)
        let note = "note: runs holds no PNG files of its own but 2 sub-folders (run1, run2): --recursive reads the PNG files in them"
        let features = try CommandRunner.run(["features", "runs"], in: folder.path)
        #expect(features.status == 2 && features.standardError.contains(note), "\(features.standardError)")
        let filtered = try CommandRunner.run(["filter", "runs", "--reference", "masks", "-o", "d.csv"], in: folder.path)
        #expect(filtered.status == 2 && filtered.standardError.contains(note), "\(filtered.standardError)")
        let recursive = try CommandRunner.run(["features", "runs", "--recursive"], in: folder.path)
        #expect(recursive.status == 0 && !recursive.standardError.contains("note:"), "\(recursive.standardError)")
        #expect(recursive.standardOutput.split(separator: "\n").count == 5)
        let reference = try CommandRunner.run(["filter", "masks", "--reference", "runs", "-o", "d.csv"], in: folder.path)
        #expect(reference.status == 64 && reference.standardError.contains(
            "runs holds no masks (runs holds no PNG files of its own, only 2 sub-folders (run1, run2): name the folder that holds the PNG files)"),
            "\(reference.standardError)")
    }

    /// Masks saved as JPEG (or another format ganfilter does not read) are never passed over in silence: a folder of
    /// them, as masks or as the reference, says what it holds and how to save them; one named is an error row that
    /// says the same.
    @Test func masksInAnotherFormatAreSaid() throws {
        let folder = try folderWithMasks(count: 3)
        defer { folder.remove() }
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16] + Array("JFIF".utf8)
        for name in ["a.jpg", "b.jpg"] { try folder.write(jpeg, to: "jpegs/" + name) }
        let masks = try CommandRunner.run(["features", "jpegs"], in: folder.path)
        #expect(masks.status == 2 && masks.standardError.contains("jpegs holds 2 JPEG files (a.jpg, ...) that a folder does not contribute"),
                "\(masks.standardError)")
        let named = try CommandRunner.run(["features", "jpegs/a.jpg"], in: folder.path)
        #expect(named.status == 2 && named.standardOutput.contains("jpegs/a.jpg,error,,,,,,,\"not a PNG file but a JPEG file: JPEG's lossy"),
                "\(named.standardOutput)")
        let reference = try CommandRunner.run(["filter", "masks", "--reference", "jpegs"], in: folder.path)
        #expect(reference.status == 64 && reference.standardError.contains("jpegs holds no masks (jpegs holds 2 JPEG files"),
                "\(reference.standardError)")
        try folder.write(jpeg, to: "masks/c.jpg")
        let mixed = try CommandRunner.run(["filter", "masks", "--reference", "masks", "-o", "d.csv"], in: folder.path)
        #expect(mixed.standardError.contains("note: reference: masks holds a JPEG file, c.jpg,"), "\(mixed.standardError)")
    }

    @Test func tooLargeImagesAreRefused() throws {
        let folder = try folderWithMasks(count: 2)
        defer { folder.remove() }
        let result = try CommandRunner.run(["features", "masks", "--max-pixels", "1000"], in: folder.path)
        #expect(result.status == 2)
        #expect(result.standardOutput.contains("over the limit of 1000 (--max-pixels)"))
    }

    @Test(arguments: [
        ["features"],
        ["features", "x", "--threshold", "256"],
        ["features", "x", "--threshold", "-1"],
        ["features", "x", "--dilation-radius", "-1"],
        ["features", "x", "--jobs", "0"],
        ["features", "x", "--format", "xml"],
        ["features", "x", "--output", "/no/such/folder/out.csv"],
        ["features", "x", "--bogus"],
        ["synth", "masks", "--count", "0", "--output", "x"],
        ["nonsense"],
    ])
    func usageErrorsExit64(arguments: [String]) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.standardError)")
        #expect(!result.standardError.isEmpty)
    }

    @Test func helpAndVersion() throws {
        let help = try CommandRunner.run(["features", "--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("--dilation-radius"))
        #expect(help.standardOutput.contains("64  usage error"))
        let version = try CommandRunner.run(["--version"])
        #expect(version.status == 0 && version.standardOutput.contains("0.1.0"))
    }

    @Test func outputIsAtomicAndInputsUntouched() throws {
        let folder = try folderWithMasks(count: 3)
        defer { folder.remove() }
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/masks").sorted()
        let result = try CommandRunner.run(["features", "masks", "-o", "f.csv"], in: folder.path)
        #expect(result.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["f.csv", "f.csv.json", "masks"],
                "the table and its settings, no temporary file")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/masks").sorted() == before)
    }
}
