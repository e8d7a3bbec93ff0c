import Foundation
import MaskImage
import Realism
import Testing
import TestSupport

/// Translation-aligned Dice against NumPy (`Tests/Fixtures/make_realism_golden.py`).
struct RealismGoldenTests {
    struct Golden: Decodable {
        struct Case: Decodable {
            let file: String
            let best: Double
            let mean_of_best: Double
        }
        let cases: [Case]
        let quantiles: [String: Double]
    }

    @Test func leaveOneOutScoresAndQuantilesMatchNumPy() throws {
        let data = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/realism.json")))
        let golden = try JSONDecoder().decode(Golden.self, from: data)
        let reference = try ReferenceSet(folder: Fixtures.path("anatomy"))
        let names: [String] = reference.files.map { ($0 as NSString).lastPathComponent }
        let goldenNames: [String] = golden.cases.map { ($0.file as NSString).lastPathComponent }
        #expect(names == goldenNames)
        for (index, entry) in golden.cases.enumerated() {
            let scores = reference.scores(reference.masks[index], excluding: index)
            let bestError = abs(scores.best - entry.best), meanError = abs(scores.meanOfBest - entry.mean_of_best)
            #expect(bestError <= 1e-12 && meanError <= 1e-12, "\(entry.file): \(scores), NumPy \(entry.best), \(entry.mean_of_best)")
        }
        let best = reference.leaveOneOutBest()
        for (q, expected) in golden.quantiles {
            let value = ReferenceSet.quantile(best, try #require(Double(q)))
            #expect(abs(value - expected) <= 1e-12, "q=\(q): \(value), NumPy \(expected)")
        }
    }

    @Test func aMaskMatchesItselfWhereverItIsAndShiftsKeepTheirBits() throws {
        var mask = BinaryMask(width: 130, height: 20)
        for y in 3..<9 { for x in 60..<75 { mask[x, y] = true } }
        var moved = BinaryMask(width: 130, height: 20)
        for y in 10..<16 { for x in 100..<115 { moved[x, y] = true } }
        #expect(AlignedMask(mask).dice(AlignedMask(moved)) == 1, "a translated copy overlaps exactly once aligned, across words")
        #expect(AlignedMask(mask).dice(AlignedMask(BinaryMask(width: 130, height: 20))) == 0)
        #expect(AlignedMask(mask).dice(AlignedMask(BinaryMask(width: 131, height: 20))) == 0, "another size never matches")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(throws: ReferenceSet.Problem.self) { try ReferenceSet(folder: folder.path) }
        #expect(throws: ReferenceSet.Problem.self) { try ReferenceSet(folder: folder.path + "/missing") }
        let twice = try ReferenceSet(folder: Fixtures.path("anatomy"))
        #expect(try ReferenceSet(folder: Fixtures.path("anatomy")).digest == twice.digest && twice.digest.count == 16)
    }
}
