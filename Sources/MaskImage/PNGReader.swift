import FileIO
import CPNGShim

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads PNG files of any colour type and bit depth into grey images or bit-packed binary masks.
///
/// Files are opened without blocking and checked to be regular files before any byte is read, so a FIFO
/// named `x.png` is refused instead of hanging. Images with more than `maxPixels` pixels are refused after
/// the header is read and before anything is allocated for them.
public struct PNGReader: Sendable {
    /// The default pixel limit, 2^26 (a 8192x8192 image).
    public static let defaultMaxPixels: UInt64 = 1 << 26

    /// Largest `width * height` accepted.
    public var maxPixels: UInt64

    /// A reader that refuses images of more than `maxPixels` pixels.
    public init(maxPixels: UInt64 = PNGReader.defaultMaxPixels) {
        self.maxPixels = maxPixels
    }

    /// The binary mask of the file's pixels whose grey value is at least `threshold`.
    public func mask(atPath path: String, threshold: UInt8) throws(MaskImageError) -> BinaryMask {
        try maskAndDimPixels(atPath: path, threshold: threshold).mask
    }

    /// `mask(atPath:threshold:)`, with the count of the pixels other than 0 below the threshold, which the cut
    /// leaves out, and whether they are of few levels (at most `GF_DIM_LEVELS_MAX`), as a label image's classes
    /// are and a soft probability map's edges are not (`BinaryMask.splitLevels(_:threshold:)` looks at such an image).
    public func maskAndDimPixels(atPath path: String, threshold: UInt8) throws(MaskImageError)
        -> (mask: BinaryMask, dimPixels: Int, fewDimLevels: Bool) {
        var result = try decode(path: path, target: GF_DECODE_MASK, threshold: threshold)
        defer { gf_png_result_free(&result) }
        return (Self.mask(from: result), Int(clamping: result.dim_pixels), result.dim_levels <= GF_DIM_LEVELS_MAX)
    }

    /// The file reduced to 8-bit grey.
    public func greyImage(atPath path: String) throws(MaskImageError) -> GreyImage {
        var result = try decode(path: path, target: GF_DECODE_GREY, threshold: 0)
        defer { gf_png_result_free(&result) }
        return Self.grey(from: result)
    }

    /// The file's image for `BinaryMask.reading(at:name:cut:grey:levels:)`'s two-level rule, its levels compared
    /// as stored: an image of exactly two grey levels, 0 and one other, gives that level's pixels at 255 and the
    /// others at 0; any other image gives 0 everywhere. Unlike `greyImage(atPath:)`, a 16-bit image's samples are
    /// compared whole, so that a 0/1 or 0/255 mask saved in 16 bits (whose high bytes are all 0) has its second
    /// level read.
    public func twoLevelImage(atPath path: String) throws(MaskImageError) -> GreyImage {
        var result = try decode(path: path, target: GF_DECODE_LEVELS, threshold: 0)
        defer { gf_png_result_free(&result) }
        return Self.grey(from: result)
    }

    /// Runs libpng over the file and keeps nothing: the cost of decoding alone, for benchmarks.
    public func decodeOnly(atPath path: String) throws(MaskImageError) {
        var result = try decode(path: path, target: GF_DECODE_RAW, threshold: 0)
        gf_png_result_free(&result)
    }

    /// The binary mask of an in-memory PNG; `name` is used in errors.
    public func mask(decoding bytes: [UInt8], name: String, threshold: UInt8) throws(MaskImageError) -> BinaryMask {
        var result = try decode(bytes, name: name, target: GF_DECODE_MASK, threshold: threshold)
        defer { gf_png_result_free(&result) }
        return Self.mask(from: result)
    }

    /// The grey image of an in-memory PNG; `name` is used in errors.
    public func greyImage(decoding bytes: [UInt8], name: String) throws(MaskImageError) -> GreyImage {
        var result = try decode(bytes, name: name, target: GF_DECODE_GREY, threshold: 0)
        defer { gf_png_result_free(&result) }
        return Self.grey(from: result)
    }

    /// `twoLevelImage(atPath:)` of an in-memory PNG; `name` is used in errors.
    public func twoLevelImage(decoding bytes: [UInt8], name: String) throws(MaskImageError) -> GreyImage {
        var result = try decode(bytes, name: name, target: GF_DECODE_LEVELS, threshold: 0)
        defer { gf_png_result_free(&result) }
        return Self.grey(from: result)
    }

    /// Decodes an in-memory PNG to `target`, checked; the caller frees the result.
    private func decode(_ bytes: [UInt8], name: String, target: gf_decode_target, threshold: UInt8) throws(MaskImageError) -> gf_png_result {
        var result = gf_png_result()
        bytes.withUnsafeBufferPointer { buffer in
            gf_png_decode_memory(buffer.baseAddress, buffer.count, target, threshold, maxPixels, &result)
        }
        do {
            try check(result, path: name, head: { Array(bytes.prefix(ForeignImageFormat.headLength)) })
        } catch {
            gf_png_result_free(&result)
            throw error
        }
        return result
    }

    private func decode(path: String, target: gf_decode_target, threshold: UInt8) throws(MaskImageError) -> gf_png_result {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw .unreadable(path: path, detail: SystemError.message(errno))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw .unreadable(path: path, detail: SystemError.message(errno))
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw .notRegularFile(path: path, kind: SystemError.fileKind(info.st_mode))
        }
        var result = gf_png_result()
        gf_png_decode_fd(fd, target, threshold, maxPixels, &result)
        do {
            try check(result, path: path, head: {
                var head = [UInt8](repeating: 0, count: ForeignImageFormat.headLength)
                let count = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
                return Array(head.prefix(max(0, count)))
            })
        } catch {
            gf_png_result_free(&result)
            throw error
        }
        return result
    }

    /// Throws the error `result` holds, if any; `head` gives the file's first bytes, to name the format of a file that
    /// is not a PNG.
    private func check(_ result: gf_png_result, path: String, head: () -> [UInt8]) throws(MaskImageError) {
        switch result.status {
        case GF_PNG_OK:
            return
        case GF_PNG_READ_FAILED:
            throw .unreadable(path: path, detail: SystemError.message(result.error_number))
        case GF_PNG_NOT_PNG:
            // A size of 0 is only a hint (/proc files say 0): the file is empty when it gave no byte at all.
            guard result.bytes_read > 0 else { throw .emptyFile(path: path) }
            throw .notPNG(path: path, format: ForeignImageFormat.identify(name: path, head: head()))
        case GF_PNG_TRUNCATED:
            throw .truncated(path: path)
        case GF_PNG_TOO_LARGE:
            throw .tooLarge(path: path, width: Int(result.width), height: Int(result.height), limit: maxPixels)
        case GF_PNG_OUT_OF_MEMORY:
            throw .outOfMemory(path: path)
        default:
            throw Self.libpngError(Self.message(of: result), path: path)
        }
    }

    /// Sorts libpng's message into the error kinds users act on differently.
    private static func libpngError(_ message: String, path: String) -> MaskImageError {
        let lowered = message.lowercased()
        if lowered.contains("crc") {
            return .crcMismatch(path: path, detail: message)
        }
        if lowered.contains("image width is zero") || lowered.contains("image height is zero") {
            return .zeroSize(path: path)
        }
        let zlibMessages = ["idat", "zlib", "incorrect header check", "invalid distance", "invalid block type",
                            "invalid stored block", "incorrect data check", "invalid code", "too many length",
                            "invalid literal", "invalid bit length", "not enough image data", "too much image data",
                            "decompression"]
        if zlibMessages.contains(where: lowered.contains) {
            return .corruptImageData(path: path, detail: message)
        }
        return .invalidPNG(path: path, detail: message)
    }

    private static func mask(from result: gf_png_result) -> BinaryMask {
        let count = Int(result.words_per_row) * Int(result.height)
        let words = Array(UnsafeBufferPointer(start: result.mask_words, count: count))
        // The shim sizes the buffer from the same width and leaves the padding bits clear.
        return BinaryMask(width: Int(result.width), height: Int(result.height), packedWords: words)
    }

    private static func grey(from result: gf_png_result) -> GreyImage {
        let count = Int(result.width) * Int(result.height)
        let pixels = Array(UnsafeBufferPointer(start: result.grey, count: count))
        return GreyImage(width: Int(result.width), height: Int(result.height), pixels: pixels)
    }

    /// libpng's error, followed by its last warning when there is one ("Invalid IHDR data (Image width is zero in IHDR)").
    private static func message(of result: gf_png_result) -> String {
        func text<T>(_ buffer: T) -> String {
            withUnsafeBytes(of: buffer) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        let error = text(result.message)
        let warning = text(result.warning)
        return warning.isEmpty ? error : "\(error) (\(warning))"
    }
}
