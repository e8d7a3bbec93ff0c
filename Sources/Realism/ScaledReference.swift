import CBitCount
import FileIO
import Parallelism

/// The reference masks in the scaled frame (`ScaledMask`), and the search for a mask's best Dice among them
/// (`realism_scaled_mean5`): exactly what comparing with every reference gives, comparing exactly only the
/// references a bound cannot rule out.
///
/// Every frame is also counted in 8x8 blocks. For two frames, `|A Δ B| ≥ Σ_blocks |a − b|` (the L1 distance of
/// their block counts, `CBitCount`'s `gf_block_distances`), so `2 |A ∧ B| ≤ |A| + |B| − L1` and the Dice is at
/// most `(|A| + |B| − L1) / (|A| + |B|)`, in integers until one division by the same denominator as the Dice's.
public struct ScaledReference: Sendable {
    /// How many of the best overlaps a score averages.
    public static let bestCount = 5

    /// The frames, in reference order.
    public let frames: [ScaledMask]
    /// Every frame's block counts, one after another (`ScaledMask.side` cells each).
    private let blocks: [UInt8]
    /// Every frame's pixel count and rows, one frame after another (read in the search's inner loop without
    /// touching the frames).
    private let counts: [Int]
    private let rows: [UInt64]

    /// The frames of `masks` (empty masks, which a reference never holds, are left out), made on `jobs` threads.
    public init(_ masks: [AlignedMask], jobs: Int = 1) {
        self.init(frames: ParallelMap.map(count: masks.count, jobs: jobs, chunkSize: 32) { ScaledMask(masks[$0]) }.compactMap { $0 })
    }

    /// The search over `frames`.
    init(frames: [ScaledMask]) {
        self.frames = frames
        blocks = frames.flatMap(\.blocks)
        counts = frames.map(\.count)
        rows = frames.flatMap(\.rows)
    }

    /// How many frames a cache file's are checked against, made again from their masks (evenly spaced).
    static let checkedFrames = 8

    /// The frames of `masks` (none empty), from the cache file in `folder` for the reference of `digest` when one
    /// is there and sound (else made on `jobs` threads and written there, atomically); `note` says why a file was
    /// not used or could not be written.
    ///
    /// The file is untrusted: `GFF1`, the digest (16 ASCII hex digits), the count, then each frame's `side` rows,
    /// all little-endian 64-bit; it must be exactly that size for these masks, and `checkedFrames` of its frames,
    /// evenly spaced, equal to the frames made again from their masks.
    public static func cached(_ masks: [AlignedMask], digest: String, folder: String, jobs: Int = 1,
                              note: (String) -> Void = { _ in }) -> ScaledReference {
        let path = folder + "/reference-\(digest)-frames.bin"
        if FileIdentity(path: path) != nil {
            if let frames = readFrames(path, masks: masks, digest: digest) { return ScaledReference(frames: frames) }
            note("\(path): not the scaled frames of this reference; making them again")
        }
        let made = ScaledReference(masks, jobs: jobs)
        var bytes = Array("GFF1".utf8) + Array(digest.utf8)
        bytes.reserveCapacity(bytes.count + 8 + 8 * ScaledMask.side * made.frames.count)
        LittleEndian.append(UInt64(made.frames.count), to: &bytes)
        for frame in made.frames { frame.rows.forEach { LittleEndian.append($0, to: &bytes) } }
        do throws(OutputError) {
            try AtomicFile.createFolder(folder)
            try AtomicFile.write(bytes, to: path)
        } catch {
            note("cannot cache the reference's scaled frames: \(error.description)")
        }
        return made
    }

    /// The frames in the cache file at `path`, nil unless it is sound for `masks` (`cached`).
    private static func readFrames(_ path: String, masks: [AlignedMask], digest: String) -> [ScaledMask]? {
        let side = ScaledMask.side, size = 4 + 16 + 8 + 8 * side * masks.count
        guard let bytes = try? FileBytes.read(path, limit: size, what: "scaled frames cache"), bytes.count == size,
              bytes[0..<4].elementsEqual("GFF1".utf8), bytes[4..<20].elementsEqual(digest.utf8),
              LittleEndian.word(bytes[20..<28]) == UInt64(masks.count) else { return nil }
        let frames = (0..<masks.count).map { frame in
            ScaledMask(rows: (0..<side).map { row in
                let at = 28 + 8 * (side * frame + row)
                return LittleEndian.word(bytes[at..<(at + 8)])
            })
        }
        let checked = min(checkedFrames, masks.count)
        guard (0..<checked).allSatisfy({ ScaledMask(masks[$0 * masks.count / checked]) == frames[$0 * masks.count / checked] }) else {
            return nil
        }
        return frames
    }

    /// The mean of the `bestCount` largest Dice overlaps of `mask` with the frames (of all, when there are fewer);
    /// `excluding` leaves one frame out. 0 for no mask or no frame.
    ///
    /// The frames of the `bestCount` largest bounds are compared first; then, in order, every other frame whose
    /// bound exceeds the smallest of the best found so far (one whose bound only reaches it cannot change the
    /// values kept).
    public func score(_ mask: ScaledMask?, excluding: Int? = nil) -> Double {
        guard let mask, !frames.isEmpty else { return 0 }
        var best: [Double] = []  // largest first, at most bestCount
        best.reserveCapacity(Self.bestCount + 1)
        let side = ScaledMask.side
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: frames.count) { distances in
            guard let out = distances.baseAddress else { return }
            mask.blocks.withUnsafeBufferPointer { query in
                blocks.withUnsafeBufferPointer { grids in
                    guard let query = query.baseAddress, let grids = grids.baseAddress else { return }
                    gf_block_distances(query, grids, side, frames.count, out)
                }
            }
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
                        // The bounds (-1: not to compare), and the frames of the `bestCount` largest, compared
                        // first so that the floor starts high.
                        var seeds: [(bound: Double, index: Int)] = []
                        seeds.reserveCapacity(Self.bestCount + 1)
                        var bounds = [Double](repeating: -1, count: counts.count)
                        for index in counts.indices where index != excluding {
                            let total = mask.count + counts[index]
                            guard total > 0 else { continue }
                            let bound = Double(max(0, total - Int(out[index]))) / Double(total)
                            bounds[index] = bound
                            if seeds.count == Self.bestCount, let last = seeds.last, bound <= last.bound { continue }
                            seeds.insert((bound, index), at: seeds.firstIndex { $0.bound < bound } ?? seeds.count)
                            if seeds.count > Self.bestCount { seeds.removeLast() }
                        }
                        for seed in seeds {
                            consider(seed.index, total: mask.count + counts[seed.index])
                            bounds[seed.index] = -1
                        }
                        var floor = best.count == Self.bestCount ? best[Self.bestCount - 1] : -1
                        for index in bounds.indices where bounds[index] > floor {
                            consider(index, total: mask.count + counts[index])
                            if best.count == Self.bestCount { floor = best[Self.bestCount - 1] }
                        }
                    }
                }
            }
        }
        return best.isEmpty ? 0 : best.reduce(0, +) / Double(best.count)
    }

    /// Each frame's `score` against the others (leave-one-out), in reference order, on `jobs` threads (the
    /// scores do not depend on it).
    public func leaveOneOut(jobs: Int = 1) -> [Double] {
        ParallelMap.map(count: frames.count, jobs: jobs, chunkSize: 16) { score(frames[$0], excluding: $0) }
    }
}

extension ScaledReference {
    /// How many leave-one-out scores a cache file's are checked against, computed again (evenly spaced).
    static let checkedScores = 8

    /// `leaveOneOut(jobs:)` of the reference whose digest is `digest`, from the cache file in `folder` when one
    /// is there and sound (else computed and written there, atomically); `note` says why a file was not used or
    /// could not be written.
    ///
    /// The file is untrusted: `GFS1`, the digest (16 ASCII hex digits), the count, then each score's bits, all
    /// little-endian 64-bit; it must be exactly that size for this reference, every score a number in 0-1, and
    /// `checkedScores` of them, evenly spaced, equal to the bit to the scores computed again.
    public func cachedLeaveOneOut(digest: String, folder: String, jobs: Int = 1, note: (String) -> Void = { _ in }) -> [Double] {
        let path = folder + "/reference-\(digest)-scaled.bin"
        if FileIdentity(path: path) != nil {
            if let scores = readScores(path, digest: digest) { return scores }
            note("\(path): not the scaled scores of this reference; computing them again")
        }
        let scores = leaveOneOut(jobs: jobs)
        var bytes = Array("GFS1".utf8) + Array(digest.utf8)
        LittleEndian.append(UInt64(scores.count), to: &bytes)
        for score in scores { LittleEndian.append(score.bitPattern, to: &bytes) }
        do throws(OutputError) {
            try AtomicFile.createFolder(folder)
            try AtomicFile.write(bytes, to: path)
        } catch {
            note("cannot cache the reference's scaled scores: \(error.description)")
        }
        return scores
    }

    /// The scores in the cache file at `path`, nil unless it is sound for this reference (`cachedLeaveOneOut`).
    private func readScores(_ path: String, digest: String) -> [Double]? {
        let size = 4 + 16 + 8 + 8 * frames.count
        guard let bytes = try? FileBytes.read(path, limit: size, what: "scaled scores cache"), bytes.count == size,
              bytes[0..<4].elementsEqual("GFS1".utf8), bytes[4..<20].elementsEqual(digest.utf8),
              LittleEndian.word(bytes[20..<28]) == UInt64(frames.count) else { return nil }
        let scores = (0..<frames.count).map { Double(bitPattern: LittleEndian.word(bytes[(28 + 8 * $0)..<(36 + 8 * $0)])) }
        guard scores.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { return nil }
        let checked = Set((0..<min(Self.checkedScores, frames.count)).map { $0 * frames.count / min(Self.checkedScores, frames.count) })
        guard checked.allSatisfy({ score(frames[$0], excluding: $0).bitPattern == scores[$0].bitPattern }) else { return nil }
        return scores
    }
}
