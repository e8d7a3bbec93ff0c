import BatchRunning
import FileIO
import MaskFeatures
import MaskImage
import SymmetryFeatures
import TestSupport
import Testing

struct EdgeCaseTests {
    func mask(_ rows: [String]) -> BinaryMask {
        var mask = BinaryMask(width: rows[0].count, height: rows.count)
        for (y, row) in rows.enumerated() {
            for (x, character) in row.enumerated() where character == "#" { mask[x, y] = true }
        }
        return mask
    }

    @Test func onePixelWideAndEmptyMasksHaveNoFeatures() {
        #expect(SymmetryFeatures(of: mask(["#", "#"]), dilationRadius: 5) == nil, "width 1: both halves are empty")
        #expect(SymmetryFeatures(of: mask(["....", "...."]), dilationRadius: 5) == nil)
        #expect(SymmetryFeatures(of: mask([".#.", ".#."]), dilationRadius: 2) == nil, "the centre column is in neither half")
    }

    @Test func oneSidedMasks() throws {
        let features = try #require(SymmetryFeatures(of: mask(["##....", "#....."]), dilationRadius: 1))
        #expect(features.values == [0, 0, 0.25, 0, 0, 0.25])
    }

    @Test func perfectSymmetryAndRadiusZero() throws {
        let symmetric = try #require(SymmetryFeatures(of: mask(["#..#", ".##.", "#.##"]), dilationRadius: 0))
        #expect(symmetric.plain == symmetric.dilated)
        let full = try #require(SymmetryFeatures(of: mask(["#####", "#####"]), dilationRadius: 3))
        #expect(full.values == [1, 1, 0, 1, 1, 0])
    }

    @Test func knownValues() throws {
        // Left half "##.", right half mirrored "#..": overlap 1, union 2, areas 2 and 1.
        let features = try #require(SymmetryFeatures(of: mask(["##....#"]), dilationRadius: 1))
        #expect(features.plain.iou == 0.5)
        #expect(abs(features.plain.cosine - 1 / 2.0.squareRoot()) < 1e-15)
        #expect(abs(features.plain.areaRatio - (2.0 / 3 - 0.5) * (2.0 / 3 - 0.5)) < 1e-15)
        // Dilated by 1 within each half: "###" and "##.".
        #expect(features.dilated.iou == 2.0 / 3)
        #expect(abs(features.dilated.cosine - 2 / 6.0.squareRoot()) < 1e-15)
        #expect(abs(features.dilated.areaRatio - 0.01) < 1e-15)
    }

    @Test func errorRowsComeFromListingProblemsAndBadFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let text = try folder.write(Array("x".utf8), to: "x.png")
        let settings = FeatureSettings()
        let listed = FeatureExtraction.row(for: MaskInput(InputFile(path: "gone.png", problem: "No such file or directory")),
                                           settings: settings)
        #expect(listed == .error("gone.png", "No such file or directory"))
        let bad = FeatureExtraction.row(for: MaskInput(InputFile(path: text)), settings: settings)
        #expect(bad.status == .error && bad.error == "not a PNG file (no PNG signature)")
        #expect(FeatureRow.error("a", "two\nlines").error == "two lines")
    }

    @Test func batchRowsAreTheSameWhateverTheJobs() throws {
        let inputs = InputDiscovery.listInputs([Fixtures.path("png")], recursive: false).files.map(MaskInput.init)
        #expect(inputs.count > 200)
        let one = FeatureExtraction.rows(for: inputs, settings: FeatureSettings(), jobs: 1)
        let four = FeatureExtraction.rows(for: inputs, settings: FeatureSettings(), jobs: 4)
        #expect(one == four)
        #expect(one.map(\.file) == inputs.map(\.path))
    }
}
