import CBitCount
import SeededRandom
import Testing

/// `CBitCount`: the POPCNT path and the baseline path count the same bits, and both agree with Swift's
/// `nonzeroBitCount` on the plain formula.
@Suite(.serialized) struct BitCountTests {
    static func words(_ count: Int, seed: UInt64) -> [UInt64] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in random.next() & random.next() }
    }

    /// `body` on the CPU's path and on the baseline path.
    static func onBothPaths<T: Equatable>(_ body: () -> T) -> (T, T) {
        gf_bit_count_force_baseline(0)
        let chosen = body()
        gf_bit_count_force_baseline(1)
        defer { gf_bit_count_force_baseline(0) }
        return (chosen, body())
    }

    @Test func countsAndPairs() {
        let a = Self.words(1001, seed: 1), b = Self.words(1001, seed: 2)
        let (fast, base) = Self.onBothPaths { gf_popcount(a, a.count) }
        #expect(fast == base && fast == a.reduce(0) { $0 + $1.nonzeroBitCount })
        let (pairFast, pairBase) = Self.onBothPaths { () -> [Int] in
            var (x, y, z) = (0, 0, 0)
            gf_popcount_pair(a, b, a.count, &x, &y, &z)
            return [x, y, z]
        }
        #expect(pairFast == pairBase)
        #expect(pairFast == [a.reduce(0) { $0 + $1.nonzeroBitCount }, b.reduce(0) { $0 + $1.nonzeroBitCount },
                             zip(a, b).reduce(0) { $0 + ($1.0 & $1.1).nonzeroBitCount }])
    }

    /// The outline matches of a tile of outlines and bands against several others', over the rows both bands
    /// hold, against the plain formula, on each path (AVX-512, POPCNT alone, baseline).
    @Test func outlineMatchesAreThePlainFormula() {
        let words = 64, count = 5, tile = 3
        let tileOutlines = Self.words(words * tile, seed: 5), tileBands = Self.words(words * tile, seed: 6)
        let outlines = Self.words(words * count, seed: 7), bands = Self.words(words * count, seed: 8)
        // Each one's own rows, some empty (first past last), some ending within a step of eight rows.
        let tileFirsts: [UInt8] = [5, 0, 64], tileLasts: [UInt8] = [60, 63, 0]
        let firsts: [UInt8] = [0, 10, 7, 64, 30], lasts: [UInt8] = [63, 50, 7, 0, 62]
        let expected = (0..<tile).flatMap { t in
            (0..<count).map { m -> [Int] in
                let from = max(Int(tileFirsts[t]), Int(firsts[m])), to = min(Int(tileLasts[t]), Int(lasts[m]))
                let rows = from..<max(from, to + 1)
                return [rows.reduce(0) { $0 + (tileOutlines[t * words + $1] & bands[m * words + $1]).nonzeroBitCount },
                        rows.reduce(0) { $0 + (tileBands[t * words + $1] & outlines[m * words + $1]).nonzeroBitCount }]
            }
        }
        for path: Int32 in [0, 2, 1] {
            gf_bit_count_force_baseline(path)
            defer { gf_bit_count_force_baseline(0) }
            var matched = [UInt32](repeating: 0, count: tile * count), other = [UInt32](repeating: 0, count: tile * count)
            gf_outline_matches(tileOutlines, tileBands, tileFirsts, tileLasts, tile, outlines, bands, firsts, lasts, words, count,
                               &matched, &other)
            #expect((0..<tile * count).map { [Int(matched[$0]), Int(other[$0])] } == expected, "path \(path)")
        }
    }

    /// The shifted overlap of rows against the plain formula, for shifts within a word and across words.
    @Test(arguments: [0, 1, 37, 63])
    func shiftedOverlapIsThePlainFormula(bitShift: Int) {
        let words = 3, height = 6
        let target = Self.words(words * height, seed: 3)
        var padded = [UInt64](repeating: 0, count: (2 * height + 1) * words + 2 * words)
        let source = Self.words(words * height, seed: 4)
        for y in 0..<height { for i in 0..<words { padded[(2 * y + 1) * words + i] = source[y * words + i] } }
        let carried: UInt64 = bitShift == 0 ? 0 : ~0
        let last: UInt64 = (1 << 40) - 1
        var intersection = 0, shifted = 0
        for y in 1...4 {
            for i in 0..<words {
                let p = (2 * (y - 1) + 1) * words + 1
                var value = (padded[p + i] &<< UInt64(bitShift)) | ((padded[p + i - 1] &>> UInt64(64 - bitShift)) & carried)
                if i == words - 1 { value &= last }
                shifted += value.nonzeroBitCount
                intersection += (value & target[y * words + i]).nonzeroBitCount
            }
        }
        let (fast, base) = Self.onBothPaths { () -> [Int] in
            var (both, count) = (0, 0)
            gf_shifted_overlap(target, padded, words, 1, 4, 1, 1, UInt32(bitShift), carried, last, 1, &both, &count)
            return [both, count]
        }
        #expect(fast == base && fast == [intersection, shifted])
    }
}
