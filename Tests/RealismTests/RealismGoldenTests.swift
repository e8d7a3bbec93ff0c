import Foundation
import FileIO
import Learning
import MaskImage
@testable import Realism
import SeededRandom
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
        let knn: [Double]
        let knn_leave_one_out: [Double]
        struct Small: Decodable {
            let count: Int
            let knn: [Double]
            let knn_leave_one_out: [Double]?
        }
        let small_references: [Small]
        let scaled: [Double]
        let scaled_leave_one_out: [Double]
        let scaled_counts: [Int]
        struct Lungs: Decodable {
            let reference: [String]
            let candidates: [String]
            let scores: [Double]
            let leave_one_out: [Double]
            let counts: [Int]
            let boundary: [Double]
            let boundary_leave_one_out: [Double]
        }
        let lung_scaled: Lungs
        let boundary: [Double]
        let boundary_leave_one_out: [Double]
    }

    /// The golden table's real lung masks that serve as its reference, copied into a folder of their own.
    private static func reference(of lungs: Golden.Lungs) throws -> (ReferenceSet, TemporaryFolder) {
        let folder = try TemporaryFolder()
        for file in lungs.reference {
            try FileManager.default.copyItem(atPath: Fixtures.root + "/masks/lung256/" + file, toPath: folder.path + "/" + file)
        }
        do {
            return (try ReferenceSet(folder: folder.path), folder)
        } catch {
            folder.remove()
            throw error
        }
    }

    /// realism_scaled_mean5 against NumPy: the frames' pixel counts, the scores of masks grown, moved and equal
    /// to a reference, and every reference left out in turn; on 64x48 masks (which the frame enlarges) and on
    /// real 256x256 lung masks (which it shrinks).
    @Test func scaledRealismMatchesNumPy() throws {
        let data = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/realism.json")))
        let golden = try JSONDecoder().decode(Golden.self, from: data)
        let reference = try ReferenceSet(folder: Fixtures.path("anatomy"))
        #expect(reference.scaled.frames.map(\.count) == golden.scaled_counts)
        let stack = try MaskStack(path: Fixtures.path("golden/realism_knn_masks.npy"))
        for (index, expected) in golden.scaled.enumerated() {
            let score = reference.scaledScore(ScaledMask(AlignedMask(try stack.mask(at: index, threshold: 128))))
            #expect(abs(score - expected) <= 1e-12, "mask \(index): \(score), NumPy \(expected)")
        }
        #expect(zip(reference.scaled.leaveOneOut(by: .dice), golden.scaled_leave_one_out).allSatisfy { abs($0 - $1) <= 1e-12 })

        let lungs = golden.lung_scaled
        let (real, folder) = try Self.reference(of: lungs)
        defer { folder.remove() }
        #expect(real.scaled.frames.map(\.count) == lungs.counts)
        #expect(zip(real.scaled.leaveOneOut(by: .dice), lungs.leave_one_out).allSatisfy { abs($0 - $1) <= 1e-12 })
        for (file, expected) in zip(lungs.candidates, lungs.scores) {
            let mask = try MaskInput(InputFile(path: Fixtures.root + "/masks/lung256/" + file)).mask(threshold: 128, maxPixels: PNGReader.defaultMaxPixels)
            let score = real.scaledScore(ScaledMask(AlignedMask(mask)))
            #expect(abs(score - expected) <= 1e-12, "\(file): \(score), NumPy \(expected)")
        }
        #expect(real.scaledScore(nil) == 0 && ScaledMask(AlignedMask(BinaryMask(width: 8, height: 8))) == nil)
    }

    /// realism_boundary against SciPy's morphology on the same frames: masks grown, moved and equal to a
    /// reference, every reference left out in turn, on 64x48 masks and on real 256x256 lung masks.
    @Test func boundaryRealismMatchesSciPy() throws {
        let data = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/realism.json")))
        let golden = try JSONDecoder().decode(Golden.self, from: data)
        let reference = try ReferenceSet(folder: Fixtures.path("anatomy"))
        let stack = try MaskStack(path: Fixtures.path("golden/realism_knn_masks.npy"))
        for (index, expected) in golden.boundary.enumerated() {
            let score = reference.boundaryScore(ScaledMask(AlignedMask(try stack.mask(at: index, threshold: 128))))
            #expect(abs(score - expected) <= 1e-12, "mask \(index): \(score), SciPy \(expected)")
        }
        #expect(zip(reference.scaled.leaveOneOut(by: .boundary, jobs: 3), golden.boundary_leave_one_out).allSatisfy { abs($0 - $1) <= 1e-12 })

        let lungs = golden.lung_scaled
        let (real, folder) = try Self.reference(of: lungs)
        defer { folder.remove() }
        #expect(zip(real.scaled.leaveOneOut(by: .boundary), lungs.boundary_leave_one_out).allSatisfy { abs($0 - $1) <= 1e-12 })
        for (file, expected) in zip(lungs.candidates, lungs.boundary) {
            let mask = try MaskInput(InputFile(path: Fixtures.root + "/masks/lung256/" + file)).mask(threshold: 128, maxPixels: PNGReader.defaultMaxPixels)
            let score = real.boundaryScore(ScaledMask(AlignedMask(mask)))
            #expect(abs(score - expected) <= 1e-12, "\(file): \(score), SciPy \(expected)")
        }
        #expect(real.boundaryScore(nil) == 0)
    }

    /// realism_knn against NumPy's direct computation (no pruning): masks grown, moved and equal to a
    /// reference (on the distance floor), and every reference mask left out of everything in turn.
    @Test func realismWithLocalRadiiMatchesNumPy() throws {
        let data = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/realism.json")))
        let golden = try JSONDecoder().decode(Golden.self, from: data)
        let realism = LocalRealism(try ReferenceSet(folder: Fixtures.path("anatomy")))
        #expect(realism.neighbours == 3 && realism.retained.count >= 12)
        let stack = try MaskStack(path: Fixtures.path("golden/realism_knn_masks.npy"))
        #expect(stack.count == golden.knn.count)
        for (index, expected) in golden.knn.enumerated() {
            let score = realism.score(AlignedMask(try stack.mask(at: index, threshold: 128)))
            #expect(abs(score - expected) <= 1e-12 * max(1, expected), "mask \(index): \(score), NumPy \(expected)")
        }
        for (index, (score, expected)) in zip(try realism.leaveOneOutScores(), golden.knn_leave_one_out).enumerated() {
            #expect(abs(score - expected) <= 1e-12 * max(1, expected), "reference \(index): \(score), NumPy \(expected)")
        }
    }

    /// References of 2, 3 and 4 masks: fewer neighbours than k (`min(3, R − 1)`, and `min(3, R − 2)` with one
    /// left out), against NumPy; no leave-one-out under 3 masks, and no reference of one mask.
    @Test func smallReferencesUseTheNeighboursTheyHave() throws {
        let data = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/realism.json")))
        let golden = try JSONDecoder().decode(Golden.self, from: data)
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("anatomy")).filter { $0.hasSuffix(".png") }.sorted()
        let stack = try MaskStack(path: Fixtures.path("golden/realism_knn_masks.npy"))
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for count in 1...4 {
            let path = folder.path + "/r\(count)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            for file in files.prefix(count) { try FileManager.default.copyItem(atPath: Fixtures.path("anatomy/" + file), toPath: path + "/" + file) }
            guard let expected = golden.small_references.first(where: { $0.count == count }) else {
                #expect(throws: ReferenceSet.Problem.self) { try ReferenceSet(folder: path) }
                continue
            }
            let realism = LocalRealism(try ReferenceSet(folder: path))
            #expect(realism.neighbours == count - 1)
            for (index, value) in expected.knn.enumerated() {
                let score = realism.score(AlignedMask(try stack.mask(at: index, threshold: 128)))
                #expect(score.isFinite && abs(score - value) <= 1e-12 * max(1, value), "\(count) masks, mask \(index): \(score), NumPy \(value)")
            }
            if let leaveOneOut = expected.knn_leave_one_out {
                let scores = try realism.leaveOneOutScores()
                #expect(scores.count == count)
                for (score, value) in zip(scores, leaveOneOut) {
                    #expect(abs(score - value) <= 1e-12 * max(1, value), "\(count) masks left out: \(score), NumPy \(value)")
                }
            } else {
                #expect(throws: ReferenceSet.Problem.self) { try realism.leaveOneOutScores() }
            }
        }
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
            let value = Quantile.of(best, at: try #require(Double(q)))
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
        // Reference masks of two sizes: refused, naming both and what to do.
        try folder.write(try PNGEncoder.encode(mask), to: "mixed/a.png")
        try folder.write(try PNGEncoder.encode(moved), to: "mixed/b.png")
        var small = BinaryMask(width: 8, height: 8)
        for y in 2..<6 { for x in 2..<6 { small[x, y] = true } }
        try folder.write(try PNGEncoder.encode(small), to: "mixed/c.png")
        do {
            _ = try ReferenceSet(folder: folder.path + "/mixed")
            Issue.record("a reference of two sizes was read")
        } catch {
            #expect(error.description.contains("mixed/c.png is 8x8") && error.description.contains("must be of one size"), "\(error)")
        }
        // Every mask that cannot serve is named at once, against the size most masks have, even when the odd one
        // comes first.
        try folder.write(try PNGEncoder.encode(small), to: "several/0-small.png")
        try folder.write(try PNGEncoder.encode(mask), to: "several/a.png")
        try folder.write(try PNGEncoder.encode(moved), to: "several/b.png")
        try folder.write(try PNGEncoder.encode(BinaryMask(width: mask.width, height: mask.height)), to: "several/c-empty.png")
        try folder.write(Array(try PNGEncoder.encode(mask).prefix(60)), to: "several/d-cut.png")
        do {
            _ = try ReferenceSet(folder: folder.path + "/several")
            Issue.record("a reference with unusable masks was read")
        } catch {
            let text = error.description
            #expect(text.hasPrefix("3 of the 5 reference masks cannot serve"), "\(text)")
            #expect(text.contains("several/0-small.png is 8x8; \(folder.path)/several/a.png is \(mask.width)x\(mask.height)"), "\(text)")
            #expect(text.contains("several/c-empty.png is an empty mask") && text.contains("several/d-cut.png: "), "\(text)")
        }
        let twice = try ReferenceSet(folder: Fixtures.path("anatomy"))
        #expect(try ReferenceSet(folder: Fixtures.path("anatomy")).digest == twice.digest && twice.digest.count == 16)
    }
}

/// The word-shifting Dice, its bound and the pruned search against direct pixel computations, on random
/// masks of widths around the word boundaries and shifts of any size, in and out of the frame.
struct AlignedDiceTests {
    /// `2 |A ∧ B'| / (|A| + |B'|)` pixel by pixel, B' = B moved by the rounded centroid difference.
    static func directDice(_ a: BinaryMask, _ b: BinaryMask) -> Double {
        func centroid(_ m: BinaryMask) -> (Double, Double, Int) {
            var sx = 0, sy = 0, n = 0
            for y in 0..<m.height { for x in 0..<m.width where m[x, y] { sx += x; sy += y; n += 1 } }
            return (Double(sx) / Double(max(n, 1)), Double(sy) / Double(max(n, 1)), n)
        }
        let (ax, ay, na) = centroid(a), (bx, by, nb) = centroid(b)
        guard na > 0, nb > 0 else { return 0 }
        let dx = Int((ax - bx + 0.5).rounded(.down)), dy = Int((ay - by + 0.5).rounded(.down))
        var kept = 0, both = 0
        for y in 0..<b.height {
            for x in 0..<b.width where b[x, y] {
                let tx = x + dx, ty = y + dy
                guard tx >= 0, tx < a.width, ty >= 0, ty < a.height else { continue }
                kept += 1
                if a[tx, ty] { both += 1 }
            }
        }
        return 2 * Double(both) / Double(na + kept)
    }

    static func randomMask(width: Int, height: Int, _ random: inout SeededGenerator) -> BinaryMask {
        var mask = BinaryMask(width: width, height: height)
        mask[random.integer(below: width), random.integer(below: height)] = true
        for _ in 0..<(1 + random.integer(below: 3)) {
            let x0 = random.integer(below: width), y0 = random.integer(below: height)
            let x1 = min(width, x0 + 1 + random.integer(below: width)), y1 = min(height, y0 + 1 + random.integer(below: height))
            for y in y0..<y1 { for x in x0..<x1 where random.uniform(0, 1) < 0.8 { mask[x, y] = true } }
        }
        return mask
    }

    /// An aligned mask's measures are its pixels counted one by one: the count, centroid, extent, and the counts
    /// of each row and column, for masks up to 600 rows tall and columns whole (a column's count gathers past 255
    /// and 510 in bytes that are emptied as it goes), of widths around the word boundaries.
    @Test func measuresArePixelCounts() {
        var random = SeededGenerator(seed: 14)
        for round in 0..<60 {
            let width = 1 + random.integer(below: 200), height = round < 20 ? 256 + random.integer(below: 345) : 1 + random.integer(below: 60)
            var mask = Self.randomMask(width: width, height: height, &random)
            if round % 3 == 0 { for y in 0..<height { mask[random.integer(below: width), y] = true; mask[width - 1, y] = true } }
            let aligned = AlignedMask(mask)
            var rowCounts = [Int32](repeating: 0, count: height), columnCounts = [Int32](repeating: 0, count: width)
            for y in 0..<height { for x in 0..<width where mask[x, y] { rowCounts[y] += 1; columnCounts[x] += 1 } }
            let count = Int(rowCounts.reduce(0, +))
            #expect(aligned.count == count && aligned.rowCounts == rowCounts && aligned.columnCounts == columnCounts, "\(width)x\(height)")
            let rows = rowCounts.indices.filter { rowCounts[$0] > 0 }, columns = columnCounts.indices.filter { columnCounts[$0] > 0 }
            #expect(aligned.rows == rows.first!...rows.last! && aligned.columns == columns.first!...columns.last!)
            let x = Double(columnCounts.indices.reduce(0) { $0 + $1 * Int(columnCounts[$1]) }) / Double(count)
            let y = Double(rowCounts.indices.reduce(0) { $0 + $1 * Int(rowCounts[$1]) }) / Double(count)
            #expect(aligned.centroid?.x == x && aligned.centroid?.y == y)
            #expect(aligned.mask == mask)
        }
        // Masks of no pixels, rows or columns measure as empty.
        for (width, height) in [(0, 0), (5, 0), (0, 5), (70, 3)] {
            let aligned = AlignedMask(BinaryMask(width: width, height: height))
            #expect(aligned.count == 0 && aligned.centroid == nil && aligned.mask == BinaryMask(width: width, height: height))
        }
    }

    @Test func diceAndItsBoundMatchTheDirectComputation() {
        var random = SeededGenerator(seed: 12)
        for _ in 0..<400 {
            let width = 1 + random.integer(below: 200), height = 1 + random.integer(below: 30)
            let a = Self.randomMask(width: width, height: height, &random), b = Self.randomMask(width: width, height: height, &random)
            let aligned = AlignedMask(a), other = AlignedMask(b)
            let dice = aligned.dice(other)
            #expect(abs(dice - Self.directDice(a, b)) <= 1e-15, "\(width)x\(height)")
            #expect(aligned.diceBound(other) >= dice, "\(width)x\(height): the bound \(aligned.diceBound(other)) is below \(dice)")
        }
    }

    @Test func prunedScoresEqualComparingWithEveryReference() throws {
        var random = SeededGenerator(seed: 13)
        let references = (0..<40).map { _ in AlignedMask(Self.randomMask(width: 90, height: 24, &random)) }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for (index, mask) in references.enumerated() {
            _ = try folder.write(PNGEncoder.encode(mask.mask), to: "ref\(index + 10).png")
        }
        let set = try ReferenceSet(folder: folder.path)
        for _ in 0..<50 {
            let query = AlignedMask(Self.randomMask(width: 90, height: 24, &random))
            let all = set.masks.map { query.dice($0) }.sorted(by: >)
            let scores = set.scores(query)
            #expect(scores.best == all[0])
            #expect(abs(scores.meanOfBest - all.prefix(ReferenceSet.bestCount).reduce(0, +) / Double(ReferenceSet.bestCount)) <= 1e-15)
        }
    }
}
