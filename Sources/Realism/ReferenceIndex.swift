import CBitCount
import MaskImage

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
/// - by the triangle inequality of the symmetric difference,
///   `|A Δ B′| ≥ L1 − (H·|e_x| + V·|e_y|)`, `L1 = Σ_blocks |a_c − b_c|` on either grid, where `H = |B Δ B moved one column|` (twice its
///   horizontal runs) and `V` the same over rows; pixels of `A` outside the grid count whole.
///
/// The bound is `(|A| + |B| − max(0, L1 − H·|e_x| − V·|e_y|)) / (|A| + |B| − lost)`, in integers until the one
/// division, so that it is never below the Dice as `AlignedMask.dice` rounds it. `lost` is 0 when `B′` stays in
/// the frame; else the pixels of the rows and of the columns of `B` that the move takes out of it, at least the
/// pixels it loses (`|A ∧ B′|` is the overlap with the whole moved `B`, `A` lying in the frame).
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

    /// What the bound needs of one reference mask, side by side in memory for the pass over all of them.
    private struct Placement: Sendable {
        /// Its centroid, pixel count and extent.
        let centroid: (x: Double, y: Double), count: Int
        let firstRow: Int, lastRow: Int, firstColumn: Int, lastColumn: Int
        /// Its canonical shift.
        let shiftX: Int, shiftY: Int
        /// `|B Δ B moved one column|` and `|B Δ B moved one row|`.
        let horizontalChange: Int, verticalChange: Int
        /// The pixels of the first k rows, last k rows, first k columns and last k columns of its extent, for
        /// k = 1 ... 8 (`edgeLines`): a move out of the frame usually takes only those (more take the prefix
        /// sums). Kept here, beside the rest, so that the pass over all references reads them in order.
        let edges: (top: SIMD8<Int32>, bottom: SIMD8<Int32>, left: SIMD8<Int32>, right: SIMD8<Int32>)
    }

    private let placements: [Placement]
    /// How many lines by each edge of a mask's extent `Placement.edges` holds.
    private static let edgeLines = 8
    /// Each reference's pixels in rows `0 ..< i` (`height + 1` a mask) and in columns `0 ..< j` (`width + 1`).
    private let rowPrefix: [Int32], columnPrefix: [Int32]
    private let width: Int, height: Int
    /// The frame's first canonical column and row.
    private let originX: Int, originY: Int
    private let grid: Grid
    /// The references' fine and coarse block counts, one grid after another.
    private let fine: [UInt8], coarse: [UInt8]

    /// The index of `masks` (none empty, all of one size).
    init(_ masks: [AlignedMask]) {
        let shifts = masks.map(Self.canonicalShift)
        width = masks.first?.mask.width ?? 0
        height = masks.first?.mask.height ?? 0
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
        var fine = [UInt8](repeating: 0, count: masks.count * grid.cells)
        var coarse = [UInt8](repeating: 0, count: masks.count * grid.coarse.cells)
        var placements: [Placement] = [], rowPrefix: [Int32] = [], columnPrefix: [Int32] = []
        placements.reserveCapacity(masks.count)

        rowPrefix.reserveCapacity(masks.count * (height + 1))
        columnPrefix.reserveCapacity(masks.count * (width + 1))
        for (index, mask) in masks.enumerated() {
            fine.withUnsafeMutableBufferPointer { all in
                let cells = UnsafeMutableBufferPointer(rebasing: all[(index * grid.cells)..<((index + 1) * grid.cells)])
                _ = Self.countBlocks(mask, shift: shifts[index], originX: minX, originY: minY, grid: grid, into: cells)
                coarse.withUnsafeMutableBufferPointer { target in
                    grid.coarsen(UnsafeBufferPointer(cells),
                                 into: UnsafeMutableBufferPointer(rebasing: target[(index * grid.coarse.cells)..<((index + 1) * grid.coarse.cells)]))
                }
            }
            var edges: [SIMD8<Int32>] = []
            for (counts, extent) in [(mask.rowCounts, mask.rows), (mask.columnCounts, mask.columns)] {
                for fromEnd in [false, true] {
                    var sums = SIMD8<Int32>(), sum: Int32 = 0
                    for k in 0..<Self.edgeLines {
                        let line = fromEnd ? extent.upperBound - k : extent.lowerBound + k
                        if extent.contains(line) { sum += counts[line] }
                        sums[k] = sum
                    }
                    edges.append(sums)
                }
            }
            let changes = Self.changes(mask.mask)
            placements.append(Placement(centroid: mask.centroid ?? (0, 0), count: mask.count,
                                        firstRow: mask.rows.lowerBound, lastRow: mask.rows.upperBound,
                                        firstColumn: mask.columns.lowerBound, lastColumn: mask.columns.upperBound,
                                        shiftX: shifts[index].x, shiftY: shifts[index].y,
                                        horizontalChange: changes.horizontal, verticalChange: changes.vertical,
                                        edges: (edges[0], edges[1], edges[2], edges[3])))
            rowPrefix.append(0)
            for count in mask.rowCounts { rowPrefix.append((rowPrefix.last ?? 0) + count) }
            columnPrefix.append(0)
            for count in mask.columnCounts { columnPrefix.append((columnPrefix.last ?? 0) + count) }
        }
        self.fine = fine
        self.coarse = coarse
        self.placements = placements
        self.rowPrefix = rowPrefix
        self.columnPrefix = columnPrefix
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
        guard comparable(mask, masks) else { return masks.map { mask.diceBound($0) } }
        var distances = [UInt32](repeating: 0, count: masks.count)
        gf_block_distances(query.coarse, coarse, grid.coarse.cells, masks.count, &distances)
        var fallbacks: [Int] = []
        var bounds = [Double](unsafeUninitializedCapacity: masks.count) { values, initialized in
            distances.withUnsafeBufferPointer { distances in
                placements.withUnsafeBufferPointer { placements in
                    for index in 0..<masks.count {
                        if let value = bound(mask, query, placements[index], reference: index, distance: Int(distances[index])) {
                            values[index] = value
                        } else {
                            values[index] = 1
                            fallbacks.append(index)
                        }
                    }
                }
            }
            initialized = masks.count
        }
        for index in fallbacks { bounds[index] = mask.diceBound(masks[index]) }
        return bounds
    }

    /// The fine bound of `mask`'s Dice with reference `index`: at most its coarse bound.
    func fineBound(_ mask: AlignedMask, _ query: Query, reference index: Int, masks: [AlignedMask]) -> Double {
        guard comparable(mask, masks) else { return mask.diceBound(masks[index]) }
        var distance: UInt32 = 0
        fine.withUnsafeBufferPointer { all in
            gf_block_distances(query.fine, all.baseAddress.map { $0 + index * grid.cells }, grid.cells, 1, &distance)
        }
        return bound(mask, query, placements[index], reference: index, distance: Int(distance)) ?? mask.diceBound(masks[index])
    }

    /// Whether `mask` can be bounded by the index: not empty, the references' size.
    private func comparable(_ mask: AlignedMask, _ masks: [AlignedMask]) -> Bool {
        mask.count > 0 && mask.mask.width == width && mask.mask.height == height && !masks.isEmpty
    }

    /// The bound for reference `index` (`placement`) from the L1 distance of the grids (either level); nil
    /// where the index cannot bound the pair (the roundings differ by more than a pixel).
    @inline(__always)
    private func bound(_ mask: AlignedMask, _ query: Query, _ placement: Placement, reference index: Int, distance: Int) -> Double? {
        guard let centroid = mask.centroid else { return nil }
        let (dx, dy) = AlignedMask.shift(from: placement.centroid, onto: centroid)
        let ex = dx &+ query.shift.x &- placement.shiftX, ey = dy &+ query.shift.y &- placement.shiftY
        guard abs(ex) <= 1 && abs(ey) <= 1 else { return nil }
        let total = mask.count &+ placement.count
        let difference = max(0, query.outside &+ distance &- placement.horizontalChange &* abs(ex) &- placement.verticalChange &* abs(ey))
        // Moved out of the frame in part, the reference loses at most the pixels of its rows and of its columns
        // that leave it: |B′| >= |B| - lost.
        var lost = 0
        if placement.firstRow &+ dy < 0 {
            lost &+= leaving(index, placement.edges.top, lines: -dy &- placement.firstRow, prefix: rowPrefix, height, -dy, fromStart: true)
        }
        if placement.lastRow &+ dy >= height {
            lost &+= leaving(index, placement.edges.bottom, lines: placement.lastRow &+ dy &- height &+ 1, prefix: rowPrefix, height, height &- dy, fromStart: false)
        }
        if placement.firstColumn &+ dx < 0 {
            lost &+= leaving(index, placement.edges.left, lines: -dx &- placement.firstColumn, prefix: columnPrefix, width, -dx, fromStart: true)
        }
        if placement.lastColumn &+ dx >= width {
            lost &+= leaving(index, placement.edges.right, lines: placement.lastColumn &+ dx &- width &+ 1, prefix: columnPrefix, width, width &- dx, fromStart: false)
        }
        return Double(max(0, total &- difference)) / Double(max(1, total &- lost))
    }

    /// The pixels of the `lines` lines by one edge of reference `index`'s extent: from `edge` (that edge's
    /// `Placement.edges`) when it holds them, else from the prefix sums of a frame of `size` lines, the lines
    /// before `cut` (`fromStart`) or from it on.
    @inline(__always)
    private func leaving(_ index: Int, _ edge: SIMD8<Int32>, lines: Int, prefix: [Int32], _ size: Int, _ cut: Int, fromStart: Bool) -> Int {
        if lines <= Self.edgeLines { return Int(edge[lines &- 1]) }
        let start = index * (size + 1), cut = min(size, max(0, cut))
        return Int(fromStart ? prefix[start + cut] : prefix[start + size] - prefix[start + cut])
    }

    /// The shift that moves `mask`'s centroid onto the frame's centre, rounded half up.
    private static func canonicalShift(_ mask: AlignedMask) -> (x: Int, y: Int) {
        guard let centroid = mask.centroid else { return (0, 0) }
        return (Int((Double(mask.mask.width) / 2 - centroid.x + 0.5).rounded(.down)),
                Int((Double(mask.mask.height) / 2 - centroid.y + 0.5).rounded(.down)))
    }

    /// Adds `mask` moved by `shift` into the fine grid's block counts and returns its pixels that fall outside
    /// the grid.
    private static func countBlocks(_ mask: AlignedMask, shift: (x: Int, y: Int), originX: Int, originY: Int, grid: Grid,
                                    into cells: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard mask.count > 0 else { return 0 }
        let words = mask.mask.wordsPerRow
        var outside = 0
        mask.mask.words.withUnsafeBufferPointer { all in
            for y in mask.rows {
                let gridRow = floorDivide(y + shift.y - originY, blockSize)
                let rowCount = Int(mask.rowCounts[y])
                guard rowCount > 0 else { continue }
                guard (0..<grid.rows).contains(gridRow) else {
                    outside += rowCount
                    continue
                }
                let row = UnsafeBufferPointer(rebasing: all[(y * words)..<((y + 1) * words)])
                let first = max(0, floorDivide(mask.columns.lowerBound + shift.x - originX, blockSize))
                let last = min(grid.columns - 1, floorDivide(mask.columns.upperBound + shift.x - originX, blockSize))
                var inside = 0
                if first <= last {
                    for column in first...last {
                        let count = (bits(row, from: originX + column * blockSize - shift.x) & 0xff).nonzeroBitCount
                        cells[gridRow * grid.columns + column] &+= UInt8(truncatingIfNeeded: count)
                        inside += count
                    }
                }
                outside += rowCount - inside
            }
        }
        return outside
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
    private static func changes(_ mask: BinaryMask) -> (horizontal: Int, vertical: Int) {
        let words = mask.wordsPerRow
        var horizontalStarts = 0, verticalStarts = 0
        for y in 0..<mask.height {
            var previous: UInt64 = 0
            for index in 0..<words {
                let word = mask.words[y * words + index]
                horizontalStarts += (word & ~((word &<< 1) | (previous &>> 63))).nonzeroBitCount
                verticalStarts += (word & ~(y > 0 ? mask.words[(y - 1) * words + index] : 0)).nonzeroBitCount
                previous = word
            }
        }
        return (2 * horizontalStarts, 2 * verticalStarts)
    }

    private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }
}
