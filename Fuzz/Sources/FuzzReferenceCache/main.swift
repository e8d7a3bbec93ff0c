import FileIO
import FuzzEntry
import MaskFilter
import MaskImage
import Realism

#if canImport(Glibc)
import Glibc
#endif

/// Any bytes in place of one of a reference's cache files (its decoded masks, frames, leave-one-out scores by
/// both frame scores, table of nearest masks, anatomical gate) end in what the reference gives without a cache:
/// a file that is not sound is measured again, never used. The first byte of an input chooses the file, the rest
/// are its bytes; the file is put back after each input.
enum Fixture {
    /// A reference of twelve lung-like masks (two ellipses each, of several sizes; more than the 8 items a cache
    /// check makes again) in a folder of its own, beside its cache folder.
    static let folder: String = {
        let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        var template = Array("\(base)/ganfilter-fuzz-reference-XXXXXX".utf8CString)
        let folder = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap(mkdtemp).map { String(cString: $0) } }
            ?? "\(base)/ganfilter-fuzz-reference-\(getpid())"
        for index in 0..<12 {
            var mask = BinaryMask(width: 48, height: 40)
            let rx = 6 + Double(index % 4), ry = 12 + Double(index % 3) * 2
            for y in 0..<40 {
                for x in 0..<48 {
                    let left = pow((Double(x) - 14) / rx, 2) + pow((Double(y) - 20) / ry, 2)
                    let right = pow((Double(x) - 34 - Double(index % 2)) / (rx + 1), 2) + pow((Double(y) - 21) / (ry - 1), 2)
                    if left <= 1 || right <= 1 { mask[x, y] = true }
                }
            }
            guard let png = try? PNGEncoder.encode(mask) else { continue }
            _ = write(png, to: folder + "/ref\(index).png")
        }
        return folder
    }()
    static var cache: String { folder + "/cache" }

    /// What a reference gives: its digest, the masks' scores against the others by every score, its nearest
    /// masks and its gate's ranges, and the scores of a mask that is not among them.
    static func outcome(cache: String?) -> [String] {
        guard let reference = try? ReferenceSet(folder: folder, cache: cache) else { return ["no reference"] }
        let width = LocalRealism.tableWidth()
        let table = cache.map { ReferenceNeighbours.cached(reference, width: width, folder: $0) } ?? ReferenceNeighbours(reference, width: width)
        let frameScores = ScaledReference.FrameScore.allCases.map { score in
            cache.map { reference.scaled.cachedLeaveOneOut(by: score, digest: reference.digest, folder: $0) } ?? reference.scaled.leaveOneOut(by: score)
        }
        let gate = cache.map { AnatomyGate.cached(reference, folder: $0) } ?? AnatomyGate(reference)
        var query = BinaryMask(width: 48, height: 40)
        for y in 8..<32 { for x in 6..<20 { query[x, y] = true }; for x in 28..<42 { query[x, y] = true } }
        let aligned = AlignedMask(query)
        return [reference.digest, "\(reference.masks.map(\.count))", "\(table.nearest.map { $0.map(\.index) })",
                "\(table.nearest.map { $0.map(\.dice.bitPattern) })", "\(frameScores.map { $0.map(\.bitPattern) })",
                "\(gate.ranges.map { [$0.lowerBound.bitPattern, $0.upperBound.bitPattern] })",
                "\(reference.scores(aligned))", "\(reference.boundaryScore(ScaledMask(aligned)))"]
    }

    /// The cache files a first run writes, by name, with their bytes.
    static let files: [(name: String, bytes: [UInt8])] = {
        _ = outcome(cache: cache)
        let names = FolderListing.names(in: cache).filter { !$0.hasPrefix(".") }.sorted()
        return names.compactMap { name in (try? FileBytes.read(cache + "/" + name)).map { (name, $0) } }
    }()

    /// The outcome without a cache.
    static let expected = outcome(cache: nil)

    static func write(_ bytes: [UInt8], to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                guard let base = raw.baseAddress else { return false }
                let written = Glibc.write(fd, base + done, raw.count - done)
                if written <= 0 { return false }
                done += written
            }
            return true
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReferenceCache(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let files = Fixture.files, expected = Fixture.expected
    guard size > 0, !files.isEmpty else { return 0 }
    let file = files[Int(data[0]) % files.count]
    let path = Fixture.cache + "/" + file.name
    _ = Fixture.write(Array(UnsafeBufferPointer(start: data + 1, count: size - 1)), to: path)
    let outcome = Fixture.outcome(cache: Fixture.cache)
    // Put back the file as the first run wrote it (a rebuilt one has the same bytes; a used one must have had).
    _ = Fixture.write(file.bytes, to: path)
    if outcome != expected {
        print("a cache file changed the outcome: \(file.name)\n\(outcome)\n\(expected)")
        abort()
    }
    return 0
}

// `GANFILTER_FUZZ_SEEDS=DIR` writes the seeds instead (Corpus/FuzzReferenceCache): each cache file as a first run
// writes it, after the byte that chooses it.
if let seeds = getenv("GANFILTER_FUZZ_SEEDS").map({ String(cString: $0) }) {
    for (index, file) in Fixture.files.enumerated() {
        _ = Fixture.write([UInt8(index)] + file.bytes, to: seeds + "/seed-\(index).bin")
    }
    exit(0)
}
exit(fuzz_entry(CommandLine.argc, CommandLine.unsafeArgv))
