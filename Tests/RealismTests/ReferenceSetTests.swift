import Foundation
import FileIO
import MaskImage
import Realism
import SeededRandom
import TestSupport
import Testing

/// A reference counts each real mask once, however many files hold it: a copy would be its own nearest
/// neighbour when held out, and vouch twice for a generated mask like it.
struct ReferenceSetTests {
    @Test func copiesOfAMaskCountOnceAndTheSetIsTheOneWithout() throws {
        var random = SeededGenerator(seed: 23)
        let masks = (0..<14).map { _ in ReferenceIndexTests.mask(width: 64, height: 48, &random) }
        // The same masks, with copies under other names (one copied twice), and a mask one pixel off another,
        // which is a mask of its own.
        var oneOff = masks[5]
        oneOff[0, 0] = !oneOff[0, 0]
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for (index, mask) in masks.enumerated() { _ = try folder.write(PNGEncoder.encode(mask), to: String(format: "ref%03d.png", index)) }
        for (name, mask) in [("x-copy-a.png", masks[2]), ("x-copy-b.png", masks[2]), ("x-copy-c.png", masks[9]), ("zzz.png", oneOff)] {
            _ = try folder.write(PNGEncoder.encode(mask), to: name)
        }
        let (withoutCopies, other) = try ReferenceIndexTests.reference(masks + [oneOff])
        defer { other.remove() }
        let cache = folder.path + "/../" + URL(fileURLWithPath: folder.path).lastPathComponent + "-cache"
        defer { try? FileManager.default.removeItem(atPath: cache) }
        for run in ["without a cache", "writing the cache", "from the cache"] {
            var notes: [String] = []
            let set = run == "without a cache"
                ? try ReferenceSet(folder: folder.path, note: { notes.append($0) })
                : try ReferenceSet(folder: folder.path, jobs: 2, cache: cache, note: { notes.append($0) })
            #expect(set.files.map { URL(fileURLWithPath: $0).lastPathComponent }
                    == (0..<14).map { String(format: "ref%03d.png", $0) } + ["zzz.png"], "\(run)")
            #expect(set.masks.map(\.mask) == masks + [oneOff], "\(run): the masks")
            #expect(notes.count == 1 && notes[0].contains("3 of the 18 masks are copies of others")
                    && notes[0].contains("x-copy-a.png") && notes[0].contains("ref002.png"), "\(run): \(notes)")
            // Held out, a mask meets no copy of itself: its scores are those of the reference without copies.
            #expect(set.digest == withoutCopies.digest, "\(run)")
            for score in ScaledReference.FrameScore.allCases {
                #expect(set.scaled.leaveOneOut(by: score) == withoutCopies.scaled.leaveOneOut(by: score), "\(run)")
            }
        }

        // Only copies of one mask: no reference.
        let one = try TemporaryFolder()
        defer { one.remove() }
        for name in ["a.png", "b.png", "c.png"] { _ = try one.write(PNGEncoder.encode(masks[0]), to: name) }
        #expect(throws: ReferenceSet.Problem.self) { try ReferenceSet(folder: one.path) }
        do {
            _ = try ReferenceSet(folder: one.path)
        } catch {
            #expect(error.description.contains("holds one distinct mask among its 3"), "\(error)")
        }
    }

    /// The copies found are exactly the pairs of equal masks, the first of each kept, on masks drawn to collide
    /// in their pixel counts and row counts (a mask and its mirror image) as well as in every pixel.
    @Test func copiesAreExactlyTheEqualMasks() throws {
        var random = SeededGenerator(seed: 8)
        var masks: [BinaryMask] = []
        for _ in 0..<40 {
            switch random.integer(below: 4) {
            case 0 where !masks.isEmpty: masks.append(masks[random.integer(below: masks.count)])
            case 1 where !masks.isEmpty:
                let source = masks[random.integer(below: masks.count)]
                var mirror = BinaryMask(width: source.width, height: source.height)
                for y in 0..<source.height { for x in 0..<source.width where source[x, y] { mirror[source.width - 1 - x, y] = true } }
                masks.append(mirror)
            default: masks.append(ReferenceIndexTests.mask(width: 33, height: 21, &random))
            }
        }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for (index, mask) in masks.enumerated() { _ = try folder.write(PNGEncoder.encode(mask), to: String(format: "m%03d.png", index)) }
        let expected = masks.indices.filter { index in !masks[..<index].contains(masks[index]) }
        let set = try ReferenceSet(folder: folder.path)
        #expect(set.masks.map(\.mask) == expected.map { masks[$0] } && set.files.count == expected.count)
        #expect(expected.count < masks.count)
    }

    /// A reference too large for the memory it may take is refused before its masks are read, saying how much it
    /// would need; one that fits is read. The default limit is a share of what this machine allows.
    @Test func aReferenceThatWouldNotFitInMemoryIsRefusedAtOnce() throws {
        var random = SeededGenerator(seed: 29)
        let masks = (0..<6).map { _ in ReferenceIndexTests.mask(width: 130, height: 40, &random) }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for (index, mask) in masks.enumerated() { _ = try folder.write(PNGEncoder.encode(mask), to: String(format: "ref%03d.png", index)) }
        // 6 masks of 130x40: 3 words of 8 bytes a row, 40 rows, four times, and 4 KiB each: 46.5 KiB.
        let needed = 6 * (4 * 3 * 8 * 40 + 4096)
        #expect(throws: ReferenceSet.Problem.self) { try ReferenceSet(folder: folder.path, memoryLimit: needed - 1) }
        do {
            _ = try ReferenceSet(folder: folder.path, memoryLimit: 32 << 10)
        } catch {
            #expect(error.description.contains("6 masks of 130x40 would take about 46.5 KiB of memory, more than the 32 KiB"), "\(error)")
        }
        #expect(try ReferenceSet(folder: folder.path, memoryLimit: needed).masks.count == 6)
        let usable = try #require(UsableMemory.bytes)
        #expect(ReferenceSet.defaultMemoryLimit == Int(Double(usable) * ReferenceSet.memoryShare) && usable > 1 << 20)
    }
}
