import FileIO
import Parallelism

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The table of distances between reference masks that `LocalRealism` and the leave-one-out calibrations need:
/// each reference mask's `width` nearest other reference masks by aligned Dice (each moved onto it), largest
/// first, ties in reference order. Built once per reference set (`ReferenceSet.best` on `jobs` threads; the
/// table does not depend on `jobs`), and kept in a cache folder under the reference's digest.
///
/// A cache file is untrusted: its size, digest, counts, entries and checksum are checked, and the rows of 8 evenly
/// spaced masks (`ScaledCacheFile.checked(of:)`, as for the frames) are searched again and must match to the bit;
/// a file that fails any check is rebuilt, with a note. The checksum catches a damaged file, the searches one made
/// by other code; neither is a signature. Writes are
/// atomic (a temporary file renamed into place), so two runs building the same table at once are safe.
public struct ReferenceNeighbours: Sendable, Equatable {
    /// How many neighbours each mask keeps (fewer when the reference has fewer other masks).
    public let width: Int
    /// Each reference mask's nearest others, largest Dice first.
    public let nearest: [[(dice: Double, index: Int)]]
    /// The digest of the reference the table belongs to.
    public let digest: String

    /// The table of `reference`, built on `jobs` threads; `progress` receives the masks done so far.
    public init(_ reference: ReferenceSet, width: Int, jobs: Int = 1, progress: (@Sendable (Int) -> Void)? = nil) {
        self.width = width
        digest = reference.digest
        nearest = ParallelMap.map(count: reference.masks.count, jobs: jobs, chunkSize: 8, progress: progress) { index in
            reference.best(reference.masks[index], count: width, excluding: index)
        }
    }

    private init(width: Int, nearest: [[(dice: Double, index: Int)]], digest: String) {
        self.width = width
        self.nearest = nearest
        self.digest = digest
    }

    /// The table of `reference` from the cache in `folder` when a valid one is there; else built and written
    /// there. `note` receives what happened to a bad cache file or a failed write (the table is still made).
    public static func cached(_ reference: ReferenceSet, width: Int, folder: String, jobs: Int = 1,
                              note: (String) -> Void = { _ in }, progress: (@Sendable (Int) -> Void)? = nil) -> ReferenceNeighbours {
        let path = folder + "/reference-\(reference.digest)-neighbours-\(width).bin"
        if FileIdentity(path: path) != nil {
            do throws(CacheProblem) {
                return try read(path, reference: reference, width: width, jobs: jobs)
            } catch {
                note("\(path): \(error.reason); rebuilding it")
            }
        }
        let table = ReferenceNeighbours(reference, width: width, jobs: jobs, progress: progress)
        do throws(OutputError) {
            try AtomicFile.createFolder(folder)
            try AtomicFile.writeCache(table.bytes(), to: path)
        } catch {
            note("cannot cache the reference table: \(error.description)")
        }
        return table
    }

    /// Whether this is `reference`'s table with at least `width` neighbours a mask.
    public func serves(_ reference: ReferenceSet, width: Int) -> Bool {
        digest == reference.digest && self.width >= width && nearest.count == reference.masks.count
    }

    /// Each reference mask's best aligned Dice against the others (`ReferenceSet.leaveOneOutBest`), in
    /// reference order.
    public var leaveOneOutBest: [Double] {
        nearest.map { $0.first?.dice ?? 0 }
    }

    /// Whether both hold the same neighbours of the same reference.
    public static func == (lhs: ReferenceNeighbours, rhs: ReferenceNeighbours) -> Bool {
        lhs.digest == rhs.digest && lhs.width == rhs.width && lhs.nearest.count == rhs.nearest.count
            && zip(lhs.nearest, rhs.nearest).allSatisfy { $0.map(\.index) == $1.map(\.index) && $0.map(\.dice) == $1.map(\.dice) }
    }

    // MARK: The cache file

    /// Why a cache file cannot be used.
    struct CacheProblem: Error {
        let reason: String
    }

    /// `GFRN`, the format version, the digest (16 ASCII hex digits), the mask count and the width (little-endian
    /// 64-bit), then for each mask its number of neighbours and that many (index, Dice bits) pairs, then the
    /// checksum (`FNV1a` of the header's bytes, then of the rest taken a word at a time). Version 2 added the
    /// checksum, in place of computing every listed Dice again (a sixth of a warm start against 10,000 masks).
    private static let magic: [UInt8] = Array("GFRN".utf8), version: UInt64 = 2

    /// The bytes of the header: magic, version, digest, count and width.
    private static let headerCount = 4 + 8 + 16 + 8 + 8

    /// The table as a cache file.
    func bytes() -> [UInt8] {
        var bytes = Self.magic
        func append(_ value: UInt64) { LittleEndian.append(value, to: &bytes) }
        append(Self.version)
        bytes += Array(digest.utf8)
        append(UInt64(nearest.count))
        append(UInt64(width))
        for row in nearest {
            append(UInt64(row.count))
            for entry in row {
                append(UInt64(entry.index))
                append(entry.dice.bitPattern)
            }
        }
        append(FNV1a.checksum(bytes[...], headerCount: Self.headerCount))
        return bytes
    }

    /// The table in the cache file at `path`, checked against `reference`.
    static func read(_ path: String, reference: ReferenceSet, width: Int, jobs: Int) throws(CacheProblem) -> ReferenceNeighbours {
        let count = reference.masks.count, expected = min(width, count - 1)
        // The largest valid file: the header, then each mask's count and its entries, then the checksum.
        let limit = headerCount + count * (8 + 16 * max(0, expected)) + 8
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path, limit: limit, what: "reference table")
        } catch {
            throw CacheProblem(reason: error.reason)
        }
        var offset = 0
        func take(_ size: Int) throws(CacheProblem) -> ArraySlice<UInt8> {
            guard size <= bytes.count - offset else { throw CacheProblem(reason: "the file ends early") }
            defer { offset += size }
            return bytes[offset..<(offset + size)]
        }
        func number() throws(CacheProblem) -> UInt64 {
            LittleEndian.word(try take(8))
        }
        guard try Array(take(4)) == magic, try number() == version else { throw CacheProblem(reason: "not a reference table of this version") }
        guard try String(decoding: take(16), as: UTF8.self) == reference.digest else { throw CacheProblem(reason: "made for another reference") }
        guard try number() == UInt64(count), try number() == UInt64(width) else { throw CacheProblem(reason: "made for another size") }
        var nearest: [[(dice: Double, index: Int)]] = []
        nearest.reserveCapacity(count)
        for own in 0..<count {
            guard try number() == UInt64(expected) else { throw CacheProblem(reason: "mask \(own) has the wrong number of neighbours") }
            var row: [(dice: Double, index: Int)] = []
            for _ in 0..<expected {
                let index = try number(), dice = Double(bitPattern: try number())
                guard index < UInt64(count), Int(index) != own, (0...1).contains(dice) else {
                    throw CacheProblem(reason: "mask \(own) lists a neighbour out of range")
                }
                if let last = row.last, last.dice < dice || (last.dice == dice && last.index >= Int(index)) {
                    throw CacheProblem(reason: "mask \(own)'s neighbours are out of order")
                }
                row.append((dice, Int(index)))
            }
            nearest.append(row)
        }
        let body = offset
        guard try number() == FNV1a.checksum(bytes[..<body], headerCount: headerCount) else { throw CacheProblem(reason: "its checksum does not match") }
        guard offset == bytes.count else { throw CacheProblem(reason: "the file runs past its table") }
        // A few masks' rows searched again: a table made by other code, or for other masks under this digest, is caught.
        let checked = ScaledCacheFile.checked(of: count)
        let agrees = ParallelMap.map(count: checked.count, jobs: jobs, chunkSize: 1) { position in
            let own = checked[position]
            return reference.best(reference.masks[own], count: width, excluding: own).elementsEqual(nearest[own]) {
                $0.index == $1.index && $0.dice.bitPattern == $1.dice.bitPattern
            }
        }
        guard agrees.allSatisfy({ $0 }) else { throw CacheProblem(reason: "its neighbours differ from the masks'") }
        return ReferenceNeighbours(width: width, nearest: nearest, digest: reference.digest)
    }
}
