import FileIO

/// A cache file of a reference's scaled frames or leave-one-out scores (`ScaledReference`), kept under the
/// reference's digest: a 4-byte magic, the digest (16 ASCII hex digits), the item count, then `wordsPerItem`
/// words an item, then a checksum (`FNV1a.checksum`: the bytes before the words, then the words taken whole),
/// all little-endian 64-bit. The file is untrusted: it is used only when it is exactly that size for the expected
/// count and digest, its checksum matches, and the caller's check of it (a few items made again) passes. (The
/// magics ending in 1 had no checksum: an item the check does not make again, any of all but 8 of 10,000
/// leave-one-out scores, could be changed and used.)
struct ScaledCacheFile {
    /// The file's first four bytes.
    let magic: String
    /// The words that hold one item.
    let wordsPerItem: Int
    /// The file name's last part (`reference-DIGEST-NAME.bin`) and what the notes call its items.
    let name: String, items: String

    /// The reference's frames, `ScaledMask.side` rows each.
    static let frames = ScaledCacheFile(magic: "GFF2", wordsPerItem: ScaledMask.side, name: "frames", items: "scaled frames")
    /// The reference's leave-one-out scores, one `Double`'s bits each.
    static let scores = ScaledCacheFile(magic: "GFS2", wordsPerItem: 1, name: "scaled", items: "scaled scores")
    /// The reference's leave-one-out boundary scores (`realism_boundary`), one `Double`'s bits each.
    static let boundaryScores = ScaledCacheFile(magic: "GFB2", wordsPerItem: 1, name: "boundary", items: "boundary scores")

    /// The bytes of the header: magic, digest and count.
    static let headerCount = 4 + 16 + 8

    /// How many items a read is checked against, made again (evenly spaced).
    static let checkedCount = 8

    /// The indices, evenly spaced, of the items of `count` a read is checked against (also the rows of
    /// `ReferenceNeighbours`' cache file that are searched again).
    static func checked(of count: Int) -> [Int] {
        let checked = min(checkedCount, count)
        return (0..<checked).map { $0 * count / checked }
    }

    /// The `count` items of the reference of `digest`: from the file in `folder` when it is sound and `decode`
    /// accepts its words, else `make()` (the items and their words), written there atomically. `note` says why a
    /// file was not used or could not be written.
    func cached<Items>(folder: String, digest: String, count: Int, note: (String) -> Void,
                       decode: ([UInt64]) -> Items?, make: () -> (items: Items, words: [UInt64])) -> Items {
        let path = folder + "/reference-\(digest)-\(name).bin"
        if FileIdentity(path: path) != nil {
            if let words = read(path, digest: digest, count: count), let items = decode(words) { return items }
            note("\(path): not the \(items) of this reference, or not sound; making them again")
        }
        let made = make()
        var bytes = Array(magic.utf8) + Array(digest.utf8)
        bytes.reserveCapacity(bytes.count + 8 + 8 * made.words.count + 8)
        LittleEndian.append(UInt64(count), to: &bytes)
        made.words.forEach { LittleEndian.append($0, to: &bytes) }
        LittleEndian.append(FNV1a.checksum(bytes[...], headerCount: Self.headerCount), to: &bytes)
        do throws(OutputError) {
            try AtomicFile.createFolder(folder)
            try AtomicFile.writeCache(bytes, to: path)
        } catch {
            note("cannot cache the reference's \(items): \(error.description)")
        }
        return made.items
    }

    /// The words of the file at `path`, nil unless it is exactly one of `count` items for `digest`, with its checksum.
    private func read(_ path: String, digest: String, count: Int) -> [UInt64]? {
        let (words, overflow) = wordsPerItem.multipliedReportingOverflow(by: count)
        guard !overflow, words <= (Int.max - Self.headerCount - 8) / 8 else { return nil }
        let size = Self.headerCount + 8 * words + 8
        guard let bytes = try? FileBytes.read(path, limit: size, what: "\(items) cache"), bytes.count == size,
              bytes[0..<4].elementsEqual(magic.utf8), bytes[4..<20].elementsEqual(digest.utf8),
              LittleEndian.word(bytes[20..<28]) == UInt64(count),
              LittleEndian.word(bytes[(size - 8)...]) == FNV1a.checksum(bytes[..<(size - 8)], headerCount: Self.headerCount) else { return nil }
        let start = Self.headerCount
        return (0..<words).map { LittleEndian.word(bytes[(start + 8 * $0)..<(start + 8 + 8 * $0)]) }
    }

}
