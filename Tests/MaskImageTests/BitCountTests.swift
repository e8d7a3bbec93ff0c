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

    /// `body` with copies of `arrays` that begin on a 64-byte boundary (`aligned`) or 8 bytes past one, as
    /// `gf_outline_matches` takes them: its AVX-512 path loads aligned where every one begins on a boundary.
    static func placed<T>(_ arrays: [[UInt64]], aligned: Bool, _ body: ([UnsafePointer<UInt64>]) -> T) -> T {
        let buffers = arrays.map { array in
            let raw = UnsafeMutableRawPointer.allocate(byteCount: 8 * (array.count + 1), alignment: 64)
            let start = raw.bindMemory(to: UInt64.self, capacity: array.count + 1) + (aligned ? 0 : 1)
            start.initialize(from: array, count: array.count)
            return (raw, UnsafePointer(start))
        }
        defer { buffers.forEach { $0.0.deallocate() } }
        return body(buffers.map(\.1))
    }

    /// The outline matches of a tile of outlines and bands against several others', over the rows both bands
    /// hold, against the plain formula, on each path (AVX-512, POPCNT alone, baseline), from buffers aligned to a
    /// cache line and not; an odd tile, so that the AVX-512 path's pairs of outlines end on one alone, and whole
    /// outlines within whole bands, the largest counts its 16-bit fields hold.
    @Test(arguments: [false, true])
    func outlineMatchesAreThePlainFormula(whole: Bool) {
        let words = 64, count = 5, tile = 3
        // Each one's own rows, some empty (first past last), some ending within a step of eight rows; outside
        // them its outline and band are empty, as the function requires.
        let tileFirsts: [UInt8] = whole ? [0, 0, 0] : [5, 0, 64], tileLasts: [UInt8] = whole ? [63, 63, 63] : [60, 63, 0]
        let firsts: [UInt8] = whole ? [0, 0, 0, 0, 0] : [0, 10, 7, 64, 30], lasts: [UInt8] = whole ? [63, 63, 63, 63, 63] : [63, 50, 7, 0, 62]
        func within(_ all: [UInt64], _ firsts: [UInt8], _ lasts: [UInt8]) -> [UInt64] {
            all.enumerated().map { index, word in
                let (row, first, last) = (index % words, Int(firsts[index / words]), Int(lasts[index / words]))
                return first <= row && row <= last ? (whole ? ~0 : word) : 0
            }
        }
        let tileOutlines = within(Self.words(words * tile, seed: 5), tileFirsts, tileLasts)
        let tileBands = within(Self.words(words * tile, seed: 6), tileFirsts, tileLasts)
        let outlines = within(Self.words(words * count, seed: 7), firsts, lasts), bands = within(Self.words(words * count, seed: 8), firsts, lasts)
        let expected = (0..<tile).flatMap { t in
            (0..<count).map { m -> [Int] in
                [(0..<words).reduce(0) { $0 + (tileOutlines[t * words + $1] & bands[m * words + $1]).nonzeroBitCount },
                 (0..<words).reduce(0) { $0 + (tileBands[t * words + $1] & outlines[m * words + $1]).nonzeroBitCount }]
            }
        }
        #expect(expected.contains { $0 != [0, 0] }, "some outlines meet")
        #expect(!whole || expected.allSatisfy { $0 == [4096, 4096] })
        for path: Int32 in [0, 2, 1] {
            for aligned in [true, false] {
                gf_bit_count_force_baseline(path)
                defer { gf_bit_count_force_baseline(0) }
                var matched = [UInt32](repeating: 0, count: tile * count), other = [UInt32](repeating: 0, count: tile * count)
                Self.placed([tileOutlines, tileBands, outlines, bands], aligned: aligned) { rows in
                    gf_outline_matches(rows[0], rows[1], tileFirsts, tileLasts, tile, rows[2], rows[3], firsts, lasts, words, count,
                                       &matched, &other)
                }
                #expect((0..<tile * count).map { [Int(matched[$0]), Int(other[$0])] } == expected, "path \(path), aligned \(aligned)")
            }
        }
    }

    /// The block distances of a tile of grids to several others against the plain formula, on each path (AVX-512,
    /// AVX2, SSE2), for grids that fill no whole step, a scaled frame's 64 cells, and the most cells whose
    /// distances the AVX-512 path sums four at once (257: at most 65,535) and more, which it sums two at once; a
    /// tile of 6, four at once and two after them; with `farthest`, every cell 255 against 0, the largest distances.
    @Test(arguments: [(7, false), (64, false), (64, true), (150, false), (224, false), (257, true), (258, true), (289, false), (1000, true)])
    func blockDistancesAreThePlainFormula(cells: Int, farthest: Bool) {
        let tile = 6, count = 4
        let queries = farthest ? [UInt8](repeating: 255, count: tile * cells) : Self.words(tile * cells, seed: 21).map { UInt8(truncatingIfNeeded: $0) }
        let grids = farthest ? [UInt8](repeating: 0, count: count * cells) : Self.words(count * cells, seed: 22).map { UInt8(truncatingIfNeeded: $0 >> 8) }
        let expected = (0..<tile).flatMap { t in
            (0..<count).map { m in (0..<cells).reduce(UInt32(0)) { $0 + UInt32(abs(Int(queries[t * cells + $1]) - Int(grids[m * cells + $1]))) } }
        }
        for path: Int32 in [0, 2, 1] {
            gf_block_distances_force_path(path)
            defer { gf_block_distances_force_path(0) }
            var out = [UInt32](repeating: 0, count: tile * count)
            gf_block_distances(queries, tile, grids, cells, count, &out)
            #expect(out == expected, "path \(path)")
        }
    }

    /// The reference index's bounds are the same on both paths (SSE4.1's `floor`, the baseline's call), bit for
    /// bit: for tiles of 1 to 19 masks, pairs whose roundings differ by more than a pixel (NaN), and references
    /// moved partly out of the frame, by more lines than the edge tables hold.
    @Test func indexBoundsAreTheSameOnEveryPath() {
        var random = SeededGenerator(seed: 23)
        let width = 100, height = 80
        var crossed = 0, far = 0
        for tile in [1, 7, 8, 9, 19] {
            let count = 37
            let placements = (0..<count).map { _ -> gf_placement in
                var p = gf_placement()
                p.first_row = Int64(random.integer(below: 30)); p.last_row = p.first_row + Int64(10 + random.integer(below: 45))
                p.first_column = Int64(random.integer(below: 40)); p.last_column = p.first_column + Int64(10 + random.integer(below: 55))
                p.centroid_x = Double(p.first_column + p.last_column) / 2 + random.uniform(-3, 3)
                p.centroid_y = Double(p.first_row + p.last_row) / 2 + random.uniform(-3, 3)
                p.count = Int64(200 + random.integer(below: 2000))
                p.shift_x = Int64(width / 2) - Int64(p.centroid_x.rounded()); p.shift_y = Int64(height / 2) - Int64(p.centroid_y.rounded())
                p.horizontal_change = Int64(random.integer(below: 200)); p.vertical_change = Int64(random.integer(below: 200))
                p.widest_row = Int64(5 + random.integer(below: 60)); p.tallest_column = Int64(5 + random.integer(below: 50))
                withUnsafeMutableBytes(of: &p.edges) { raw in
                    let edges = raw.bindMemory(to: Int32.self)
                    for edge in 0..<4 {
                        var sum: Int32 = 0
                        for k in 0..<16 { sum += Int32(1 + random.integer(below: 40)); edges[edge * 16 + k] = sum }
                    }
                }
                return p
            }
            let queries = (0..<tile).map { _ -> gf_query in
                let x = random.uniform(0, Double(width)), y = random.uniform(0, Double(height))
                let shiftX = Int64(width / 2) - Int64(x.rounded()) + Int64(random.integer(below: 3)) - 1
                let shiftY = Int64(height / 2) - Int64(y.rounded()) + Int64(random.integer(below: 3)) - 1
                return gf_query(x: x, y: y, count: Int64(100 + random.integer(below: 2500)), shift_x: shiftX, shift_y: shiftY,
                                outside: Int64(random.integer(below: 50)))
            }
            let distances = (0..<(tile * count)).map { _ in UInt32(random.integer(below: 3000)) }
            var results: [[UInt64]] = []
            for path: Int32 in [0, 1] {
                gf_index_bounds_force_path(path)
                defer { gf_index_bounds_force_path(0) }
                var out = [Double](repeating: -1, count: tile * count)
                gf_index_bounds(placements, distances, count, queries, tile, width, height, &out)
                results.append(out.map { $0.isNaN ? UInt64.max : $0.bitPattern })
                far += path == 0 ? out.filter(\.isNaN).count : 0
            }
            #expect(results[0] == results[1], "tile \(tile)")
            #expect(!results[0].contains((-1.0).bitPattern))
            for q in queries {
                for p in placements {
                    let dx = Int64((q.x - p.centroid_x + 0.5).rounded(.down)), dy = Int64((q.y - p.centroid_y + 0.5).rounded(.down))
                    if p.first_row + dy < 0 || p.last_row + dy >= height || p.first_column + dx < 0 || p.last_column + dx >= width { crossed += 1 }
                }
            }
        }
        #expect(crossed > 20 && far > 20, "too few pairs leave the frame (\(crossed)) or lie beyond a pixel (\(far))")
    }

    /// The shifted overlap of rows against the plain formula, for shifts within a word and across words.
    @Test(arguments: [0, 1, 37, 63])
    func shiftedOverlapIsThePlainFormula(bitShift: Int) {
        let words = 3, height = 6
        // The target holds rows 2 ... 3 (padded as the source is); its other rows are empty.
        let target = Self.words(words * height, seed: 3).enumerated().map { (2...3).contains($0.offset / 3) ? $0.element : 0 }
        var paddedTarget = [UInt64](repeating: 0, count: (2 * 2 + 1) * words)
        for y in 2...3 { for i in 0..<words { paddedTarget[(2 * (y - 2) + 1) * words + i] = target[y * words + i] } }
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
        #expect(intersection > 0)
        let (fast, base) = Self.onBothPaths { () -> [Int] in
            var (both, count) = (0, 0)
            gf_shifted_overlap(paddedTarget, 2, 3, padded, words, 1, 4, 1, 1, UInt32(bitShift), carried, last, 1, &both, &count)
            return [both, count]
        }
        #expect(fast == base && fast == [intersection, shifted])
    }
}
