import FileIO
import MaskImage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A reference's decoded masks, kept between runs in the cache folder so that a large reference is not decoded
/// again: one file per reference, named by a digest of the masks' names, their files' versions (`FileVersion`:
/// identity, size, modification and status-change times) and the grey threshold.
///
/// The file holds the key, the masks' size, their digest (`ReferenceSet.digest`, so that it is not computed again)
/// and their words. It is untrusted: used only when it names exactly the same masks, files and versions, its size is
/// the one its header implies (checked before anything is allocated), its masks fit the size limit and have no
/// bits past their width, and its checksum matches (`FNV1a` of the header's bytes, then of the masks' words taken
/// whole); else the masks are decoded again and the file rewritten, atomically.
enum ReferenceMaskCache {
    /// `GFRM` and the format version (4 since two-level images are read as masks, `BinaryMask.reading(at:cut:grey:)`;
    /// 5 since a 16-bit image's two levels are compared whole, `PNGReader.twoLevelImage(atPath:)`).
    private static let magic: [UInt8] = Array("GFRM".utf8), version: UInt64 = 5

    /// What the cache file must match: each mask's name and its file's version, and the threshold.
    struct Key {
        /// How many masks.
        let count: Int
        /// The header's part after the magic and version: the threshold, the count, then each name and version.
        let bytes: [UInt8]
        /// The cache file's name.
        let fileName: String

        /// The key of `inputs` as they are on disk now (`listed`: the versions their folder's listing found a moment
        /// ago, else each file is examined); nil when a file cannot be examined.
        init?(_ inputs: [MaskInput], threshold: UInt8, listed: [String: FileVersion] = [:]) {
            var byPath: [String: [UInt64]] = [:]
            var bytes: [UInt8] = []
            LittleEndian.append(UInt64(threshold), to: &bytes)
            LittleEndian.append(UInt64(inputs.count), to: &bytes)
            for input in inputs {
                guard let version = byPath[input.path] ?? (listed[input.path] ?? FileVersion(path: input.path))?.words else { return nil }
                byPath[input.path] = version
                let name = Array(input.name.utf8)
                LittleEndian.append(UInt64(name.count), to: &bytes)
                bytes += name
                version.forEach { LittleEndian.append($0, to: &bytes) }
            }
            var hash = FNV1a()
            hash.add(bytes: bytes)
            count = inputs.count
            self.bytes = bytes
            fileName = "reference-masks-" + hash.hex + ".bin"
        }
    }

    /// The masks cached for `key` in `folder`, measured by `measure` a few megabytes of masks at a time (it returns
    /// one value for each, so that only those masks are held at once: a reference keeps them as `AlignedMask`),
    /// and their digest (`ReferenceSet.digest`, as written with them); or nil (with the reason) when there are none
    /// that can be used.
    static func read<T>(_ key: Key, folder: String, maxPixels: UInt64, measure: ([BinaryMask]) -> [T])
        -> (masks: [T]?, digest: String?, problem: String?)
    {
        let path = folder + "/" + key.fileName
        guard let file = FileVersion(path: path) else { return (nil, nil, nil) }
        let keyBytes = key.bytes
        let header = magic.count + 8 + keyBytes.count
        // The size: width and height follow the key; then the words; then the checksum.
        guard let sizeBytes = try? FileBytes.read(path, offset: header, count: 16), sizeBytes.count == 16 else {
            return (nil, nil, "\(path): the file ends early")
        }
        let width = LittleEndian.word(sizeBytes[0..<8]), height = LittleEndian.word(sizeBytes[8..<16])
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, width > 0, height > 0, pixels <= maxPixels else { return (nil, nil, "\(path): masks of an impossible size") }
        let wordsPerMask = Int((width + 63) / 64 * height)
        let (words, tooMany) = wordsPerMask.multipliedReportingOverflow(by: key.count)
        guard !tooMany, words <= (Int.max - header - 32) / 8 else { return (nil, nil, "\(path): masks of an impossible size") }
        let expected = header + 32 + 8 * words + 8
        guard file.size == UInt64(expected) else { return (nil, nil, "\(path): not the size its header implies") }
        // The header, then the masks a few megabytes at a time, each read straight into its words.
        guard let head = try? FileBytes.read(path, offset: 0, count: header + 32), head.count == header + 32,
              Array(head[0..<magic.count]) == magic, LittleEndian.word(head[magic.count..<(magic.count + 8)]) == version,
              Array(head[(magic.count + 8)..<header]) == keyBytes else {
            return (nil, nil, "\(path): made for other files")
        }
        let digest = String(decoding: head[(header + 16)..<(header + 32)], as: UTF8.self)
        guard digest.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }) else {
            return (nil, nil, "\(path): a malformed digest")
        }
        var sum = FNV1a()
        sum.add(bytes: head[...])
        var masks: [T] = []
        masks.reserveCapacity(key.count)
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return (nil, nil, "\(path): \(SystemError.message(errno))") }
        defer { close(descriptor) }
        // A few megabytes at a time (10,000 masks of 256x256 are 80 MB), into one buffer, from one open file: a file
        // replaced while it is read is not read in parts of two (the checksum would refuse them, after the work).
        let perRead = max(1, (4 << 20) / max(1, 8 * wordsPerMask))
        var chunk = [UInt8](repeating: 0, count: 8 * wordsPerMask * min(perRead, key.count))
        for first in stride(from: 0, to: key.count, by: perRead) {
            let count = min(perRead, key.count - first)
            guard FileBytes.read(descriptor, into: &chunk, count: 8 * wordsPerMask * count, at: header + 32 + 8 * wordsPerMask * first) else {
                return (nil, nil, "\(path): the file ends early")
            }
            chunk.withUnsafeBytes { raw in sum.add(words: UnsafeRawBufferPointer(rebasing: raw[..<(8 * wordsPerMask * count)])) }
            var read: [BinaryMask] = []
            read.reserveCapacity(count)
            for index in 0..<count {
                let maskWords = chunk.withUnsafeBytes { raw in
                    [UInt64](unsafeUninitializedCapacity: wordsPerMask) { words, initialized in
                        for word in 0..<wordsPerMask {
                            words[word] = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * (wordsPerMask * index + word), as: UInt64.self))
                        }
                        initialized = wordsPerMask
                    }
                }
                guard let mask = BinaryMask(width: Int(width), height: Int(height), words: maskWords) else {
                    return (nil, nil, "\(path): a mask has bits past its width")
                }
                read.append(mask)
            }
            masks += measure(read)
        }
        guard let tail = try? FileBytes.read(path, offset: expected - 8, count: 8), tail.count == 8, sum.value == LittleEndian.word(tail[...]) else {
            return (nil, nil, "\(path): its checksum does not match")
        }
        return (masks, digest, nil)
    }

    /// Writes `masks` (all of one size) and their `digest` (16 hex digits) for `key` into `folder`, atomically.
    static func write(_ masks: [BinaryMask], digest: String, key: Key, folder: String) throws(OutputError) {
        var bytes = magic
        LittleEndian.append(version, to: &bytes)
        bytes += key.bytes
        LittleEndian.append(UInt64(masks.first?.width ?? 0), to: &bytes)
        LittleEndian.append(UInt64(masks.first?.height ?? 0), to: &bytes)
        bytes += Array(digest.utf8.prefix(16))
        var sum = FNV1a()
        sum.add(bytes: bytes[...])
        let headerCount = bytes.count
        bytes.reserveCapacity(bytes.count + masks.reduce(0) { $0 + 8 * $1.words.count } + 8)
        for mask in masks {
            #if _endian(little)
            mask.words.withUnsafeBytes { bytes += $0 }
            #else
            mask.words.forEach { LittleEndian.append($0, to: &bytes) }
            #endif
        }
        bytes[headerCount...].withUnsafeBytes { sum.add(words: $0) }
        LittleEndian.append(sum.value, to: &bytes)
        try AtomicFile.createFolder(folder)
        try AtomicFile.writeCache(bytes, to: folder + "/" + key.fileName)
    }


}
