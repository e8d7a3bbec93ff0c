import AnatomyFeatures
import FileIO
import MaskImage
import Parallelism
import Realism

/// The label-free filter's anatomical gate: each anatomy column's range over the real reference masks, widened
/// by `tolerance` of its width on either side, and by at least `minimumMargin`. A mask outside any range is
/// rejected, whatever its realism score, and the reason names the column, its value and the range (Painchaud et
/// al.'s rule: one failed anatomical criterion is enough).
///
/// The floor is for the columns every real mask of a reference holds at one value: drawn masks often have no hole
/// and no stray speck at all, so `hole_share` and `debris_share` range over [0, 0], which no share of the width
/// widens. Without it a hole or a speck of one pixel failed the gate: 8 of the 162 Shenzhen masks against the
/// Montgomery masks as reference (holes and specks of 1e-5 to 3e-4 of the foreground, 1 to 15 pixels at
/// 512x512), where the other 6 failures were of shape (solidity, roughness, extent, height). A thousandth of the
/// foreground is a few pixels at any size, and no other column's range is so narrow that the floor widens it.
public struct AnatomyGate: Sendable, Equatable {
    /// Half of each range's width on either side. The extremes of a hundred-odd real masks understate the range of
    /// real anatomy, and more so at another hospital, and the gate is for anatomical failures, not for the
    /// reference's own tails (the score's quantile already rejects those). Chosen on real masks held out of the
    /// reference, never on generated ones: against the Montgomery masks as reference, 8 of the 162 Shenzhen masks
    /// fell outside at the design's quarter and 2 at a half; with a random half of either set as reference, 0.5%
    /// and 3.1% of the other half fell outside at a quarter, 0.0% and 1.9% at a half (means of 50 draws). A mask
    /// with a lung missing, fused or on the wrong side fails at any width (`components`, `opposite_sides`).
    public static let defaultTolerance = 0.5
    /// The least widening on either side, whatever the width.
    public static let minimumMargin = 0.001

    /// The accepted range of each anatomy column, in `AnatomyFeatures.names` order.
    public let ranges: [ClosedRange<Double>]
    /// The share of each range's width added on either side.
    public let tolerance: Double

    /// The ranges of `reference`'s masks (masks the anatomy columns cannot measure are left out), measured on `jobs`
    /// threads (the ranges do not depend on it).
    public init(_ reference: ReferenceSet, tolerance: Double = AnatomyGate.defaultTolerance, jobs: Int = 1) {
        self.init(extremes: Self.extremes(reference, jobs: jobs), tolerance: tolerance)
    }

    /// The gate from each column's smallest and largest value over the reference (nil: no measurable mask).
    init(extremes: [ClosedRange<Double>?], tolerance: Double) {
        self.tolerance = tolerance
        ranges = extremes.map { extreme in
            guard let extreme else { return -Double.infinity...Double.infinity }
            let margin = max(tolerance * (extreme.upperBound - extreme.lowerBound), Self.minimumMargin)
            return (extreme.lowerBound - margin)...(extreme.upperBound + margin)
        }
    }

    /// The gate of `reference`, its extremes from the cache in `folder` when a valid file is there (else measured
    /// on `jobs` threads and written there); `note` says why a cache file was not used or could not be written.
    public static func cached(_ reference: ReferenceSet, tolerance: Double = AnatomyGate.defaultTolerance, folder: String, jobs: Int = 1,
                              note: (String) -> Void = { _ in }) -> AnatomyGate {
        let path = folder + "/reference-\(reference.digest)-anatomy.bin"
        if FileIdentity(path: path) != nil {
            if let extremes = readExtremes(path, digest: reference.digest) {
                return AnatomyGate(extremes: extremes, tolerance: tolerance)
            }
            note("\(path): not the anatomy of this reference, or not sound; measuring it again")
        }
        let extremes = Self.extremes(reference, jobs: jobs)
        do throws(OutputError) {
            try AtomicFile.createFolder(folder)
            try AtomicFile.writeCache(bytes(extremes, digest: reference.digest), to: path)
        } catch {
            note("cannot cache the reference's anatomy: \(error.description)")
        }
        return AnatomyGate(extremes: extremes, tolerance: tolerance)
    }

    /// Each anatomy column's smallest and largest value over `reference`'s measurable masks.
    static func extremes(_ reference: ReferenceSet, jobs: Int) -> [ClosedRange<Double>?] {
        let masks = reference.masks
        let values = ParallelMap.map(count: masks.count, jobs: jobs, chunkSize: 16) { index in
            let mask = masks[index].mask
            return AnatomyFeatures.sizeProblem(mask) == nil ? AnatomyFeatures(mask)?.values : nil
        }.compactMap { $0 }
        return AnatomyFeatures.names.indices.map { column in
            let column = values.map { $0[column] }
            guard let low = column.min(), let high = column.max() else { return nil }
            return low...high
        }
    }

    /// The cache file's magic: `GFA2` since the file ends in a checksum (`GFAG` had none, and a range changed
    /// within order in it was used as it stood).
    private static let magic = "GFA2"

    /// The cache file's header: magic, digest and column count.
    private static let headerCount = 4 + 16 + 8

    /// The cache file: `GFA2`, the reference's digest (16 ASCII hex digits), the column count, then for each
    /// column 1 and its extremes, or 0 and two zeros, then the checksum of the bytes before it (`FNV1a.checksum`);
    /// all numbers little-endian 64-bit.
    private static func bytes(_ extremes: [ClosedRange<Double>?], digest: String) -> [UInt8] {
        var bytes = Array(magic.utf8) + Array(digest.utf8)
        func append(_ value: UInt64) { LittleEndian.append(value, to: &bytes) }
        append(UInt64(extremes.count))
        for extreme in extremes {
            append(extreme == nil ? 0 : 1)
            append((extreme?.lowerBound ?? 0).bitPattern)
            append((extreme?.upperBound ?? 0).bitPattern)
        }
        append(FNV1a.checksum(bytes[...], headerCount: headerCount))
        return bytes
    }

    /// The extremes in the cache file at `path`, nil unless it is exactly one for `digest` with its checksum and
    /// finite, ordered extremes for every anatomy column.
    private static func readExtremes(_ path: String, digest: String) -> [ClosedRange<Double>?]? {
        let columns = AnatomyFeatures.names.count, size = headerCount + 24 * columns + 8
        guard let bytes = try? FileBytes.read(path, limit: size, what: "anatomy cache"), bytes.count == size,
              bytes[0..<4].elementsEqual(magic.utf8), bytes[4..<20].elementsEqual(digest.utf8) else { return nil }
        func number(_ at: Int) -> UInt64 { LittleEndian.word(bytes[at..<(at + 8)]) }
        guard number(20) == UInt64(columns), number(size - 8) == FNV1a.checksum(bytes[..<(size - 8)], headerCount: headerCount) else {
            return nil
        }
        var extremes: [ClosedRange<Double>?] = []
        for column in 0..<columns {
            let at = headerCount + 24 * column, low = Double(bitPattern: number(at + 8)), high = Double(bitPattern: number(at + 16))
            switch number(at) {
            case 0: extremes.append(nil)
            case 1 where low.isFinite && high.isFinite && low <= high: extremes.append(low...high)
            default: return nil
            }
        }
        return extremes
    }

    /// Why `mask` fails the gate (the first column out of its range), nil when it passes.
    public func failure(_ mask: BinaryMask) -> String? {
        if let problem = AnatomyFeatures.sizeProblem(mask) { return "anatomy: \(problem)" }
        guard let values = AnatomyFeatures(mask)?.values else { return "anatomy: no foreground" }
        for (column, (value, range)) in zip(AnatomyFeatures.names, zip(values, ranges)) where !range.contains(value) {
            return "anatomy: \(column) \(value) is outside the reference's range [\(range.lowerBound), \(range.upperBound)] "
                + "(widened by \(tolerance) of its width, at least \(Self.minimumMargin))"
        }
        return nil
    }
}
