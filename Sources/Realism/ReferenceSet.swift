import FileIO
import MaskImage
import Parallelism

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Real masks to compare generated ones with (`--reference DIR`): every `*.png` of a folder, or every mask of a
/// NumPy stack, read once, thresholded as the features are, all of one size. The same mask in several files
/// counts once (the first file holding it), with a note, wherever it lies in each (`AlignedMask.isSame(as:)`).
public struct ReferenceSet: Equatable, Sendable {
    /// Why a folder cannot serve as a reference.
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// What is wrong, naming the file.
        public let description: String

        /// A problem described by `description`.
        public init(description: String) {
            self.description = description
        }
    }

    /// How many of the best overlaps `meanOfBest` averages.
    public static let bestCount = 5

    /// The folder or stack the masks were read from, as given.
    public let folder: String
    /// The array of an `.npz` stack the masks were read from, when one was named; nil for a folder, an `.npy` file
    /// or an archive's only array.
    public let member: String?
    /// The masks' names: a folder's paths sorted by their UTF-8 bytes, or a stack's `FILE.npy[i]` in order; of
    /// the files holding the same mask, the first.
    public let files: [String]
    /// The files the masks were read from: a folder's PNG files, or the stack's file.
    public let paths: [String]
    /// The masks, measured for alignment.
    public let masks: [AlignedMask]
    /// The masks centred and scaled to one area (`ScaledMask`), in file order, and their search.
    public let scaled: ScaledReference
    /// Width and height every mask must have.
    public let width: Int, height: Int
    /// FNV-1a-64 of the size and every mask's bits in file order, as 16 hex digits: which reference a model
    /// or a table was made with.
    public let digest: String
    /// The coarse index the searches bound the Dice with.
    let index: ReferenceIndex

    /// The command line's option (without its dashes) that names the array of an `.npz` reference; messages name it.
    public static let memberOption = "reference-member"

    /// The fewest masks a reference holds: `LocalRealism` gives each a radius from the others.
    public static let minimumCount = 2

    /// The share of the memory the process may use (`UsableMemory`) that a reference may take: that of any input
    /// held whole (`MemoryBudget.share`, half), leaving the rest to the masks measured against it.
    public static let memoryShare = MemoryBudget.share

    /// The most memory a reference may take by default: `memoryShare` of `UsableMemory.bytes`
    /// (`MemoryBudget.defaultLimit`); nil (no limit) when that cannot be told.
    public static var defaultMemoryLimit: Int? { MemoryBudget.defaultLimit }

    /// The memory a reference of `count` masks of `width` x `height` pixels is estimated to take while it is
    /// read: four times each mask's bits (decoded, kept aligned with padded rows, and again for the cache file)
    /// and 4 KiB for its frame, outline, band and index counts. Measured on 10,000 masks of 256x256: 28 KiB a
    /// mask on a cold start, 20 KiB warm; this estimate is 36 KiB.
    static func estimatedBytes(count: Int, width: Int, height: Int) -> Int {
        let bits = (width + 63) / 64 * 8 * height
        let (perMask, overflow) = (4 * bits + 4096).multipliedReportingOverflow(by: count)
        return overflow ? Int.max : perMask
    }

    /// Reads the real masks at `path`: every `*.png` (any case) of a folder, or every mask of a NumPy stack
    /// (`.npy`, or `.npz` with `member` choosing its array, `memberOption` in messages; `MaskStack`; a `member`
    /// for any other path is a problem). A file or mask that cannot be read, an
    /// empty mask, a mask of another size, or fewer than `minimumCount` masks is a problem naming the mask or
    /// the path. A mask that is the very same as one before it is left out, and `note` says how many were; fewer
    /// than `minimumCount` distinct masks is a problem.
    /// The masks are decoded on `jobs` threads (the set does not depend on it); `progress` receives the masks
    /// read so far. With `cache`, a folder, the decoded masks are kept there between runs
    /// (`ReferenceMaskCache`: used only while every file is the same version); `note` says why a cache file was
    /// not used or could not be written, and names a folder's files it does not contribute (NumPy stacks, images of
    /// other formats: `InputDiscovery`). A reference whose estimated memory (`estimatedBytes`, from its first
    /// mask's size) exceeds `memoryLimit` is a problem, said before any other mask is read.
    public init(folder path: String, member: String? = nil, threshold: UInt8 = 128,
                maxPixels: UInt64 = PNGReader.defaultMaxPixels, jobs: Int = 1, progress: (@Sendable (Int) -> Void)? = nil,
                cache: String? = nil, memoryLimit: Int? = ReferenceSet.defaultMemoryLimit, note: (String) -> Void = { _ in }) throws(Problem) {
        let inputs: [MaskInput]
        var folderNotes: [String] = [], listed: [String: FileVersion] = [:]
        if MaskStack.isArrayFile(path), FileIdentity(path: path)?.kind == UInt32(S_IFREG) {
            do {
                let stack = try MaskStack(path: path, member: member, memberOption: "--\(Self.memberOption)", maxPixels: maxPixels)
                inputs = (0..<stack.listedCount).map { MaskInput(stack: stack, index: $0, path: path) }
            } catch {
                throw Problem(description: "reference \(error.description)")
            }
        } else {
            let identity = FileIdentity(path: path)
            guard identity?.isFolder == true else {
                let wanted = "a folder of masks or a NumPy stack of masks (.npy, .npz)"
                let description = switch identity {
                case nil: "\(path): no such file or folder; the reference is \(wanted)"
                case let identity? where identity.isRegularFile: "\(path) is a file, not \(wanted)"
                case let identity?: "\(path) is a \(SystemError.fileKind(mode_t(identity.kind))), not \(wanted)"
                }
                throw Problem(description: description)
            }
            if let member {
                throw Problem(description: "--\(Self.memberOption) \(member) names an array inside an .npz archive; \(path) is a folder")
            }
            let listing = InputDiscovery.listInputs([path], recursive: false)
            inputs = listing.files.map(MaskInput.init)
            // "holds no PNG files" alone says no more than the error below; the sub-folders passed over do.
            folderNotes = listing.notes + listing.foldersWithoutInputs.filter { !$0.subfolders.isEmpty }.map { $0.note(recursion: nil) }
            listed = listing.versions
        }
        try Self.refuse(inputs.compactMap { input in input.problem.map { "reference \(input.name): \($0)" } }, of: inputs.count)
        let files = inputs.map(\.name)
        guard !files.isEmpty else { throw Problem(description: "\(path) holds no masks" + folderNotes.map { " (\($0))" }.joined()) }
        folderNotes.forEach { note("reference: \($0)") }
        guard files.count >= Self.minimumCount else {
            throw Problem(description: "\(path) holds one mask; a reference needs at least \(Self.minimumCount) "
                + "(a real mask's radius, in realism_knn, is its distance to the others)")
        }
        if let memoryLimit, let first = try? inputs[0].mask(threshold: threshold, maxPixels: maxPixels),
           case let needed = Self.estimatedBytes(count: inputs.count, width: first.width, height: first.height), needed > memoryLimit {
            throw Problem(description: "\(path): \(inputs.count) masks of \(first.width)x\(first.height) would take about "
                + "\(ByteCount.text(needed)) of memory, more than the \(ByteCount.text(memoryLimit)) a reference may take here; "
                + "use a subset of them, or masks of a smaller size")
        }
        // From the cache when it holds these files as they are now; else decoded on `jobs` threads. The first
        // problem in file order is the one reported.
        let key = cache == nil ? nil : ReferenceMaskCache.Key(inputs, threshold: threshold, listed: listed)
        var cached: [AlignedMask]?, cachedDigest: String?
        if let cache, let key {
            var done = 0
            let read = ReferenceMaskCache.read(key, folder: cache, maxPixels: maxPixels) { chunk in
                defer {
                    done += chunk.count
                    progress?(done)
                }
                return ParallelMap.map(count: chunk.count, jobs: jobs, chunkSize: 16) { AlignedMask(chunk[$0]) }
            }
            if let problem = read.problem { note("\(problem); decoding the masks again") }
            cached = read.masks
            cachedDigest = read.digest
        }
        let decoded = cached.map { $0.map { Result<AlignedMask, Problem>.success($0) } }
            ?? ParallelMap.map(count: inputs.count, jobs: jobs, chunkSize: 16, progress: progress) { index -> Result<AlignedMask, Problem> in
                do {
                    return .success(AlignedMask(try inputs[index].mask(threshold: threshold, maxPixels: maxPixels)))
                } catch {
                    return .failure(Problem(description: "reference \(error)"))
                }
            }
        // Every mask that cannot serve is named at once, so that a large reference is mended in one pass. The
        // reference's size is the one most of its masks have (the first of them names it).
        let readable = zip(files, decoded).compactMap { file, result in (try? result.get()).map { (file: file, size: SIMD2($0.width, $0.height)) } }
        let counts = Dictionary(readable.map { ($0.size, 1) }, uniquingKeysWith: +)
        let most = counts.values.max()
        let common = readable.first { counts[$0.size] == most }
        var all: [AlignedMask] = []
        all.reserveCapacity(inputs.count)
        var unusable: [String] = []
        for (input, result) in zip(inputs, decoded) {
            switch result {
            case .failure(let problem):
                unusable.append(problem.description)
            case .success(let aligned) where SIMD2(aligned.width, aligned.height) != common?.size:
                let size = common.map { "\($0.size.x)x\($0.size.y)" } ?? ""
                unusable.append("reference \(input.name) is \(aligned.width)x\(aligned.height); \(common?.file ?? "") is \(size): "
                    + "the reference masks must be of one size (resize them to one, best the size of the masks to measure; "
                    + "a mask of another size than the reference's is resized to it)")
            case .success(let aligned) where aligned.count == 0:
                unusable.append("reference \(input.name) is an empty mask")
            case .success(let aligned):
                all.append(aligned)
            }
        }
        try Self.refuse(unusable, of: inputs.count)
        let allDigest = cachedDigest ?? Self.digest(all)
        if let cache, let key, cached == nil {
            do throws(OutputError) {
                try ReferenceMaskCache.write(all.map(\.mask), digest: allDigest, key: key, folder: cache)
            } catch {
                note("cannot cache the reference masks: \(error.description)")
            }
        }
        // A real mask is one mask however many files hold it, and wherever in them: every score aligns or
        // centres the masks it compares, and a copy, moved or not, would be its own nearest neighbour when
        // it is held out, and vouch twice for a generated mask like it.
        let copies = Self.copies(all)
        let kept = all.indices.filter { copies[$0] == nil }
        if let first = copies.indices.first(where: { copies[$0] != nil }), let original = copies[first] {
            let count = all.count - kept.count
            note("reference: \(count) of the \(all.count) masks \(count == 1 ? "is a copy of another" : "are copies of others"), such as "
                + "\(Excerpt.quoted(FolderPath.lastComponent(files[first]))), the same mask as "
                + "\(Excerpt.quoted(FolderPath.lastComponent(files[original]))) in \(path): "
                + "each mask is counted once, wherever it lies in the frame")
            guard kept.count >= Self.minimumCount else {
                throw Problem(description: "\(path) holds one distinct mask among its \(files.count); a reference needs at least \(Self.minimumCount)")
            }
        }
        let masks = kept.map { all[$0] }
        Self.drawingNotes(masks, threshold: threshold).forEach(note)
        let digest = kept.count == copies.count ? allDigest : Self.digest(masks)
        folder = path
        self.member = member
        paths = Array(Set(kept.map { inputs[$0].path })).sorted()
        self.files = kept.map { files[$0] }
        self.masks = masks
        // Every reference mask has foreground, so no frame is left out.
        scaled = cache.map { ScaledReference.cached(masks, digest: digest, folder: $0, jobs: jobs, note: note) }
            ?? ScaledReference(masks, jobs: jobs)
        width = masks[0].width
        height = masks[0].height
        self.digest = digest
        index = ReferenceIndex(masks, jobs: jobs)
    }

    /// Notes on masks drawn otherwise than a reference of lungs should be: when most of `masks` reach all four
    /// edges of the image (`AlignedMask.reachesEveryEdge`), as masks drawn inverted do, whose "lungs" are the
    /// background; and when most lie wholly on one side of the image's centre column, as masks of one lung each
    /// do (datasets such as Montgomery's keep the left and right lungs in separate files). Every score would
    /// compare generated masks of two lungs with these.
    static func drawingNotes(_ masks: [AlignedMask], threshold: UInt8) -> [String] {
        var notes: [String] = []
        let edged = masks.filter(\.reachesEveryEdge).count
        if let note = MaskDrawing.invertedNote(edged: edged, of: masks.count, threshold: threshold,
                                               effect: "these compare generated masks with the background", prefix: "reference: ") {
            notes.append(note)
        }
        let oneSided = masks.filter(\.liesOnOneSide).count
        if 2 * oneSided > masks.count {
            notes.append("reference: \(oneSided) of the \(masks.count) masks lie wholly on one side of the image's centre, as masks "
                + "of one lung each do: the scores compare generated masks with these as they are; if the left and right lungs "
                + "are in separate files, join each pair into one mask (the pixel-wise maximum)")
        }
        return notes
    }

    /// For each mask, the first mask before it that is the same wherever it lies (`AlignedMask.isSame(as:)`), nil for the
    /// first of each.
    static func copies(_ masks: [AlignedMask]) -> [Int?] {
        var firsts: [UInt64: [Int]] = [:]
        return masks.indices.map { index in
            let key = masks[index].sameMaskKey
            if let original = firsts[key]?.first(where: { masks[$0].isSame(as: masks[index]) }) { return original }
            firsts[key, default: []].append(index)
            return nil
        }
    }

    /// FNV-1a-64 of the size and every mask's bits in order, as 16 hex digits.
    static func digest(_ masks: [AlignedMask]) -> String {
        var hash = FNV1a()
        hash.add(bytesOf: UInt64(masks.first?.width ?? 0))
        hash.add(bytesOf: UInt64(masks.first?.height ?? 0))
        for mask in masks { mask.mask.words.forEach { hash.add(bytesOf: $0) } }
        return hash.hex
    }

    /// Refuses a reference when any of its `count` masks cannot serve (`problems`, one for each): one problem as it
    /// is; several counted, the first five named.
    private static func refuse(_ problems: [String], of count: Int) throws(Problem) {
        guard let first = problems.first else { return }
        guard problems.count > 1 else { throw Problem(description: first) }
        throw Problem(description: "\(problems.count) of the \(count) reference masks cannot serve; mend or remove them: "
            + problems.prefix(5).joined(separator: "; ") + (problems.count > 5 ? "; and \(problems.count - 5) more" : ""))
    }

    /// `mask` as the reference compares it: resized to the reference masks' size by the nearest pixel
    /// (`NearestResize`) when it has another, so that generated masks of 256x256 can be measured against real
    /// ones kept at 512x512; unchanged otherwise.
    public func comparable(_ mask: BinaryMask) -> BinaryMask {
        NearestResize(width: width, height: height).map { $0(mask) } ?? mask
    }

    /// What `comparable(_:)` did to `mask`, for a decision's reason; nil when it is the reference's size.
    public func resizeNote(_ mask: BinaryMask) -> String? {
        mask.width == width && mask.height == height ? nil
            : "resized from \(mask.width)x\(mask.height) to the reference's \(width)x\(height)"
    }

    /// The best aligned Dice of `mask` against the reference and the mean of its `bestCount` best (of all,
    /// when the reference holds fewer); `excluding` leaves one reference mask out (its own comparison).
    ///
    /// The references are compared in decreasing order of `AlignedMask.diceBound`, and the comparisons stop
    /// when that bound can no longer beat the smallest of the best overlaps found: the result is exactly that
    /// of comparing with every reference.
    public func scores(_ mask: AlignedMask, excluding: Int? = nil, bounds: DiceBounds? = nil) -> (best: Double, meanOfBest: Double) {
        let best = best(mask, count: Self.bestCount, excluding: excluding, bounds: bounds).map(\.dice)
        return (best.first ?? 0, best.isEmpty ? 0 : best.reduce(0, +) / Double(best.count))
    }

    /// `realism_scaled_mean5` of `mask` (`ScaledReference.score`); `excluding` leaves one reference mask out.
    public func scaledScore(_ mask: ScaledMask?, excluding: Int? = nil) -> Double {
        scaled.score(mask, excluding: excluding)
    }

    /// `realism_boundary` of `mask` (`ScaledReference.boundaryScore`); `excluding` leaves one reference mask out.
    public func boundaryScore(_ mask: ScaledMask?, excluding: Int? = nil) -> Double {
        scaled.boundaryScore(mask, excluding: excluding)
    }

    /// Upper bounds of `mask`'s aligned Dice with every reference mask (`DiceBounds`), from the reference's coarse
    /// index (`ReferenceIndex`).
    public func diceBounds(_ mask: AlignedMask) -> DiceBounds {
        DiceBounds(mask, in: self)
    }

    /// `diceBounds` of each of `masks`, in order, the index read once for a few masks together: faster than one
    /// by one against a large reference.
    public func diceBounds(_ masks: [AlignedMask]) -> [DiceBounds] {
        DiceBounds.of(masks, in: self)
    }

    /// `given` when it bounds this reference's masks (one value each), else `diceBounds(mask)`.
    func diceBounds(_ mask: AlignedMask, reusing given: DiceBounds?) -> DiceBounds {
        if let given, given.values.count == masks.count { return given }
        return diceBounds(mask)
    }

    /// The `count` reference masks with the largest aligned Dice against `mask` (each moved onto it), largest
    /// first, ties in reference order, with their indices; `excluding` leaves one out. Exactly what comparing
    /// with every one gives, comparing only the few whose Dice bound can beat what is found: first the `count`
    /// of largest bound, then, in decreasing order of bound, those whose bound (and finer bound) reaches the
    /// `count`-th best.
    ///
    /// `bounds`, when given, are `diceBounds(mask)`, computed once for this search and `LocalRealism`'s.
    public func best(_ mask: AlignedMask, count: Int, excluding: Int? = nil, bounds given: DiceBounds? = nil) -> [(dice: Double, index: Int)] {
        guard count > 0 else { return [] }
        let bounds = diceBounds(mask, reusing: given)
        let values = bounds.values
        var best: [(dice: Double, index: Int)] = []  // largest first, ties by index, at most count
        best.reserveCapacity(count + 1)
        func consider(_ index: Int) {
            let dice = mask.dice(masks[index])
            best.insert((dice, index), at: best.firstIndex { $0.dice < dice || ($0.dice == dice && $0.index > index) } ?? best.count)
            if best.count > count { best.removeLast() }
        }
        let seeds = Self.largest(count, of: values, excluding: excluding)
        seeds.forEach(consider)
        let floor = best.count == count ? best[count - 1].dice : -Double.infinity
        let seeded = Set(seeds)
        let rest = masks.indices.filter { $0 != excluding && values[$0] >= floor && !seeded.contains($0) }
            .sorted { (values[$0], $1) > (values[$1], $0) }
        for index in rest {
            // A reference whose bound equals the count-th best may still tie it with a smaller index.
            if best.count == count && values[index] < best[count - 1].dice { break }
            if best.count == count && bounds.refined(index, in: self) < best[count - 1].dice { continue }
            consider(index)
        }
        return best
    }

    /// The indices of the `count` largest `values` (ties by index), largest first, leaving out `excluding`.
    static func largest(_ count: Int, of values: [Double], excluding: Int?) -> [Int] {
        var chosen: [Int] = []
        chosen.reserveCapacity(count + 1)
        values.withUnsafeBufferPointer { values in
            // The last chosen value, once `count` are chosen: most of 10,000 values stop at it.
            var floor: Double?
            for index in values.indices where index != excluding {
                let value = values[index]
                if let floor, value <= floor { continue }
                chosen.insert(index, at: chosen.firstIndex { values[$0] < value } ?? chosen.count)
                if chosen.count > count { chosen.removeLast() }
                if chosen.count == count, let last = chosen.last { floor = values[last] }
            }
        }
        return chosen
    }

    /// Each reference mask's best aligned Dice against the others (leave-one-out), in file order.
    public func leaveOneOutBest() -> [Double] {
        ReferenceNeighbours(self, width: 1).leaveOneOutBest
    }

    /// Whether both hold the same masks (by digest).
    public static func == (lhs: ReferenceSet, rhs: ReferenceSet) -> Bool {
        lhs.digest == rhs.digest
    }
}
