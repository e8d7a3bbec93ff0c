import CBitCount
import MaskImage
import Parallelism

/// A coarse index of a reference set that bounds the aligned Dice of a mask with every reference mask from
/// above, at a small part of `AlignedMask.diceBound`'s cost, so that a search compares exactly only the few
/// references whose bound can beat what it has found.
///
/// Every mask is moved so that its centroid falls on the frame's centre (`canonical shift`,
/// `floor(W/2 − c + 0.5)` on each axis, in an unbounded frame) and counted in blocks of 8x8 pixels over the
/// union of the reference masks' extents, and again in blocks of 16x16 (counts above 255 cut to 255, which only
/// lowers the distances below). For a mask `A` and a reference `B` that stays in the frame when moved onto `A`
/// (`B′`):
///
/// - `Dice = 1 − |A Δ B′| / (|A| + |B|)`;
/// - moving both by `A`'s canonical shift, `B′` lands on the canonical `B` moved by `e`, the difference of the
///   roundings, within one pixel on each axis (checked for each pair; a pair beyond it takes `diceBound`);
/// - by the triangle inequality of the symmetric difference, `|A Δ B′| ≥ L1 − (H·|e_x| + V·|e_y|)`, where
///   `L1 = Σ_blocks |a_c − b_c|` on either grid, `H = |B Δ B moved one column|` (twice its horizontal runs) and
///   `V` the same over rows; pixels of `A` outside the grid count whole.
///
/// The bound is `(|A| + |B| − max(0, L1 − H·|e_x| − V·|e_y|)) / (|A| + |B| − lost)`, in integers until the one
/// division, so that it is never below the Dice as `AlignedMask.dice` rounds it. `lost` is 0 when `B′` stays in
/// the frame; else the pixels of the rows and of the columns of `B` that the move takes out of it (exactly for
/// the 16 lines nearest each edge of its extent, the widest line's count for each further one), at least the
/// pixels it loses (`|A ∧ B′|` is the overlap with the whole moved `B`, `A` lying in the frame). The per-pair
/// arithmetic is `CBitCount`'s `gf_index_bounds`.
///
/// A search takes the coarse bound of every reference (a few megabytes for 10,000 masks, which stay in cache),
/// and the fine one only for those the coarse one cannot rule out, before comparing exactly.
struct ReferenceIndex: Sendable {
    /// The side of a fine block, in pixels; a coarse block is 2x2 fine ones.
    static let blockSize = 8

    /// A grid of block counts over the index's frame.
    struct Grid: Sendable {
        /// Cell (i, j) counts the canonical pixels of columns `originX + side j ..< originX + side (j + 1)`
        /// and rows `originY + side i ..< originY + side (i + 1)`.
        let columns: Int, rows: Int
        /// Cells per mask.
        var cells: Int { columns * rows }

        /// The coarse grid over the same frame as this fine one.
        var coarse: Grid { Grid(columns: (columns + 1) / 2, rows: (rows + 1) / 2) }

        /// `fine` (cells of this grid) summed in 2x2 blocks, cut at 255, into `coarse`'s cells.
        func coarsen(_ fine: UnsafeBufferPointer<UInt8>, into coarse: UnsafeMutableBufferPointer<UInt8>) {
            let target = self.coarse
            for row in 0..<rows {
                for column in 0..<columns {
                    let cell = (row / 2) * target.columns + column / 2
                    coarse[cell] = UInt8(min(255, Int(coarse[cell]) + Int(fine[row * columns + column])))
                }
            }
        }
    }

    /// A mask measured against the index: its shift, block counts and pixels outside the grid.
    struct Query: Sendable {
        let shift: (x: Int, y: Int)
        let fine: [UInt8], coarse: [UInt8]
        let outside: Int
    }

    /// What the bound needs of each reference mask (`gf_placement`), side by side for the pass over all of them.
    private let placements: [gf_placement]
    /// How many lines by each edge of a mask's extent `gf_placement.edges` holds: its 64 entries are 4 x 16, and
    /// `gf_index_bounds` reads them so.
    private static let edgeLines = 16
    private let width: Int, height: Int
    /// The frame's first canonical column and row.
    let originX: Int, originY: Int
    /// The fine grid.
    let grid: Grid
    /// The references' fine and coarse block counts, one grid after another.
    private let fine: [UInt8], coarse: [UInt8]

    /// The index of `masks` (none empty, all of one size), measured on `jobs` threads (the index does not depend
    /// on it).
    init(_ masks: [AlignedMask], jobs: Int = 1) {
        let shifts = masks.map(Self.canonicalShift)
        width = masks.first?.width ?? 0
        height = masks.first?.height ?? 0
        var minX = Int.max, maxX = Int.min, minY = Int.max, maxY = Int.min
        for (mask, shift) in zip(masks, shifts) where mask.count > 0 {
            minX = min(minX, mask.columns.lowerBound + shift.x)
            maxX = max(maxX, mask.columns.upperBound + shift.x)
            minY = min(minY, mask.rows.lowerBound + shift.y)
            maxY = max(maxY, mask.rows.upperBound + shift.y)
        }
        if minX > maxX { (minX, maxX, minY, maxY) = (0, 0, 0, 0) }
        originX = minX
        originY = minY
        let grid = Grid(columns: (maxX - minX) / Self.blockSize + 1, rows: (maxY - minY) / Self.blockSize + 1)
        self.grid = grid
        // Each mask on its own (on `jobs` threads), then the grids joined in reference order.
        let measured = ParallelMap.map(count: masks.count, jobs: jobs, chunkSize: 64) { index in
            let mask = masks[index]
            var fine = [UInt8](repeating: 0, count: grid.cells), coarse = [UInt8](repeating: 0, count: grid.coarse.cells)
            fine.withUnsafeMutableBufferPointer { cells in
                _ = Self.countBlocks(mask, shift: shifts[index], originX: minX, originY: minY, grid: grid, into: cells)
                coarse.withUnsafeMutableBufferPointer { grid.coarsen(UnsafeBufferPointer(cells), into: $0) }
            }
            var placement = gf_placement()
            placement.centroid_x = mask.centroid?.x ?? 0
            placement.centroid_y = mask.centroid?.y ?? 0
            placement.count = Int64(mask.count)
            placement.first_row = Int64(mask.rows.lowerBound)
            placement.last_row = Int64(mask.rows.upperBound)
            placement.first_column = Int64(mask.columns.lowerBound)
            placement.last_column = Int64(mask.columns.upperBound)
            placement.shift_x = Int64(shifts[index].x)
            placement.shift_y = Int64(shifts[index].y)
            let changes = Self.changes(mask)
            placement.horizontal_change = Int64(changes.horizontal)
            placement.vertical_change = Int64(changes.vertical)
            placement.widest_row = Int64(mask.rowCounts.max() ?? 0)
            placement.tallest_column = Int64(mask.columnCounts.max() ?? 0)
            withUnsafeMutableBytes(of: &placement.edges) { raw in
                let edges = raw.bindMemory(to: Int32.self)
                for (edge, (counts, extent, fromEnd)) in [(mask.rowCounts, mask.rows, false), (mask.rowCounts, mask.rows, true),
                                                          (mask.columnCounts, mask.columns, false), (mask.columnCounts, mask.columns, true)].enumerated() {
                    var sum: Int32 = 0
                    for k in 0..<Self.edgeLines {
                        let line = fromEnd ? extent.upperBound - k : extent.lowerBound + k
                        if extent.contains(line) { sum += counts[line] }
                        edges[edge * Self.edgeLines + k] = sum
                    }
                }
            }
            return Measured(fine: fine, coarse: coarse, placement: placement)
        }
        var fine: [UInt8] = [], coarse: [UInt8] = []
        fine.reserveCapacity(masks.count * grid.cells)
        coarse.reserveCapacity(masks.count * grid.coarse.cells)
        for item in measured {
            fine += item.fine
            coarse += item.coarse
        }
        let placements = measured.map(\.placement)
        self.fine = fine
        self.coarse = coarse
        self.placements = placements
    }

    /// `mask` measured against the index.
    func query(_ mask: AlignedMask) -> Query {
        let shift = Self.canonicalShift(mask)
        var fine = [UInt8](repeating: 0, count: grid.cells), coarse = [UInt8](repeating: 0, count: grid.coarse.cells)
        let outside = fine.withUnsafeMutableBufferPointer { cells in
            Self.countBlocks(mask, shift: shift, originX: originX, originY: originY, grid: grid, into: cells)
        }
        fine.withUnsafeBufferPointer { cells in coarse.withUnsafeMutableBufferPointer { grid.coarsen(cells, into: $0) } }
        return Query(shift: shift, fine: fine, coarse: coarse, outside: outside)
    }

    /// The coarse bound of `mask`'s Dice with every reference, in reference order (`masks` are the indexed ones).
    func coarseBounds(_ mask: AlignedMask, _ query: Query, masks: [AlignedMask]) -> [Double] {
        coarseBounds([(mask, query)], masks: masks)[0]
    }

    /// `coarseBounds` of each of a few masks, in order, each reference read once for them all (`gf_block_distances`
    /// and `gf_index_bounds` take a tile).
    func coarseBounds(_ tile: [(mask: AlignedMask, query: Query)], masks: [AlignedMask]) -> [[Double]] {
        // The masks the index bounds (measurable, of the references' size); the others take `diceBound`.
        let indexed = tile.indices.compactMap { position -> (position: Int, query: gf_query)? in
            let (mask, query) = tile[position]
            guard comparable(mask, masks), let centroid = mask.centroid else { return nil }
            return (position, gf_query(x: centroid.x, y: centroid.y, count: Int64(mask.count), shift_x: Int64(query.shift.x),
                                       shift_y: Int64(query.shift.y), outside: Int64(query.outside)))
        }
        let bounded = Set(indexed.map(\.position))
        var result = tile.indices.map { bounded.contains($0) ? [] : masks.map(tile[$0].mask.diceBound) }
        guard !indexed.isEmpty else { return result }
        let queries = indexed.map(\.query)
        let count = masks.count
        var distances = [UInt32](repeating: 0, count: queries.count * count)
        gf_block_distances(indexed.flatMap { tile[$0.position].query.coarse }, queries.count, coarse, grid.coarse.cells, count, &distances)
        var bounds = [Double](repeating: 0, count: queries.count * count)
        gf_index_bounds(placements, distances, count, queries, queries.count, width, height, &bounds)
        for (t, position) in indexed.map(\.position).enumerated() {
            var values = Array(bounds[(t * count)..<(t * count + count)])
            // The pairs whose roundings differ by more than a pixel, which the index cannot bound.
            for index in values.indices where values[index].isNaN { values[index] = tile[position].mask.diceBound(masks[index]) }
            result[position] = values
        }
        return result
    }

    /// The fine bound of `mask`'s Dice with reference `index`: at most its coarse bound.
    func fineBound(_ mask: AlignedMask, _ query: Query, reference index: Int, masks: [AlignedMask]) -> Double {
        guard comparable(mask, masks), let centroid = mask.centroid else { return mask.diceBound(masks[index]) }
        var distance: UInt32 = 0, bound = 0.0
        var measured = gf_query(x: centroid.x, y: centroid.y, count: Int64(mask.count), shift_x: Int64(query.shift.x),
                                shift_y: Int64(query.shift.y), outside: Int64(query.outside))
        fine.withUnsafeBufferPointer { all in
            gf_block_distances(query.fine, 1, all.baseAddress.map { $0 + index * grid.cells }, grid.cells, 1, &distance)
        }
        placements.withUnsafeBufferPointer { placements in
            gf_index_bounds(placements.baseAddress.map { $0 + index }, &distance, 1, &measured, 1, width, height, &bound)
        }
        return bound.isNaN ? mask.diceBound(masks[index]) : bound
    }

    /// Whether `mask` can be bounded by the index: not empty, the references' size.
    private func comparable(_ mask: AlignedMask, _ masks: [AlignedMask]) -> Bool {
        mask.count > 0 && mask.width == width && mask.height == height && !masks.isEmpty
    }

    /// One reference mask measured for the index.
    private struct Measured: @unchecked Sendable {
        let fine: [UInt8], coarse: [UInt8]
        let placement: gf_placement
    }

    /// The shift that moves `mask`'s centroid onto the frame's centre, rounded half up.
    private static func canonicalShift(_ mask: AlignedMask) -> (x: Int, y: Int) {
        guard let centroid = mask.centroid else { return (0, 0) }
        let move = AlignedMask.shift(from: centroid, onto: (Double(mask.width) / 2, Double(mask.height) / 2))
        return (move.dx, move.dy)
    }

    /// Adds `mask` moved by `shift` into the fine grid's block counts and returns its pixels that fall outside
    /// the grid. A row's 64 pixels of eight blocks are read at once and counted a byte each, in one word.
    private static func countBlocks(_ mask: AlignedMask, shift: (x: Int, y: Int), originX: Int, originY: Int, grid: Grid,
                                    into cells: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard mask.count > 0 else { return 0 }
        let words = mask.wordsPerRow
        let start = originX - shift.x  // the mask's column where the grid's first block begins
        let first = max(0, floorDivide(mask.columns.lowerBound - start, blockSize))
        let last = min(grid.columns - 1, floorDivide(mask.columns.upperBound - start, blockSize))
        var outside = 0
        mask.paddedRows.withUnsafeBufferPointer { all in
            for y in mask.rows {
                let gridRow = floorDivide(y + shift.y - originY, blockSize)
                let rowCount = Int(mask.rowCounts[y])
                guard rowCount > 0 else { continue }
                guard (0..<grid.rows).contains(gridRow) else {
                    outside += rowCount
                    continue
                }
                let at = mask.paddedStart(ofRow: y)
                let row = UnsafeBufferPointer(rebasing: all[at..<(at + words)])
                var inside = 0
                var column = first
                while column <= last {
                    var word = bits(row, from: start + column * blockSize)
                    let blocks = last - column + 1
                    if blocks < 8 { word &= (1 &<< UInt64(8 * blocks)) &- 1 }
                    var counts = byteCounts(word)
                    inside += Int((counts &* 0x0101_0101_0101_0101) >> 56)
                    var cell = gridRow * grid.columns + column
                    if let base = cells.baseAddress, cell + 8 <= cells.count {
                        // A block holds at most 64 pixels, so eight counts add as one word without a carry between
                        // them; the counts past the grid's last column are 0.
                        let raw = UnsafeMutableRawPointer(base + cell)
                        let sum = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) &+ counts
                        raw.storeBytes(of: sum.littleEndian, toByteOffset: 0, as: UInt64.self)
                    } else {
                        while counts != 0 {
                            cells[cell] &+= UInt8(truncatingIfNeeded: counts)
                            counts >>= 8
                            cell += 1
                        }
                    }
                    column += 8
                }
                outside += rowCount - inside
            }
        }
        return outside
    }

    /// Each byte of `word` replaced by the count of its set bits.
    @inline(__always)
    private static func byteCounts(_ word: UInt64) -> UInt64 {
        var counts = word &- ((word >> 1) & 0x5555_5555_5555_5555)
        counts = (counts & 0x3333_3333_3333_3333) &+ ((counts >> 2) & 0x3333_3333_3333_3333)
        return (counts &+ (counts >> 4)) & 0x0f0f_0f0f_0f0f_0f0f
    }

    /// The 64 pixels of `row` from column `start` on (any start; columns outside the row are 0).
    @inline(__always)
    private static func bits(_ row: UnsafeBufferPointer<UInt64>, from start: Int) -> UInt64 {
        let word = start >> 6, offset = UInt64(start & 63)
        let low = row.indices.contains(word) ? row[word] &>> offset : 0
        let high = offset == 0 || !row.indices.contains(word + 1) ? 0 : row[word + 1] &<< (64 - offset)
        return low | high
    }

    /// `|B Δ B moved one column|` (twice the runs of each row) and `|B Δ B moved one row|` (twice the runs of
    /// each column), in an unbounded frame.
    private static func changes(_ mask: AlignedMask) -> (horizontal: Int, vertical: Int) {
        let words = mask.wordsPerRow
        var horizontalStarts = 0, verticalStarts = 0
        // The padded rows' empty words before each row stand for the row above the extent's first.
        mask.paddedRows.withUnsafeBufferPointer { all in
            for y in mask.rows {
                let at = mask.paddedStart(ofRow: y), above = y > mask.rows.lowerBound ? mask.paddedStart(ofRow: y - 1) : at - words
                var previous: UInt64 = 0
                for index in 0..<words {
                    let word = all[at &+ index]
                    horizontalStarts &+= (word & ~((word &<< 1) | (previous &>> 63))).nonzeroBitCount
                    verticalStarts &+= (word & ~all[above &+ index]).nonzeroBitCount
                    previous = word
                }
            }
        }
        return (2 * horizontalStarts, 2 * verticalStarts)
    }

    private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }
}
