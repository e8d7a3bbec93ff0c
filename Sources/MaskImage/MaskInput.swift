import CPNGShim
import FileIO

/// One mask of a batch: a PNG file, or one mask of a NumPy stack (`MaskStack`).
public struct MaskInput: Sendable {
    /// Where the mask is read from.
    public enum Source: Sendable {
        /// A PNG file (its path is the input's name).
        case file
        /// Mask `index` of a stack.
        case stack(MaskStack, index: Int)
        /// A mask already read (from a stream): grey levels cut at the grey threshold when `isGrey`, else 255 or 0.
        case image(GreyImage, isGrey: Bool)
    }

    /// The row's name: the path as given (or as `ARG/relative/path`), or `FILE.npy[i]`, `FILE.npz:MEMBER[i]`.
    public let name: String
    /// The file the mask is read from: the path, or the stack's file.
    public let path: String
    /// Why the input is unusable, found before reading it; nil when it is to be read.
    public let problem: String?
    /// Where the mask is.
    public let source: Source

    /// A PNG input as listed by `InputDiscovery`.
    public init(_ file: InputFile) {
        name = file.path
        path = file.path
        problem = file.problem
        source = .file
        index = nil
    }

    /// Mask `index` of `stack`, read from `path`.
    public init(stack: MaskStack, index: Int, path: String) {
        name = stack.name(of: index)
        self.path = path
        problem = nil
        source = .stack(stack, index: index)
        self.index = index
    }

    /// An input named `name` (a file) that cannot be read, for `problem`.
    public init(unreadable name: String, problem: String) {
        self.name = name
        path = name
        self.problem = problem
        source = .file
        index = nil
    }

    /// Mask `index` of a stream named `stream`, already read (`image`), or unreadable for `problem`.
    init(stream: String, index: Int, image: GreyImage?, isGrey: Bool, problem: String?) {
        name = "\(stream)[\(index)]"
        path = stream
        self.problem = problem ?? (image == nil ? "unreadable" : nil)
        source = image.map { .image($0, isGrey: isGrey) } ?? .file
        self.index = index
    }

    /// The mask's position in its stack (the `index` column); nil for a PNG file.
    public let index: Int?

    /// Reads the mask: a PNG's pixels whose grey value is at least `threshold`, or the stack's mask as
    /// `MaskStack.mask(at:threshold:)` reads it; but a two-level image empty at the threshold, its second level
    /// (`BinaryMask.reading(at:name:cut:grey:levels:)`: a 0/1 label image's 1s), and a label image of a few
    /// classes below it an error. Throws the listing's problem, if any.
    public func mask(threshold: UInt8, maxPixels: UInt64) throws(MaskImageError) -> BinaryMask {
        try read(threshold: threshold, maxPixels: maxPixels).mask
    }

    /// `mask(threshold:maxPixels:)`, with what the image showed of how it was drawn: the class levels of a label
    /// image that the threshold splits (`BinaryMask.splitLevels(_:threshold:)`), looked for in a mask whose pixels
    /// left out by the cut (other than 0) are at least `splitLookShare` of those read and of few levels. A PNG's
    /// decoder counts them (`PNGReader.maskAndDimPixels(atPath:threshold:)`), and its grey image is then read
    /// again; an array of grey levels (a stack's or a stream's integers) is counted on a sample of its pixels
    /// (`dimSample(_:threshold:)`). Probabilities and `bool` arrays hold two levels and are not looked at.
    public func read(threshold: UInt8, maxPixels: UInt64) throws(MaskImageError) -> MaskReading {
        if let problem { throw .unreadable(path: name, detail: problem) }
        let reader = PNGReader(maxPixels: maxPixels)
        var dimPixels = 0, fewDimLevels = false
        var levels: GreyImage?
        let cut = { (threshold: UInt8) throws(MaskImageError) -> BinaryMask in
            switch source {
            case .file:
                let read = try reader.maskAndDimPixels(atPath: name, threshold: threshold)
                (dimPixels, fewDimLevels) = (read.dimPixels, read.fewDimLevels)
                return read.mask
            case .stack(let stack, let index):
                let image = try stack.greyImage(at: index)
                if stack.element.isGrey { levels = image }
                return BinaryMask(image, threshold: stack.element.isGrey ? threshold : 255)
            case .image(let image, let isGrey):
                if isGrey { levels = image }
                return BinaryMask(image, threshold: isGrey ? threshold : 255)
            }
        }
        let grey = { () throws(MaskImageError) -> GreyImage in
            switch source {
            case .file: return try reader.twoLevelImage(atPath: name)
            case .stack(let stack, let index): return try stack.greyImage(at: index)
            case .image(let image, _): return image
            }
        }
        let mask = try BinaryMask.reading(at: threshold, name: name, cut: cut, grey: grey, levels: fileLevels(reader))
        if let levels { (dimPixels, fewDimLevels) = Self.dimSample(levels, threshold: threshold) }
        guard dimPixels > 0, fewDimLevels, case let read = mask.foregroundCount, read > 0, Double(dimPixels) >= Self.splitLookShare * Double(read) else {
            return MaskReading(mask: mask)
        }
        let image: GreyImage
        if let levels { image = levels } else { image = try reader.greyImage(atPath: name) }
        return MaskReading(mask: mask, splitLevels: BinaryMask.splitLevels(image, threshold: threshold))
    }

    /// The pixels of `image` a cut at `threshold` leaves out (other than 0), estimated from every
    /// `dimSampleStride`-th pixel, and whether their distinct levels there are at most `GF_DIM_LEVELS_MAX`, as the
    /// PNG decoder counts them: a label image's classes are regions of thousands of pixels, which a sample finds,
    /// and a soft map's many levels show in it too, when it stops looking.
    static func dimSample(_ image: GreyImage, threshold: UInt8) -> (dimPixels: Int, fewLevels: Bool) {
        let most = Int(GF_DIM_LEVELS_MAX)
        var dim = 0, levels = 0
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 4) { seen in
            seen.initialize(repeating: 0)
            image.pixels.withUnsafeBufferPointer { pixels in
                var p = 0
                while p < pixels.count && levels <= most {
                    let level = pixels[p]
                    if level != 0 && level < threshold {
                        dim += 1
                        let (word, bit) = (Int(level >> 6), UInt64(1) << UInt64(level & 63))
                        if seen[word] & bit == 0 {
                            seen[word] |= bit
                            levels += 1
                        }
                    }
                    p += dimSampleStride
                }
            }
        }
        return (dim * dimSampleStride, levels <= most)
    }

    /// Every how many pixels `dimSample(_:threshold:)` looks at: a prime, so that the sample crosses the columns of
    /// an image of any width but its multiples.
    static let dimSampleStride = 31

    /// The least count of a PNG's pixels left out by the cut (other than 0), as a share of those read, for which
    /// `read(threshold:maxPixels:)` looks for a label image the threshold splits: a lung drawn darker than the
    /// threshold is about as many pixels as the one read; the soft edge of a mask is far fewer.
    public static let splitLookShare = 0.1

    /// A PNG file's 8-bit grey levels, which its two-level reading hides when there are three or more; nil for
    /// a stack's mask or an image, whose grey image shows every level.
    private func fileLevels(_ reader: PNGReader) -> (() throws(MaskImageError) -> GreyImage)? {
        guard case .file = source else { return nil }
        return { () throws(MaskImageError) in try reader.greyImage(atPath: name) }
    }
}
