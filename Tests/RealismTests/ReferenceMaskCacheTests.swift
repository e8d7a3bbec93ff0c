import Foundation
import MaskImage
import Realism
import SeededRandom
import TestSupport
import Testing

/// A reference read through the cache is the reference decoded from its files; a changed file is decoded again;
/// a damaged cache file is noticed, not used, and rewritten.
struct ReferenceMaskCacheTests {
    @Test func cachedMasksAreTheDecodedOnesUntilAFileChanges() throws {
        var random = SeededGenerator(seed: 17)
        let masks = (0..<12).map { _ in ReferenceIndexTests.mask(width: 70, height: 40, &random) }
        let (decoded, folder) = try ReferenceIndexTests.reference(masks)
        defer { folder.remove() }
        let cache = folder.path + "/../" + URL(fileURLWithPath: folder.path).lastPathComponent + "-cache"
        defer { try? FileManager.default.removeItem(atPath: cache) }
        // The notes about the cache; random masks, unlike lungs, often lie on one side of the image, which
        // `ReferenceSet` notes as well.
        var notes: [String] = []
        let note = { (text: String) in if !text.contains("of the image") { notes.append(text) } }
        let first = try ReferenceSet(folder: folder.path, cache: cache, note: note)
        // The decoded masks, and the reference's scaled frames under its digest (`ScaledReference.cached`).
        let all = try FileManager.default.contentsOfDirectory(atPath: cache)
        let files = all.filter { $0.hasPrefix("reference-masks-") }
        #expect(all.count == 2 && files.count == 1 && all.contains("reference-\(decoded.digest)-frames.bin") && notes.isEmpty)
        let second = try ReferenceSet(folder: folder.path, jobs: 3, cache: cache, note: note)
        #expect(notes.isEmpty)
        for set in [first, second] {
            #expect(set.digest == decoded.digest && set.masks.map(\.mask) == decoded.masks.map(\.mask) && set.files == decoded.files)
        }

        // A damaged file: noticed, decoded again, rewritten.
        let path = cache + "/" + files[0]
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        for (what, offset) in [("a mask's bits", good.count - 20), ("the digest", good.count - 8 - 8 * 80 * 12 - 3)] {
            var bad = good
            bad[offset] ^= 0x10
            try bad.write(to: URL(fileURLWithPath: path))
            notes = []
            let again = try ReferenceSet(folder: folder.path, cache: cache, note: note)
            #expect(again.digest == decoded.digest && notes.count == 1 && notes[0].contains("decoding the masks again"), "\(what): \(notes)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == good, "\(what)")
        }
        try good.prefix(100).write(to: URL(fileURLWithPath: path))
        notes = []
        #expect(try ReferenceSet(folder: folder.path, cache: cache, note: note).digest == decoded.digest && notes.count == 1)

        // A reference file rewritten with other pixels: another version, so the cache is not used for it.
        var changed = masks[3]
        changed[0, 0] = !changed[0, 0]
        Thread.sleep(forTimeInterval: 0.01)
        _ = try folder.write(PNGEncoder.encode(changed), to: "ref003.png")
        notes = []
        let after = try ReferenceSet(folder: folder.path, cache: cache, note: note)
        #expect(after.digest != decoded.digest && after.masks[3].mask == changed && notes.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasPrefix("reference-masks-") }.count == 2)
    }
}
