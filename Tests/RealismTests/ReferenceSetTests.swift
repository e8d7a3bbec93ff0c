import Foundation
import FileIO
import MaskImage
import Realism
import SeededRandom
import TestSupport
import Testing

/// A reference counts each real mask once, however many files hold it and wherever it lies in them: a copy would
/// be its own nearest neighbour when held out, and vouch twice for a generated mask like it.
struct ReferenceSetTests {
    /// A reference that is neither a folder nor a stack is refused, saying what the path is: nothing, a file (one
    /// mask, often), or another kind of file such as a FIFO.
    @Test func aReferenceThatIsNoFolderOrStackSaysWhatItIs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let mask = try folder.write(PNGEncoder.encode(BinaryMask(width: 4, height: 4)), to: "one.png")
        #expect(mkfifo(folder.path + "/pipe.npy", 0o600) == 0)
        let wanted = "a folder of masks or a NumPy stack of masks (.npy, .npz)"
        for (path, description) in [(folder.path + "/missing", folder.path + "/missing: no such file or folder; the reference is " + wanted),
                                    (mask, mask + " is a file, not " + wanted),
                                    (folder.path + "/pipe.npy", folder.path + "/pipe.npy is a FIFO, not " + wanted)] {
            #expect(throws: ReferenceSet.Problem(description: description)) { try ReferenceSet(folder: path) }
        }
    }

    @Test func copiesOfAMaskCountOnceAndTheSetIsTheOneWithout() throws {
        var random = SeededGenerator(seed: 23)
        let masks = (0..<14).map { _ in ReferenceIndexTests.mask(width: 64, height: 48, &random) }
        // The same masks, with copies under other names (one copied twice, one moved by a column), and a mask
        // one pixel off another, which is a mask of its own.
        var oneOff = masks[5]
        oneOff[0, 0] = !oneOff[0, 0]
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for (index, mask) in masks.enumerated() { _ = try folder.write(PNGEncoder.encode(mask), to: String(format: "ref%03d.png", index)) }
        let moved = ReferenceIndexTests.shiftedCopy(masks[11])
        #expect(moved != masks[11], "a copy moved by a column")
        for (name, mask) in [("x-copy-a.png", masks[2]), ("x-copy-b.png", masks[2]), ("x-copy-c.png", masks[9]), ("x-moved.png", moved), ("zzz.png", oneOff)] {
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
            #expect(notes.count == 1 && notes[0].contains("4 of the 19 masks are copies of others")
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

    /// The copies found are exactly the pairs of masks equal wherever they lie (the same pixels within their
    /// bounding boxes), the first of each kept, on masks drawn to collide in their pixel counts and row counts
    /// (a mask and its mirror image, a mask moved partly out of the frame) as well as in every pixel (a copy, a
    /// copy moved by any number of columns and rows).
    @Test func copiesAreExactlyTheMasksEqualWhereverTheyLie() throws {
        var random = SeededGenerator(seed: 8)
        var masks: [BinaryMask] = []
        for _ in 0..<60 {
            let source = masks.isEmpty ? nil : masks[random.integer(below: masks.count)]
            switch (random.integer(below: 5), source) {
            case (0, let source?): masks.append(source)
            case (1, let source?):
                var mirror = BinaryMask(width: source.width, height: source.height)
                for y in 0..<source.height { for x in 0..<source.width where source[x, y] { mirror[source.width - 1 - x, y] = true } }
                masks.append(mirror)
            case (2, let source?), (3, let source?):
                let dx = random.integer(below: 2 * source.width) - source.width, dy = random.integer(below: 7) - 3
                var moved = BinaryMask(width: source.width, height: source.height)
                for y in 0..<source.height {
                    for x in 0..<source.width where source[x, y] && (0..<source.width).contains(x + dx) && (0..<source.height).contains(y + dy) {
                        moved[x + dx, y + dy] = true
                    }
                }
                if moved.foregroundCount > 0 { masks.append(moved) }
            default: masks.append(ReferenceIndexTests.mask(width: 70, height: 21, &random))
            }
        }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for (index, mask) in masks.enumerated() { _ = try folder.write(PNGEncoder.encode(mask), to: String(format: "m%03d.png", index)) }
        let boxes = masks.map(Self.boundingBox)
        let expected = masks.indices.filter { index in !boxes[..<index].contains(boxes[index]) }
        let set = try ReferenceSet(folder: folder.path)
        #expect(set.masks.map(\.mask) == expected.map { masks[$0] } && set.files.count == expected.count)
        let exact = masks.indices.filter { index in !masks[..<index].contains(masks[index]) }
        #expect(expected.count < exact.count && exact.count < masks.count, "moved copies and copies among the masks")
    }

    /// The pixels of `mask` within its bounding box, a row of `0` and `1` a line.
    static func boundingBox(_ mask: BinaryMask) -> String {
        let xs = (0..<mask.width).filter { x in (0..<mask.height).contains { mask[x, $0] } }
        let ys = (0..<mask.height).filter { y in (0..<mask.width).contains { mask[$0, y] } }
        guard let left = xs.first, let right = xs.last, let top = ys.first, let bottom = ys.last else { return "" }
        return (top...bottom).map { y in String((left...right).map { mask[$0, y] ? "1" : "0" }) }.joined(separator: "\n")
    }

    /// Real masks drawn inverted (the lungs dark on a light ground) reach all four edges of the image, and masks
    /// of one lung each lie on one side of its centre, as no mask of two lungs does: when most of a reference does
    /// either, a note says so; real masks, and a reference only half of whose masks are so, give none.
    @Test func aReferenceDrawnInvertedOrOfOneLungIsNoted() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root + "/masks/lung256").filter { $0.hasSuffix(".png") }.sorted().prefix(6)
        let real = try files.map { try MaskInput(InputFile(path: Fixtures.root + "/masks/lung256/" + $0)).mask(threshold: 128, maxPixels: PNGReader.defaultMaxPixels) }
        let redrawn = { (keep: (BinaryMask, Int, Int) -> Bool) in
            real.map { mask in
                var drawn = BinaryMask(width: mask.width, height: mask.height)
                for y in 0..<mask.height { for x in 0..<mask.width where keep(mask, x, y) { drawn[x, y] = true } }
                return drawn
            }
        }
        let inverted = redrawn { mask, x, y in !mask[x, y] }
        let oneLung = redrawn { mask, x, y in mask[x, y] && x < mask.width / 2 }
        let edges = "reach all four edges", oneSide = "lie wholly on one side"
        let cases: [(String, [BinaryMask], String?, Int)] = [
            ("real", real, nil, 0), ("inverted", inverted, edges, 6), ("half inverted", Array(real.prefix(3) + inverted.prefix(3)), nil, 0),
            ("most inverted", Array(real.prefix(2) + inverted.prefix(4)), edges, 4), ("left lungs", oneLung, oneSide, 6),
            ("half left lungs", Array(real.prefix(3) + oneLung.suffix(3)), nil, 0),
        ]
        for (what, masks, expected, count) in cases {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            for (index, mask) in masks.enumerated() { _ = try folder.write(PNGEncoder.encode(mask), to: String(format: "m%02d.png", index)) }
            var notes: [String] = []
            _ = try ReferenceSet(folder: folder.path, note: { notes.append($0) })
            let drawing = notes.filter { $0.contains(edges) || $0.contains(oneSide) }
            if let expected {
                #expect(drawing.count == 1 && drawing[0].contains(expected) && drawing[0].contains("\(count) of the 6 masks"), "\(what): \(notes)")
            } else {
                #expect(drawing.isEmpty, "\(what): \(notes)")
            }
        }
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
