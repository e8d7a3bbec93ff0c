import AnatomyFeatures
import FileIO
import Learning
import MaskImage
import Parallelism
import Realism

/// The label-free filter's anatomical gate: each anatomy column's range over the real reference masks, widened
/// by `tolerance` of its width on either side (more for a reference of fewer than `fullCount` masks), and by at
/// least `minimumMargin`. A mask outside any range is rejected, whatever its realism score, and the reason names
/// the column, its value and the range (Painchaud et al.'s rule: one failed anatomical criterion is enough).
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
    /// The number of reference masks from which a range is widened by the tolerance given: the hundred-odd masks
    /// it was chosen on. Fewer masks span less of real anatomy, and `tolerance(_:count:)` widens their ranges more.
    public static let fullCount = 100

    /// The accepted range of each anatomy column, in `AnatomyFeatures.names` order.
    public let ranges: [ClosedRange<Double>]
    /// Each column's smallest and largest value over the reference masks, before widening (nil: none measured).
    public let extremes: [ClosedRange<Double>?]
    /// The share of each range's width added on either side, for the reference's number of masks
    /// (`tolerance(_:count:)`).
    public let tolerance: Double
    /// The number of reference masks the ranges were measured on (those the anatomy columns can measure).
    public let count: Int

    /// The ranges of `reference`'s masks (masks the anatomy columns cannot measure are left out), measured on `jobs`
    /// threads (the ranges do not depend on it), widened by `tolerance` as `tolerance(_:count:)` scales it.
    public init(_ reference: ReferenceSet, tolerance: Double = AnatomyGate.defaultTolerance, jobs: Int = 1) {
        let (extremes, count) = Self.extremes(reference, jobs: jobs)
        self.init(extremes: extremes, count: count, tolerance: tolerance)
    }

    /// The gate from each column's smallest and largest value over `count` reference masks (nil: no measurable
    /// mask); with fewer than 2, no range is known and every mask passes.
    init(extremes: [ClosedRange<Double>?], count: Int, tolerance: Double) {
        self.count = count
        self.extremes = extremes
        self.tolerance = Self.tolerance(tolerance, count: count)
        ranges = extremes.map { [widening = self.tolerance] extreme in
            guard let extreme, count >= 2 else { return -Double.infinity...Double.infinity }
            let margin = max(widening * (extreme.upperBound - extreme.lowerBound), Self.minimumMargin)
            return (extreme.lowerBound - margin)...(extreme.upperBound + margin)
        }
    }

    /// The widening on either side of a range measured on `count` masks, for the widening `tolerance` of a range
    /// measured on `fullCount` or more: the range of `count` masks, so widened, reaches as far from its middle, in
    /// the standard deviations of a normal column, as a range of `fullCount` masks widened by `tolerance`. The
    /// expected range of n normal values is d2(n) standard deviations (`NormalRange`), so the widening is
    /// `(1 + 2 tolerance) d2(fullCount) / (2 d2(count)) - 1/2`, rounded up to the hundredth: at the default half,
    /// 1.13 for 10 masks, 0.85 for 20 and 0.62 for 50 (`tolerance` itself from `fullCount` masks on).
    ///
    /// Measured on real masks held out of the reference (`Benchmarks/anatomy_gate_probe.py`: Montgomery masks drawn
    /// as the reference, 200 draws each; the other Montgomery masks, then the 162 Shenzhen masks, another
    /// hospital's): with the half alone, 10.5% and 12.7% failed from 10 masks, 2.4% and 5.2% from 20, 0.1% and 2.2%
    /// from 50; widened so, 1.4% and 3.3% from 10, 0.4% and 2.1% from 20, 0.1% and 1.6% from 50 (from 100, 0.0% and
    /// 1.4% either way). A reference of 5 masks still loses 7-9% of real masks (40% with the half alone).
    public static func tolerance(_ tolerance: Double, count: Int) -> Double {
        guard count < fullCount else { return tolerance }
        let widths = NormalRange.expectedWidth(of: count)
        guard widths > 0 else { return .infinity }
        let scaled = (1 + 2 * tolerance) * NormalRange.expectedWidth(of: fullCount) / (2 * widths) - 0.5
        // Rounding error must not carry a widening of exactly n hundredths up to the next.
        return max(tolerance, (scaled * 100 - 1e-9).rounded(.up) / 100)
    }

    /// The note for a gate whose ranges are widened by more than `defaultTolerance` for a reference of few masks;
    /// nil otherwise (and when fewer than 2 masks could be measured, which leave no range).
    public var wideningNote: String? {
        guard tolerance > Self.defaultTolerance, (2..<Self.fullCount).contains(count) else { return nil }
        return "the anatomical gate widens each range of the reference's \(count) masks by \(tolerance) of its width on either side, "
            + "not \(Self.defaultTolerance): the extremes of fewer than \(Self.fullCount) real masks span less of real anatomy, "
            + "and narrower ranges would reject real masks"
    }

    /// The gate of `reference`, its extremes from the cache in `folder` when a valid file is there (else measured
    /// on `jobs` threads and written there); `note` says why a cache file was not used or could not be written.
    public static func cached(_ reference: ReferenceSet, tolerance: Double = AnatomyGate.defaultTolerance, folder: String, jobs: Int = 1,
                              note: (String) -> Void = { _ in }) -> AnatomyGate {
        let path = folder + "/reference-\(reference.digest)-anatomy.bin"
        if FileIdentity(path: path) != nil {
            if let (extremes, count) = readExtremes(path, digest: reference.digest, masks: reference.masks.count) {
                return AnatomyGate(extremes: extremes, count: count, tolerance: tolerance)
            }
            note("\(path): not the anatomy of this reference, or not sound; measuring it again")
        }
        let (extremes, count) = Self.extremes(reference, jobs: jobs)
        do throws(OutputError) {
            try AtomicFile.createFolder(folder)
            try AtomicFile.writeCache(bytes(extremes, count: count, digest: reference.digest), to: path)
        } catch {
            note("cannot cache the reference's anatomy: \(error.description)")
        }
        return AnatomyGate(extremes: extremes, count: count, tolerance: tolerance)
    }

    /// Each anatomy column's smallest and largest value over `reference`'s measurable masks, and how many those are.
    static func extremes(_ reference: ReferenceSet, jobs: Int) -> (extremes: [ClosedRange<Double>?], count: Int) {
        let masks = reference.masks
        let values = ParallelMap.map(count: masks.count, jobs: jobs, chunkSize: 16) { index in
            let mask = masks[index].mask
            return AnatomyFeatures.sizeProblem(mask) == nil ? AnatomyFeatures(mask)?.values : nil
        }.compactMap { $0 }
        let extremes = AnatomyFeatures.names.indices.map { column -> ClosedRange<Double>? in
            let column = values.map { $0[column] }
            guard let low = column.min(), let high = column.max() else { return nil }
            return low...high
        }
        return (extremes, values.count)
    }

    /// The cache file's magic: `GFA3` since it records the number of masks measured (`GFA2` did not, and
    /// `GFAG` had no checksum, so that a range changed within order in it was used as it stood).
    private static let magic = "GFA3"

    /// The cache file's header: magic, digest and column count.
    private static let headerCount = 4 + 16 + 8

    /// The cache file: `GFA3`, the reference's digest (16 ASCII hex digits), the column count, then for each
    /// column 1 and its extremes, or 0 and two zeros, then the number of masks measured, then the checksum of the
    /// bytes before it (`FNV1a.checksum`); all numbers little-endian 64-bit.
    private static func bytes(_ extremes: [ClosedRange<Double>?], count: Int, digest: String) -> [UInt8] {
        var bytes = Array(magic.utf8) + Array(digest.utf8)
        func append(_ value: UInt64) { LittleEndian.append(value, to: &bytes) }
        append(UInt64(extremes.count))
        for extreme in extremes {
            append(extreme == nil ? 0 : 1)
            append((extreme?.lowerBound ?? 0).bitPattern)
            append((extreme?.upperBound ?? 0).bitPattern)
        }
        append(UInt64(count))
        append(FNV1a.checksum(bytes[...], headerCount: headerCount))
        return bytes
    }

    /// The extremes and the number of masks measured in the cache file at `path`, nil unless it is exactly one for
    /// `digest` with its checksum, finite, ordered extremes for every anatomy column, and at most `masks` masks
    /// measured (the reference's).
    private static func readExtremes(_ path: String, digest: String, masks: Int) -> ([ClosedRange<Double>?], Int)? {
        let columns = AnatomyFeatures.names.count, size = headerCount + 24 * columns + 16
        guard let bytes = try? FileBytes.read(path, limit: size, what: "anatomy cache"), bytes.count == size,
              bytes[0..<4].elementsEqual(magic.utf8), bytes[4..<20].elementsEqual(digest.utf8) else { return nil }
        func number(_ at: Int) -> UInt64 { LittleEndian.word(bytes[at..<(at + 8)]) }
        guard number(20) == UInt64(columns), number(size - 8) == FNV1a.checksum(bytes[..<(size - 8)], headerCount: headerCount),
              number(size - 16) <= UInt64(masks) else {
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
        return (extremes, Int(number(size - 16)))
    }

    /// Why `mask` fails the gate (the first column out of its range), nil when it passes: the column, its value,
    /// the accepted range and the reference's own, or the one value every reference mask holds.
    public func failure(_ mask: BinaryMask) -> String? {
        if let problem = AnatomyFeatures.sizeProblem(mask) { return "anatomy: \(problem)" }
        guard let values = AnatomyFeatures(mask)?.values else { return "anatomy: no foreground" }
        for column in ranges.indices where !ranges[column].contains(values[column]) {
            let (name, value, range) = (AnatomyFeatures.names[column], values[column], ranges[column])
            guard let extreme = extremes[column] else { continue }  // none measured: no range, which every value is in
            if extreme.lowerBound == extreme.upperBound {
                return "anatomy: \(name) \(value) is not \(extreme.lowerBound), the value every reference mask holds (within \(Self.minimumMargin))"
            }
            return "anatomy: \(name) \(value) is outside [\(range.lowerBound), \(range.upperBound)], the reference's range "
                + "[\(extreme.lowerBound), \(extreme.upperBound)] widened by \(tolerance) of its width on either side"
                + (count < Self.fullCount ? " for \(count) reference masks" : "") + " (at least \(Self.minimumMargin))"
        }
        return nil
    }
}
