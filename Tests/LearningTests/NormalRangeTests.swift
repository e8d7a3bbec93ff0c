import Foundation
import Learning
import SeededRandom
import TestSupport
import Testing

/// The expected range of normal values against SciPy's integral (`Tests/Fixtures/make_normal_range_golden.py`), and
/// against the ranges of samples drawn.
struct NormalRangeTests {
    private struct Golden: Decodable {
        struct Case: Decodable {
            let count: Int, expectedWidth: Double, widening: Double?
        }
        let cases: [Case]
    }

    private static func golden() throws -> [Golden.Case] {
        let bytes = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/normal_range.json")))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Golden.self, from: bytes).cases
    }

    @Test func theExpectedWidthIsSciPys() throws {
        let cases = try Self.golden()
        #expect(cases.count > 10)
        for example in cases {
            #expect(abs(NormalRange.expectedWidth(of: example.count) - example.expectedWidth) < 1e-9, "\(example.count)")
        }
    }

    /// The mean range of many samples of 10 normal values (Box-Muller from seeded uniforms) is d2(10), within
    /// four standard errors.
    @Test func samplesSpanAsMuchOnAverage() {
        var random = SeededGenerator(seed: 7)
        let trials = 20_000, count = 10
        var widths: [Double] = []
        for _ in 0..<trials {
            let values = (0..<count).map { _ in
                (-2 * log(random.uniform(Double.ulpOfOne, 1))).squareRoot() * cos(2 * Double.pi * random.uniform(0, 1))
            }
            widths.append((values.max() ?? 0) - (values.min() ?? 0))
        }
        let mean = widths.reduce(0, +) / Double(trials)
        let sd = (widths.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(trials - 1)).squareRoot()
        #expect(abs(mean - NormalRange.expectedWidth(of: count)) < 4 * sd / Double(trials).squareRoot(), "\(mean)")
    }
}
