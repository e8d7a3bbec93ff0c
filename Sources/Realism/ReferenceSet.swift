import FileIO
import MaskImage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Real masks to compare generated ones with (`--reference DIR`): every `*.png` of a folder, read once,
/// thresholded as the features are, all of one size.
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

    /// The folder the masks were read from, as given.
    public let folder: String
    /// The masks' paths, sorted by their UTF-8 bytes.
    public let files: [String]
    /// The masks, measured for alignment.
    public let masks: [AlignedMask]
    /// Width and height every mask must have.
    public let width: Int, height: Int
    /// FNV-1a-64 of the size and every mask's bits in file order, as 16 hex digits: which reference a model
    /// or a table was made with.
    public let digest: String

    /// Reads every `*.png` (any case) in `folder`; a file that cannot be read, an empty mask, a mask of
    /// another size or an empty folder is a problem naming the file.
    public init(folder: String, threshold: UInt8 = 128, maxPixels: UInt64 = PNGReader.defaultMaxPixels) throws(Problem) {
        guard FileIdentity(path: folder)?.kind == UInt32(S_IFDIR) else { throw Problem(description: "\(folder) is not a folder of masks") }
        let inputs = InputDiscovery.listInputs([folder], recursive: false).files
        if let bad = inputs.first(where: { $0.problem != nil }) {
            throw Problem(description: "reference \(bad.path): \(bad.problem ?? "")")
        }
        let files = inputs.map(\.path)
        guard !files.isEmpty else { throw Problem(description: "\(folder) holds no *.png masks") }
        var masks: [AlignedMask] = []
        let reader = PNGReader(maxPixels: maxPixels)
        for file in files {
            let mask: BinaryMask
            do {
                mask = try reader.mask(atPath: file, threshold: threshold)
            } catch {
                throw Problem(description: "reference \(error.description)")
            }
            if let first = masks.first?.mask, first.width != mask.width || first.height != mask.height {
                throw Problem(description: "reference \(file) is \(mask.width)x\(mask.height); \(files[0]) is \(first.width)x\(first.height)")
            }
            let aligned = AlignedMask(mask)
            guard aligned.count > 0 else { throw Problem(description: "reference \(file) is an empty mask") }
            masks.append(aligned)
        }
        self.folder = folder
        self.files = files
        self.masks = masks
        width = masks[0].mask.width
        height = masks[0].mask.height
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) {
                hash ^= (value >> UInt64(shift)) & 0xff
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        mix(UInt64(width))
        mix(UInt64(height))
        for mask in masks { mask.mask.words.forEach(mix) }
        let hex = String(hash, radix: 16)
        digest = String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Why `mask` cannot be compared with the reference (another size), nil when it can.
    public func sizeProblem(_ mask: BinaryMask) -> String? {
        mask.width == width && mask.height == height ? nil
            : "the mask is \(mask.width)x\(mask.height); the reference masks are \(width)x\(height)"
    }

    /// The best aligned Dice of `mask` against the reference and the mean of its `bestCount` best (of all,
    /// when the reference holds fewer); `excluding` leaves one reference mask out (its own comparison).
    ///
    /// The references are compared in decreasing order of `AlignedMask.diceBound`, and the comparisons stop
    /// when that bound can no longer beat the smallest of the best overlaps found: the result is exactly that
    /// of comparing with every reference.
    public func scores(_ mask: AlignedMask, excluding: Int? = nil) -> (best: Double, meanOfBest: Double) {
        let bounds = masks.indices.map { $0 == excluding ? -1 : mask.diceBound(masks[$0]) }
        let order = masks.indices.filter { $0 != excluding }.sorted { (bounds[$0], $1) > (bounds[$1], $0) }
        var best: [Double] = []  // the largest overlaps so far, largest first, at most bestCount
        best.reserveCapacity(Self.bestCount + 1)
        for index in order {
            if best.count == Self.bestCount && bounds[index] <= best[best.count - 1] { break }
            let dice = mask.dice(masks[index])
            best.insert(dice, at: best.firstIndex { $0 < dice } ?? best.count)
            if best.count > Self.bestCount { best.removeLast() }
        }
        return (best.first ?? 0, best.isEmpty ? 0 : best.reduce(0, +) / Double(best.count))
    }

    /// Each reference mask's best aligned Dice against the others (leave-one-out), in file order.
    public func leaveOneOutBest() -> [Double] {
        masks.indices.map { scores(masks[$0], excluding: $0).best }
    }

    /// Whether both hold the same masks (by digest).
    public static func == (lhs: ReferenceSet, rhs: ReferenceSet) -> Bool {
        lhs.digest == rhs.digest
    }
}
