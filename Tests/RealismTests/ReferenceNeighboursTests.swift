import Foundation
import MaskImage
import Realism
import SeededRandom
import TestSupport
import Testing

/// The table of nearest reference masks: the same on any number of threads, and cached under the reference's
/// digest, where a file that is stale, cut short, damaged or lies about a pair is rebuilt with a note.
struct ReferenceNeighboursTests {
    @Test func theTableIsTheSearchesOnAnyNumberOfThreadsAndSurvivesTheCache() throws {
        var random = SeededGenerator(seed: 5)
        let masks = (0..<40).map { _ in ReferenceIndexTests.mask(width: 64, height: 48, &random) }
        let (set, folder) = try ReferenceIndexTests.reference(masks)
        defer { folder.remove() }
        let one = ReferenceNeighbours(set, width: 4, jobs: 1), three = ReferenceNeighbours(set, width: 4, jobs: 3)
        #expect(one == three)
        for index in set.masks.indices {
            #expect(one.nearest[index].map(\.index) == set.best(set.masks[index], count: 4, excluding: index).map(\.index))
        }
        #expect(one.leaveOneOutBest == set.leaveOneOutBest())

        let cache = folder.path + "/cache"
        var notes: [String] = []
        let built = ReferenceNeighbours.cached(set, width: 4, folder: cache, note: { notes.append($0) })
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: cache).first)
        #expect(built == one && notes.isEmpty && file == "reference-\(set.digest)-neighbours-4.bin")
        #expect(ReferenceNeighbours.cached(set, width: 4, folder: cache, note: { notes.append($0) }) == one && notes.isEmpty)

        // Each damage is noticed, the table rebuilt, and the file made good again.
        let path = cache + "/" + file
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        var damaged: [(String, Data)] = [("cut short", good.prefix(good.count - 3)), ("too long", good + Data([0])), ("empty", Data())]
        var flipped = good
        flipped[flipped.count - 10] ^= 0x01  // the last Dice's bits, before the checksum
        damaged.append(("a Dice changed", flipped))
        var checksum = good
        checksum[checksum.count - 1] ^= 0x80
        damaged.append(("the checksum changed", checksum))
        // The first mask's nearest neighbour named as another mask, in a well-formed row under a good checksum: only
        // searching that row again can tell.
        var lying = good
        let row = (0..<4).map { Int(good[52 + 16 * $0]) }  // each entry's index (below 256), after the row's count
        let other = try #require((1..<masks.count).first { !row.contains($0) })
        lying[52] = UInt8(other)
        lying.replaceSubrange((lying.count - 8)..<lying.count, with: Self.checksum(lying.prefix(lying.count - 8)))
        damaged.append(("a row that lies, under a good checksum", lying))
        var stale = good
        stale[12] = stale[12] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")  // the digest
        damaged.append(("another reference", stale))
        var outOfRange = good
        outOfRange.replaceSubrange(52..<60, with: Data(repeating: 0xff, count: 8))  // the first neighbour's index
        damaged.append(("an index out of range", outOfRange))
        for (what, bytes) in damaged {
            try bytes.write(to: URL(fileURLWithPath: path))
            notes = []
            #expect(ReferenceNeighbours.cached(set, width: 4, folder: cache, note: { notes.append($0) }) == one, "\(what)")
            #expect(notes.count == 1 && notes[0].contains("rebuilding"), "\(what): \(notes)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == good, "\(what)")
        }
    }

    /// The file's checksum, computed here from its definition: FNV-1a-64 of the 44 header bytes, then one step a
    /// little-endian word for the rest; its 8 bytes, little-endian.
    static func checksum(_ bytes: Data) -> Data {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        let all = [UInt8](bytes)
        func step(_ unit: UInt64) { value = (value ^ unit) &* 0x0000_0100_0000_01b3 }
        all.prefix(44).forEach { step(UInt64($0)) }
        for start in stride(from: 44, to: all.count, by: 8) {
            step((0..<8).reduce(UInt64(0)) { $0 | UInt64(all[start + $1]) << (8 * UInt64($1)) })
        }
        return Data((0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) })
    }
}
