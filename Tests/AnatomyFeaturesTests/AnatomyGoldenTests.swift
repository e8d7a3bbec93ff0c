import AnatomyFeatures
import Foundation
import MaskImage
import SeededRandom
import Testing
import TestSupport

/// The anatomy columns against SciPy, scikit-image and NumPy (`Tests/Fixtures/make_anatomy_golden.py`) on
/// random masks made to hit the cases where definitions differ, and on the real Montgomery masks.
struct AnatomyGoldenTests {
    struct Golden: Decodable {
        struct Case: Decodable {
            let file: String
            let values: [Double]
        }
        let names: [String]
        let cases: [Case]
    }

    @Test func everyColumnMatchesTheIndependentComputation() throws {
        let data = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/anatomy.json")))
        let golden = try JSONDecoder().decode(Golden.self, from: data)
        #expect(golden.names == AnatomyFeatures.names)
        #expect(golden.cases.count == 64)
        for entry in golden.cases {
            let mask = try PNGReader().mask(atPath: Fixtures.root + "/" + entry.file, threshold: 128)
            let features = try #require(AnatomyFeatures(mask))
            for (index, (value, expected)) in zip(features.values, entry.values).enumerated() {
                #expect(abs(value - expected) <= 1e-12 * max(1, abs(expected)),
                        "\(entry.file): \(AnatomyFeatures.names[index]) \(value), SciPy \(expected)")
            }
        }
    }

    @Test func degenerateMasksHaveDefinedFiniteValues() throws {
        #expect(AnatomyFeatures(BinaryMask(width: 16, height: 16)) == nil, "an empty mask has no shape")
        var single = BinaryMask(width: 16, height: 16)
        single[3, 4] = true
        let one = try #require(AnatomyFeatures(single))
        #expect(one.values.allSatisfy { $0.isFinite })
        #expect(one.values == [1.0 / 256, 1, 0, 0, 0, 1, 0, 1, 1], "one pixel: one component, left half only, a unit square")

        var twoLungs = BinaryMask(width: 20, height: 10)
        for y in 2..<8 {
            for x in 2..<7 { twoLungs[x, y] = true }
            for x in 13..<18 { twoLungs[x, y] = true }
        }
        let pair = try #require(AnatomyFeatures(twoLungs))
        #expect(pair.values == [60.0 / 200, 2, 0, 0, 1, 0, 1, 1, 44.0 / 44], "two mirrored rectangles: the ideal pair")
    }

    @Test func randomMasksNeverGiveNonFiniteValues() {
        var random = SeededGenerator(seed: 31)
        for _ in 0..<200 {
            let width = 1 + random.integer(below: 40), height = 1 + random.integer(below: 40)
            var mask = BinaryMask(width: width, height: height)
            let density = random.uniform(0, 1)
            for y in 0..<height { for x in 0..<width where random.uniform(0, 1) < density { mask[x, y] = true } }
            guard let features = AnatomyFeatures(mask) else {
                #expect(mask.foregroundCount == 0)
                continue
            }
            #expect(features.values.count == AnatomyFeatures.names.count && features.values.allSatisfy { $0.isFinite }, "\(width)x\(height)")
        }
    }
}
