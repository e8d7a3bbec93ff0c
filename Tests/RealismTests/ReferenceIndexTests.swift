import Foundation
import MaskImage
@testable import Realism
import SeededRandom
import TestSupport
import Testing

/// The coarse index bounds every Dice from above, and the searches built on it give exactly what comparing with
/// every reference gives: on ellipses and blobs anywhere in the frame (many pairs move partly out of it), with
/// ties (in small frames, where distinct masks often meet a query with the same Dice; masks moved by a pixel are
/// one mask to a reference, which holds each once), for any count.
struct ReferenceIndexTests {
    /// An ellipse (lung-like, so that bounds are tight and the searches prune) or a blob of rectangles.
    static func mask(width: Int, height: Int, _ random: inout SeededGenerator) -> BinaryMask {
        guard random.integer(below: 3) > 0 else { return AlignedDiceTests.randomMask(width: width, height: height, &random) }
        var mask = BinaryMask(width: width, height: height)
        let cx = random.uniform(0, Double(width)), cy = random.uniform(0, Double(height))
        let rx = random.uniform(1, Double(width) / 2), ry = random.uniform(1, Double(height) / 2)
        for y in 0..<height {
            for x in 0..<width where pow((Double(x) - cx) / rx, 2) + pow((Double(y) - cy) / ry, 2) <= 1 { mask[x, y] = true }
        }
        mask[min(width - 1, Int(cx)), min(height - 1, Int(cy))] = true
        return mask
    }

    /// `mask` moved a column right, or left when its last column has foreground; unchanged (a copy, which a
    /// reference counts once) when both edge columns have.
    static func shiftedCopy(_ mask: BinaryMask) -> BinaryMask {
        let column = { (x: Int) in (0..<mask.height).contains { mask[x, $0] } }
        let step = !column(mask.width - 1) ? 1 : !column(0) ? -1 : 0
        var moved = BinaryMask(width: mask.width, height: mask.height)
        for y in 0..<mask.height {
            for x in 0..<mask.width where mask[x, y] { moved[x + step, y] = true }
        }
        return moved
    }

    static func reference(_ masks: [BinaryMask]) throws -> (ReferenceSet, TemporaryFolder) {
        let folder = try TemporaryFolder()
        for (index, mask) in masks.enumerated() { _ = try folder.write(PNGEncoder.encode(mask), to: String(format: "ref%03d.png", index)) }
        return (try ReferenceSet(folder: folder.path), folder)
    }

    @Test func boundsNeverFallBelowTheDiceAndSearchesAreExact() throws {
        var random = SeededGenerator(seed: 31)
        var pruned = 0
        var ties = 0
        for round in 0..<8 {
            let small = round >= 6
            let width = small ? 5 + random.integer(below: 4) : 20 + random.integer(below: 140)
            let height = small ? 4 + random.integer(below: 4) : 10 + random.integer(below: 70)
            var masks = (0..<60).map { _ in Self.mask(width: width, height: height, &random) }
            masks += masks.prefix(6).map(Self.shiftedCopy)  // the same masks to the reference, left out
            let (set, folder) = try Self.reference(masks)
            defer { folder.remove() }
            let realism = LocalRealism(set)
            for _ in 0..<25 {
                let query = AlignedMask(random.integer(below: 4) == 0 ? masks[random.integer(below: masks.count)] : Self.mask(width: width, height: height, &random))
                let dice = set.masks.map { query.dice($0) }
                let bounds = set.diceBounds(query)
                for index in set.masks.indices {
                    #expect(bounds.values[index] >= dice[index], "round \(round): bound \(bounds.values[index]) below \(dice[index])")
                }
                pruned += bounds.values.filter { $0 < 1 }.count
                let order = dice.indices.sorted { (dice[$0], $1) > (dice[$1], $0) }
                ties += zip(order, order.dropFirst()).prefix(9).filter { dice[$0] == dice[$1] && dice[$0] > 0 }.count
                for count in [1, 3, 5, 9] {
                    let best = set.best(query, count: count, bounds: bounds)
                    #expect(best.map(\.index) == Array(order.prefix(count)) && best.map(\.dice) == order.prefix(count).map { dice[$0] })
                    let excluded = order[0]
                    let without = set.best(query, count: count, excluding: excluded)
                    #expect(without.map(\.index) == Array(order.filter { $0 != excluded }.prefix(count)))
                }
                let floor = 1 / Double(width * height)
                var direct = 0.0
                for index in realism.retained {
                    let distance = max(1 - dice[index] / (2 - dice[index]), floor)
                    direct = max(direct, realism.radii[index] / distance)
                }
                #expect(realism.score(query, bounds: bounds) == direct)
            }
        }
        #expect(pruned > 1000, "the bounds never pruned: \(pruned)")
        #expect(ties > 20, "too few ties among the best: \(ties)")
    }

    /// A mask's block counts in the index are its pixels counted one by one in the fine grid's blocks, once moved
    /// by its canonical shift, and its pixels outside the grid: for masks of several widths (rows of one word and of
    /// several, blocks across words, grids ending within a word), some reaching the frame's edges.
    @Test func blockCountsArePixelCounts() {
        var random = SeededGenerator(seed: 33)
        for (width, height) in [(90, 60), (200, 150), (64, 64), (23, 41)] {
            let masks = (0..<30).map { _ in Self.mask(width: width, height: height, &random) }.filter { $0.words.contains { $0 != 0 } }
            let index = ReferenceIndex(masks.map(AlignedMask.init))
            let queries = masks.prefix(5) + (0..<10).map { _ in Self.mask(width: width, height: height, &random) }
            for mask in queries {
                let query = index.query(AlignedMask(mask))
                var fine = [UInt8](repeating: 0, count: index.grid.cells), outside = 0
                for y in 0..<height {
                    for x in 0..<width where mask[x, y] {
                        let column = x + query.shift.x - index.originX, row = y + query.shift.y - index.originY
                        if column >= 0, row >= 0, column / ReferenceIndex.blockSize < index.grid.columns, row / ReferenceIndex.blockSize < index.grid.rows {
                            fine[(row / ReferenceIndex.blockSize) * index.grid.columns + column / ReferenceIndex.blockSize] += 1
                        } else {
                            outside += 1
                        }
                    }
                }
                #expect(query.fine == fine && query.outside == outside, "\(width)x\(height)")
            }
        }
    }

    /// The bounds of many masks at once, with an empty mask and one of another size among them, are each mask's own.
    @Test func boundsOfATileAreEachMasksOwn() throws {
        var random = SeededGenerator(seed: 32)
        let masks = (0..<80).map { _ in Self.mask(width: 90, height: 60, &random) }
        let (set, folder) = try Self.reference(masks)
        defer { folder.remove() }
        var queries = (0..<37).map { _ in AlignedMask(Self.mask(width: 90, height: 60, &random)) }
        queries[4] = AlignedMask(BinaryMask(width: 90, height: 60))
        queries[9] = AlignedMask(Self.mask(width: 50, height: 60, &random))
        let together = set.diceBounds(queries)
        #expect(together.count == queries.count)
        for (index, query) in queries.enumerated() {
            #expect(together[index].values == set.diceBounds(query).values, "mask \(index)")
        }
        #expect(set.diceBounds([]).isEmpty)
    }
}
