import CBitCount
import MaskImage
import Parallelism

/// The reference masks in the scaled frame (`ScaledMask`), and the search for a mask's best Dice among them
/// (`realism_scaled_mean5`): exactly what comparing with every reference gives, comparing exactly only the
/// references a bound cannot rule out.
///
/// Every frame is also counted in 8x8 blocks. For two frames, `|A Δ B| ≥ Σ_blocks |a − b|` (the L1 distance of
/// their block counts, `CBitCount`'s `gf_block_distances`), so `2 |A ∧ B| ≤ |A| + |B| − L1` and the Dice is at
/// most `(|A| + |B| − L1) / (|A| + |B|)`, in integers until one division by the same denominator as the Dice's.
public struct ScaledReference: Sendable {
    /// How many of the best overlaps a score averages: as many as `realism_dice_mean5`'s.
    public static let bestCount = ReferenceSet.bestCount

    /// What a frame is scored by against the reference's frames.
    public enum FrameScore: Sendable, CaseIterable {
        /// The mean of the `bestCount` largest Dice overlaps (`realism_scaled_mean5`).
        case dice
        /// The mean of the `bestCount` largest boundary F1 scores of the outlines (`realism_boundary`).
        case boundary
    }

    /// The frames, in reference order.
    public let frames: [ScaledMask]
    /// Every frame's outline, band (`ScaledBoundary`) and outline pixel count, one frame after another, and each
    /// band's first and last nonempty row; each frame's outline and band begin on a cache line.
    private let outlineRows: AlignedBuffer<UInt64>, bandRows: AlignedBuffer<UInt64>
    private let outlineCounts: [Int], bandFirstRows: [UInt8], bandLastRows: [UInt8]
    /// Every frame's block counts, one after another (`ScaledMask.side` cells each).
    private let blocks: [UInt8]
    /// Every frame's pixel count and rows, one frame after another (read in the search's inner loop without
    /// touching the frames).
    private let counts: [Int]
    private let rows: [UInt64]
    /// The search over `orientationFrames` of the frames, evenly spaced, when there are more (`orientations`).
    private let orientationProbe: OrientationProbe?

    /// The most reference frames `orientations` compares a mask with, as it lies and turned: which way a batch of
    /// masks lies against real lungs shows against a few hundred of them, and the check's cost then stays the
    /// same however large the reference (against 10,000 frames, scoring each sampled mask eight ways against all
    /// of them cost `filter --reference` up to a tenth more time).
    public static let orientationFrames = 256

    /// A search over some of the frames, held apart (a struct cannot hold one of its own type).
    private final class OrientationProbe: Sendable {
        let search: ScaledReference
        init(_ search: ScaledReference) { self.search = search }
    }

    /// The frames of `masks` (empty masks, which a reference never holds, are left out), made on `jobs` threads.
    public init(_ masks: [AlignedMask], jobs: Int = 1) {
        self.init(frames: ParallelMap.map(count: masks.count, jobs: jobs, chunkSize: 32) { ScaledMask(masks[$0]) }.compactMap { $0 },
                  jobs: jobs)
    }

    /// The search over `frames`, their outlines made on `jobs` threads.
    init(frames: [ScaledMask], jobs: Int = 1) {
        self.frames = frames
        let boundaries = ParallelMap.map(count: frames.count, jobs: jobs, chunkSize: 64) { ScaledBoundary(frames[$0]) }
        outlineRows = AlignedBuffer(boundaries.flatMap(\.outline))
        bandRows = AlignedBuffer(boundaries.flatMap(\.band))
        outlineCounts = boundaries.map(\.count)
        bandFirstRows = boundaries.map { UInt8($0.firstRow) }
        bandLastRows = boundaries.map { UInt8($0.lastRow) }
        blocks = frames.flatMap(\.blocks)
        counts = frames.map(\.count)
        rows = frames.flatMap(\.rows)
        let probeCount = Self.orientationFrames
        orientationProbe = frames.count > probeCount
            ? OrientationProbe(ScaledReference(frames: (0..<probeCount).map { frames[$0 * frames.count / probeCount] })) : nil
    }

    /// The frames of `masks` (none empty), from the cache file in `folder` for the reference of `digest` when one
    /// is there and sound (else made on `jobs` threads and written there, atomically); `note` says why a file was
    /// not used or could not be written.
    ///
    /// The file (`ScaledCacheFile.frames`: `GFF2`, the digest, the count, each frame's `side` rows, a checksum) is
    /// untrusted: it must be exactly that size for these masks, its checksum must match, and 8 of its frames, evenly
    /// spaced, must equal the frames made again from their masks.
    public static func cached(_ masks: [AlignedMask], digest: String, folder: String, jobs: Int = 1,
                              note: (String) -> Void = { _ in }) -> ScaledReference {
        let side = ScaledMask.side
        return ScaledCacheFile.frames.cached(folder: folder, digest: digest, count: masks.count, note: note, decode: { words in
            let frames = ParallelMap.map(count: masks.count, jobs: jobs, chunkSize: 64) {
                ScaledMask(rows: Array(words[(side * $0)..<(side * $0 + side)]))
            }
            let sound = ScaledCacheFile.checked(of: masks.count).allSatisfy { ScaledMask(masks[$0]) == frames[$0] }
            return sound ? ScaledReference(frames: frames, jobs: jobs) : nil
        }, make: {
            let made = ScaledReference(masks, jobs: jobs)
            return (made, made.rows)
        })
    }

    /// The mean of the `bestCount` largest Dice overlaps of `mask` with the frames (of all, when there are fewer);
    /// `excluding` leaves one frame out. 0 for no mask or no frame. `scores(_:by:)` scores many masks faster.
    public func score(_ mask: ScaledMask?, excluding: Int? = nil) -> Double {
        diceScores([mask], excluding: [excluding])[0]
    }

    /// `score` of each of `masks`, in order, leaving out frame `excluding[i]` for mask `i`: the block distances of
    /// a tile of `tileSize` masks to every frame in one pass (`gf_block_distances`), then each mask's search.
    ///
    /// A search compares first the frames of the `bestCount` largest bounds; then, in order, every other frame
    /// whose bound exceeds the smallest of the best found so far (one whose bound only reaches it cannot change
    /// the values kept).
    private func diceScores(_ masks: [ScaledMask?], excluding: [Int?]) -> [Double] {
        let side = ScaledMask.side, count = frames.count
        return Self.inTiles(masks.count) { range in
            let present = range.filter { masks[$0] != nil }
            var scores = [Double](repeating: 0, count: range.count)
            guard !present.isEmpty, count > 0 else { return scores }
            var distances = [UInt32](repeating: 0, count: present.count * count)
            gf_block_distances(present.flatMap { masks[$0]?.blocks ?? [] }, present.count, blocks, side, count, &distances)
            for (t, position) in present.enumerated() {
                guard let mask = masks[position] else { continue }
                scores[position - range.lowerBound] = distances.withUnsafeBufferPointer { all in
                    search(mask, distances: UnsafeBufferPointer(rebasing: all[(t * count)..<(t * count + count)]), excluding: excluding[position])
                }
            }
            return scores
        }
    }

    /// `body` of the consecutive ranges of `0 ..< count`, `tileSize` each, joined in order.
    private static func inTiles(_ count: Int, _ body: (Range<Int>) -> [Double]) -> [Double] {
        stride(from: 0, to: count, by: tileSize).flatMap { body($0..<min(count, $0 + tileSize)) }
    }

    /// The search of `diceScores` for one mask, whose block distances to the frames are `distances`.
    private func search(_ mask: ScaledMask, distances: UnsafeBufferPointer<UInt32>, excluding: Int?) -> Double {
        var best: [Double] = []  // largest first, at most bestCount
        best.reserveCapacity(Self.bestCount + 1)
        let side = ScaledMask.side
        counts.withUnsafeBufferPointer { counts in
            rows.withUnsafeBufferPointer { rows in
                mask.rows.withUnsafeBufferPointer { mine in
                    guard let rows = rows.baseAddress, let mine = mine.baseAddress else { return }
                    func consider(_ index: Int, total: Int) {
                        // `ScaledMask.dice`, on the frames' rows in place.
                        var a = 0, b = 0, both = 0
                        gf_popcount_pair(mine, rows + side * index, side, &a, &b, &both)
                        let dice = 2 * Double(both) / Double(total)
                        if best.count == Self.bestCount, let last = best.last, dice <= last { return }
                        best.insert(dice, at: best.firstIndex { $0 < dice } ?? best.count)
                        if best.count > Self.bestCount { best.removeLast() }
                    }
                    // The bounds (-1: not to compare); the frames of the `bestCount` largest are compared
                    // first, so that the floor starts high.
                    var bounds = [Double](repeating: -1, count: counts.count)
                    for index in counts.indices where index != excluding {
                        let total = mask.count + counts[index]
                        if total > 0 { bounds[index] = Double(max(0, total - Int(distances[index]))) / Double(total) }
                    }
                    for seed in ReferenceSet.largest(Self.bestCount, of: bounds, excluding: excluding) where bounds[seed] >= 0 {
                        consider(seed, total: mask.count + counts[seed])
                        bounds[seed] = -1
                    }
                    var floor = best.count == Self.bestCount ? best[Self.bestCount - 1] : -1
                    for index in bounds.indices where bounds[index] > floor {
                        consider(index, total: mask.count + counts[index])
                        if best.count == Self.bestCount { floor = best[Self.bestCount - 1] }
                    }
                }
            }
        }
        return best.isEmpty ? 0 : best.reduce(0, +) / Double(best.count)
    }

    /// `realism_boundary`: the mean of the `bestCount` largest boundary F1 scores (`ScaledBoundary.f1`) of
    /// `mask`'s outline with the frames' (of all, when there are fewer); `excluding` leaves one frame out. 0 for
    /// no mask or no frame. `scores(_:by:)` scores many masks faster.
    public func boundaryScore(_ mask: ScaledMask?, excluding: Int? = nil) -> Double {
        boundaryScores([mask], excluding: [excluding])[0]
    }

    /// How many masks `scores(_:by:excluding:)` compares with each frame in one pass: their outlines and bands (a kilobyte
    /// each) or block counts stay in the L1 cache while the frames stream by once.
    public static let tileSize = 16
    /// How many frames one pass of `boundaryScores` compares a tile with (the pass's counts, 64 KB, stay in the
    /// L2 cache).
    static let boundaryBlock = 512

    /// `boundaryScore` of each of `masks`, in order, leaving out frame `excluding[i]` for mask `i`.
    ///
    /// Every frame is compared, in one pass of `gf_outline_matches` a tile of `tileSize` masks (two words
    /// ANDed and counted a row where both bands have pixels, about 45 of the 64 rows for lungs). A bound by 8x8
    /// block counts, as `score` prunes the Dice, was tried and made it slower: outlines of real lungs lie within
    /// each other's bands in nearly every block, so the bound rules out few frames.
    private func boundaryScores(_ masks: [ScaledMask?], excluding: [Int?]) -> [Double] {
        Self.inTiles(masks.count) { range in boundaryScores(range.map { masks[$0].map(ScaledBoundary.init) }, excluding: Array(excluding[range])) }
    }

    /// The scores of one tile (at most `tileSize` outlines; nil, no mask, scores 0), against `boundaryBlock`
    /// frames at a time, so that the counts of a pass stay small.
    private func boundaryScores(_ tile: [ScaledBoundary?], excluding: [Int?]) -> [Double] {
        let present = tile.indices.filter { tile[$0] != nil }
        let mine = present.compactMap { tile[$0] }
        let count = outlineCounts.count, side = ScaledMask.side, block = Self.boundaryBlock
        var scores = [Double](repeating: 0, count: tile.count)
        guard !mine.isEmpty, count > 0 else { return scores }
        let tileOutlines = AlignedBuffer(mine.flatMap(\.outline)), tileBands = AlignedBuffer(mine.flatMap(\.band))
        let tileFirsts = mine.map { UInt8($0.firstRow) }, tileLasts = mine.map { UInt8($0.lastRow) }
        var best = [[Double]](repeating: [], count: mine.count)  // each largest first, at most bestCount
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * mine.count * block) { counts in
            guard let matched = counts.baseAddress else { return }
            let matchedOther = matched + mine.count * block
            for start in stride(from: 0, to: count, by: block) {
                let width = min(block, count - start)
                tileOutlines.withUnsafeBufferPointer { tileOutlines in
                    tileBands.withUnsafeBufferPointer { tileBands in
                        outlineRows.withUnsafeBufferPointer { outlines in
                            bandRows.withUnsafeBufferPointer { bands in
                                guard let tileOutlines = tileOutlines.baseAddress, let tileBands = tileBands.baseAddress,
                                      let outlines = outlines.baseAddress, let bands = bands.baseAddress else { return }
                                gf_outline_matches(tileOutlines, tileBands, tileFirsts, tileLasts, mine.count,
                                                   outlines + start * side, bands + start * side, Array(bandFirstRows[start..<start + width]),
                                                   Array(bandLastRows[start..<start + width]), side, width, matched, matchedOther)
                            }
                        }
                    }
                }
                for (t, position) in present.enumerated() {
                    let left = excluding[position].map { $0 - start } ?? -1, ownCount = mine[t].count
                    var largest = best[t]
                    best[t] = []
                    outlineCounts.withUnsafeBufferPointer { outlineCounts in
                        for offset in 0..<width where offset != left {
                            let m = Int(matched[t * width + offset]), other = Int(matchedOther[t * width + offset])
                            let otherCount = outlineCounts[start + offset]
                            if largest.count == Self.bestCount, let last = largest.last {
                                // F1 is 2 m m' / (m n' + m' n): most frames fall short of the last kept score by far,
                                // which products of counts (exact in a Double) show without the divisions.
                                let twice = Double(2 * m * other), denominator = Double(m * otherCount + other * ownCount)
                                if twice < last * denominator * (1 - 1e-9) { continue }
                            }
                            let f1 = ScaledBoundary.f1(matched: m, of: ownCount, matchedOther: other, of: otherCount)
                            if largest.count == Self.bestCount, let last = largest.last, f1 <= last { continue }
                            largest.insert(f1, at: largest.firstIndex { $0 < f1 } ?? largest.count)
                            if largest.count > Self.bestCount { largest.removeLast() }
                        }
                    }
                    best[t] = largest
                }
            }
        }
        for (t, position) in present.enumerated() where !best[t].isEmpty {
            scores[position] = best[t].reduce(0, +) / Double(best[t].count)
        }
        return scores
    }

    /// `mask`'s score by `by` (`score` or `boundaryScore`).
    public func score(_ mask: ScaledMask?, by: FrameScore, excluding: Int? = nil) -> Double {
        switch by {
        case .dice: return score(mask, excluding: excluding)
        case .boundary: return boundaryScore(mask, excluding: excluding)
        }
    }

    /// The scores of `masks` by `by`, in order, leaving out frame `excluding[i]` for mask `i` (none when
    /// `excluding` is nil or not one per mask): those of scoring each alone, computed a tile at a time.
    public func scores(_ masks: [ScaledMask?], by: FrameScore, excluding: [Int?]? = nil) -> [Double] {
        let excluding = excluding.flatMap { $0.count == masks.count ? $0 : nil } ?? masks.map { _ in nil }
        switch by {
        case .dice: return diceScores(masks, excluding: excluding)
        case .boundary: return boundaryScores(masks, excluding: excluding)
        }
    }

    /// For each of `masks` at the positions `sampled`, how it matches the reference best by `realism_boundary`: as
    /// it lies or turned back from one way (`ScaledMask.turnedBack(from:)`, `OrientationMatch`); nil for the others
    /// and for no mask. The sampled masks alone are scored, as they lie and turned, together, a tile at a time,
    /// against every frame, or against `orientationFrames` of them, evenly spaced, when there are more.
    public func orientations(_ masks: [ScaledMask?], at sampled: [Int]) -> [OrientationMatch?] {
        let search = orientationProbe?.search ?? self
        let ways = MaskOrientation.allCases, each = ways.count + 1
        let scored = search.scores(sampled.flatMap { k in [masks[k]] + ways.map { masks[k]?.turnedBack(from: $0) } }, by: .boundary)
        var matches = [OrientationMatch?](repeating: nil, count: masks.count)
        for (i, k) in sampled.enumerated() where masks[k] != nil {
            matches[k] = OrientationMatch(own: scored[i * each], turned: Array(scored[i * each + 1..<(i + 1) * each]))
        }
        return matches
    }

    /// Each frame's score by `by` against the others (leave-one-out), in reference order, on `jobs` threads (the
    /// scores do not depend on it).
    public func leaveOneOut(by: FrameScore, jobs: Int = 1) -> [Double] {
        ParallelMap.mapTiles(count: frames.count, jobs: jobs, tileSize: Self.tileSize) { range in
            scores(range.map { frames[$0] }, by: by, excluding: range.map { $0 })
        }
    }
}

extension ScaledReference {
    /// `leaveOneOut(by:jobs:)` of the reference whose digest is `digest`, from the cache file in `folder` when one
    /// is there and sound (else computed and written there, atomically); `note` says why a file was not used or
    /// could not be written.
    ///
    /// The file (`ScaledCacheFile.scores` for the Dice, `GFS2`, or `.boundaryScores`, `GFB2`: the digest, the
    /// count, each score's bits, a checksum) is untrusted: it must be exactly that size for this reference, its
    /// checksum must match, every score a number in 0-1, and 8 of them, evenly spaced, equal to the bit to the
    /// scores computed again.
    public func cachedLeaveOneOut(by: FrameScore, digest: String, folder: String, jobs: Int = 1,
                                  note: (String) -> Void = { _ in }) -> [Double] {
        let file = by == .dice ? ScaledCacheFile.scores : ScaledCacheFile.boundaryScores
        return file.cached(folder: folder, digest: digest, count: frames.count, note: note, decode: { words in
            let scores = words.map { Double(bitPattern: $0) }
            guard scores.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { return nil }
            let sound = ScaledCacheFile.checked(of: frames.count).allSatisfy {
                score(frames[$0], by: by, excluding: $0).bitPattern == scores[$0].bitPattern
            }
            return sound ? scores : nil
        }, make: {
            let scores = leaveOneOut(by: by, jobs: jobs)
            return (scores, scores.map(\.bitPattern))
        })
    }
}
