import FileIO
import NumpyFormats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stack of masks saved by NumPy, shaped N x H x W (`np.save("masks.npy", masks)`, or a member of an `.npz`
/// archive; N x 1 x H x W and N x H x W x 1 too), read one mask at a time so that memory stays bounded whatever N is.
///
/// - Element types: `bool` (foreground where true), `uint8` (grey, foreground from the grey threshold, as a PNG
///   is read), other integers (`(p > 0.5).long()` from PyTorch, `astype(int)`) as grey levels 0-255 read as
///   `uint8` is (a mask holding another value is unreadable), and `float16`/`float32`/`float64` probabilities
///   (foreground from 0.5; a mask holding NaN or a value outside `probabilityRange` is unreadable).
/// - Layout: C or Fortran order, either byte order. A Fortran-order stack is rewritten once, band by band, in
///   C order into a temporary file unlinked as soon as it is made, so each mask is one contiguous read.
/// - The header is checked against the file's size before any mask is read (a lying header is refused).
///
/// Mask `i` is named `FILE.npy[i]`, or `FILE.npz:MEMBER[i]` for an archive's member (`name(of:)`).
public final class MaskStack: Sendable {
    /// The element types a stack of masks may hold.
    public enum Element: Sendable, Equatable {
        /// NumPy `bool`: foreground where true.
        case bool
        /// `uint8` grey levels: foreground from the grey threshold.
        case uint8
        /// Another integer type of `size` 1, 2, 4 or 8 bytes: grey levels 0-255, read as `uint8` is.
        case integer(size: Int, signed: Bool)
        /// `float16`, `float32` or `float64` (`size` 2, 4 or 8) probabilities: foreground from `probabilityCut`.
        case float(size: Int)

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .bool, .uint8: return 1
            case .integer(let size, _), .float(let size): return size
            }
        }

        /// Whether the elements are grey levels, cut at the grey threshold as a PNG's are (`uint8` and the other
        /// integers); `bool` and probabilities do not depend on it.
        public var isGrey: Bool {
            switch self {
            case .uint8, .integer: return true
            case .bool, .float: return false
            }
        }
    }

    /// A probability from which a pixel of a float stack is foreground (the study's 0.5 cut).
    public static let probabilityCut = 0.5
    /// The values a float stack may hold: probabilities, with room for the overshoot of a cubic or Lanczos resize
    /// (under 10% of a step). A mask holding another value (NaN, infinity, a grey level of 255, a tanh output's
    /// -1, a logit) is unreadable: cut at 0.5, it would give a mask silently unlike the one meant.
    public static let probabilityRange = -0.25...1.25
    /// The most bytes of a Fortran-order stack held in memory at once while it is rewritten in C order.
    static let bandBytes = 1 << 25

    /// The stack as its rows name it: `FILE.npy`, or `FILE.npz:MEMBER` (the member without `.npy`).
    public let name: String
    /// N: the number of masks.
    public let count: Int
    /// How many rows the stack lists: `count`, but for a file cut short its whole masks and one row for the first
    /// missing mask, which stands for the rest (a header that promises a billion masks over ten bytes lists one row,
    /// not a billion).
    public var listedCount: Int { shortFile == nil ? count : completeCount + 1 }
    /// H and W of every mask.
    public let height: Int, width: Int
    /// The element type.
    public let element: Element
    private let isBigEndian: Bool
    private let descriptor: Int32
    private let dataOffset: Int
    /// How many masks the file holds whole: `count`, but for a C-order `.npy` file cut short (a save interrupted, a
    /// copy that ran out of space), whose first missing mask is one unreadable row standing for the rest, as a
    /// stream's is.
    private let completeCount: Int
    /// What the file holds of a stack cut short (`completeCount` whole masks of how many bytes), for the error of
    /// each mask past its end; nil when the file holds them all.
    private let shortFile: String?

    /// Opens the stack in `path`: an `.npy` file, or the `.npz` archive's `member` (the only array when nil).
    /// Refuses, naming the file, what is not an N x H x W stack of a supported type, an image larger than
    /// `maxPixels`, and a file whose size is not what its header says; a missing or needless member is refused
    /// naming `memberOption`, the option that names one.
    public convenience init(path: String, member: String? = nil, memberOption: String = "--member",
                            maxPixels: UInt64 = PNGReader.defaultMaxPixels) throws(MaskImageError) {
        try self.init(path: path, member: member, memberOption: memberOption, maxPixels: maxPixels, bandBytes: Self.bandBytes)
    }

    /// Opens the stack, rewriting a Fortran-order one in bands of at most `bandBytes` (small in tests).
    package init(path: String, member: String?, memberOption: String = "--member", maxPixels: UInt64, bandBytes: Int) throws(MaskImageError) {
        let isArchive = NpzArchive.isArchive(path)
        var location: (path: String, offset: Int, length: Int?) = (path, 0, nil)
        var stackName = path
        var archive: NpzArchive?
        var memberHead: (head: [UInt8], member: NpzArchive.Member)?
        var checked: (fields: NumpyHeader.Fields, layout: Layout)?
        do throws(VectorFileError) {
            if isArchive {
                let opened = try NpzArchive(path: path)
                let chosen = try opened.member(named: member, option: memberOption)
                stackName = "\(path):\(chosen.name.hasSuffix(".npy") ? String(chosen.name.dropLast(4)) : chosen.name)"
                // The header is checked, against the size the directory declares, before a deflated member is
                // inflated whole: a member too large, or a zip bomb, costs its first bytes only.
                memberHead = (try opened.headerBytes(of: chosen), chosen)
                archive = opened
            } else if let member {
                throw VectorFileError(path: path, reason: "\(memberOption) \(member) names an array inside an .npz archive; this is not one")
            }
        } catch {
            throw .invalidArray(path: error.path, detail: error.reason)
        }
        if let archive, let (head, chosen) = memberHead {
            checked = try Self.checkedHeader(head, available: chosen.size, name: stackName, maxPixels: maxPixels)
            do throws(VectorFileError) {
                location = try archive.location(of: chosen)
            } catch {
                throw .invalidArray(path: error.path, detail: error.reason)
            }
        }
        // An inflated member lives in an unlinked file reached through the archive's descriptor: open it on our
        // own before the archive (and its descriptor) goes.
        let descriptor = open(location.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        withExtendedLifetime(archive) {}
        guard descriptor >= 0 else { throw .unreadable(path: path, detail: SystemError.message(errno)) }
        var closeOnExit = true
        defer { if closeOnExit { close(descriptor) } }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .unreadable(path: path, detail: SystemError.message(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile(path: path, kind: SystemError.fileKind(info.st_mode)) }
        // An inflated member's header was checked against the size its directory declares, which inflating made.
        let (fields, layout): (NumpyHeader.Fields, Layout)
        let available = location.length ?? (Int(info.st_size) - location.offset)
        if let checked {
            (fields, layout) = checked
        } else {
            var head = [UInt8](repeating: 0, count: max(0, min(Self.headBytes, available)))
            guard FileBytes.read(descriptor, into: &head, count: head.count, at: location.offset) else {
                throw .invalidArray(path: stackName, detail: "cannot read the .npy header")
            }
            (fields, layout) = try Self.checkedHeader(head, available: available, name: stackName, maxPixels: maxPixels,
                                                      allowingShort: location.length == nil)
        }
        let (count, height, width, element, isBigEndian) = (layout.count, layout.height, layout.width, layout.element, layout.isBigEndian)
        let pixels = height * width
        name = stackName
        self.count = count
        self.height = height
        self.width = width
        self.element = element
        self.isBigEndian = isBigEndian
        let maskBytes = layout.maskBytes
        completeCount = maskBytes == 0 ? count : min(count, max(0, available - fields.dataOffset) / maskBytes)
        shortFile = completeCount < count
            ? "it was cut short after \(completeCount) whole masks (the header says \(layout.shapeText) \(fields.descr), "
                + "\(fields.dataOffset + count * maskBytes) bytes with the header; the file has \(available))"
            : nil
        if fields.fortranOrder && count > 1 {
            self.descriptor = try Self.rewriteInCOrder(descriptor, at: location.offset + fields.dataOffset, count: count,
                                                       pixels: pixels, height: height, width: width,
                                                       size: element.size, bandBytes: bandBytes, name: stackName)
            dataOffset = 0
        } else {
            closeOnExit = false
            self.descriptor = descriptor
            dataOffset = location.offset + fields.dataOffset
        }
    }

    deinit { close(descriptor) }

    /// Whether `path` names a NumPy file (`.npy` or `.npz`, any case) that `MaskStack` reads.
    public static func isArrayFile(_ path: String) -> Bool {
        path.lowercased().hasSuffix(".npy") || NpzArchive.isArchive(path)
    }

    /// The name of mask `index`: `FILE.npy[i]` or `FILE.npz:MEMBER[i]`.
    public func name(of index: Int) -> String { "\(name)[\(index)]" }

    /// Mask `index` as a grey image: integer values as stored, `bool` and probabilities as 255 (foreground) or 0.
    public func greyImage(at index: Int) throws(MaskImageError) -> GreyImage {
        let pixels = height * width
        let size = element.size
        guard (0..<count).contains(index) else { throw .invalidArray(path: name(of: index), detail: "index outside the stack of \(count)") }
        if index >= completeCount, let shortFile {
            throw .invalidArray(path: name(of: index), detail: "the file ends before mask \(index) of \(count) is complete: \(shortFile); "
                + "this row stands for the \(count - completeCount) masks from \(completeCount) on")
        }
        var raw = [UInt8](repeating: 0, count: pixels * size)
        guard FileBytes.read(descriptor, into: &raw, count: raw.count, at: dataOffset + index * pixels * size) else {
            throw .unreadable(path: name(of: index), detail: "the file ended early (read error)")
        }
        return try Self.greyImage(raw, element: element, isBigEndian: isBigEndian, height: height, width: width, name: name(of: index))
    }

    /// What to save instead of an integer mask holding values outside 0-255, as the Python package says it too.
    public static let integerAdvice = "(16-bit grey 0-65535? save (masks >> 8).astype(np.uint8); labels of other values, "
        + "such as -1 or 1000? save masks > 0 for every labelled pixel, or masks == LABEL for one class)"

    /// The grey image of one mask's `raw` bytes as stored: integer values as they are, `bool` and probabilities as
    /// 255 (foreground) or 0. A probability mask holding NaN or a value outside `probabilityRange`, and an integer
    /// mask holding a value outside 0-255, are unreadable; the error names the first such pixel.
    static func greyImage(_ raw: [UInt8], element: Element, isBigEndian: Bool, height: Int, width: Int,
                          name: String) throws(MaskImageError) -> GreyImage {
        let pixels = height * width
        let on: UInt8 = 255
        switch element {
        case .uint8:
            return GreyImage(width: width, height: height, pixels: raw)
        case .bool:
            return GreyImage(width: width, height: height, pixels: raw.map { $0 != 0 ? on : 0 })
        case .integer(let size, let signed):
            var grey = [UInt8](repeating: 0, count: pixels)
            var outside: (pixel: Int, value: String)?
            raw.withUnsafeBytes { bytes in
                for p in 0..<pixels {
                    let bits = NumpyInteger.bits(bytes, at: p * size, size: size, signed: signed, bigEndian: isBigEndian)
                    if signed ? (0...255).contains(Int64(bitPattern: bits)) : bits <= 255 {
                        grey[p] = UInt8(truncatingIfNeeded: bits)
                    } else if outside == nil {
                        outside = (p, signed ? "\(Int64(bitPattern: bits))" : "\(bits)")
                    }
                }
            }
            if let outside {
                throw .invalidArray(path: name, detail: "holds \(outside.value) at row \(outside.pixel / width), column \(outside.pixel % width); "
                    + "integer masks hold grey levels 0-255 " + Self.integerAdvice)
            }
            return GreyImage(width: width, height: height, pixels: grey)
        case .float(let size):
            var grey = [UInt8](repeating: 0, count: pixels)
            var outside: (pixel: Int, value: Double)?
            raw.withUnsafeBytes { bytes in
                for p in 0..<pixels {
                    let value: Double
                    switch size {
                    case 2:
                        let bits = bytes.loadUnaligned(fromByteOffset: 2 * p, as: UInt16.self)
                        value = Self.half(isBigEndian ? bits.byteSwapped : bits)
                    case 4:
                        let bits = bytes.loadUnaligned(fromByteOffset: 4 * p, as: UInt32.self)
                        value = Double(Float(bitPattern: isBigEndian ? bits.byteSwapped : bits))
                    default:
                        let bits = bytes.loadUnaligned(fromByteOffset: 8 * p, as: UInt64.self)
                        value = Double(bitPattern: isBigEndian ? bits.byteSwapped : bits)
                    }
                    if !Self.probabilityRange.contains(value), outside == nil { outside = (p, value) }
                    if value >= Self.probabilityCut { grey[p] = on }
                }
            }
            if let outside {
                let at = "at row \(outside.pixel / width), column \(outside.pixel % width)"
                guard !outside.value.isNaN else { throw .invalidArray(path: name, detail: "holds NaN " + at) }
                throw .invalidArray(path: name, detail: "holds \(outside.value) \(at); float masks hold probabilities 0-1 "
                    + "(grey levels 0-255? save masks.astype(np.uint8); a tanh output in -1..1? save (masks + 1) / 2; "
                    + "logits? save their sigmoid)")
            }
            return GreyImage(width: width, height: height, pixels: grey)
        }
    }

    /// Mask `index`: an integer stack's pixels from grey level `threshold` (as a PNG is read), a `bool` stack's
    /// true pixels, a probability stack's pixels from `probabilityCut`.
    public func mask(at index: Int, threshold: UInt8) throws(MaskImageError) -> BinaryMask {
        BinaryMask(try greyImage(at: index), threshold: element.isGrey ? threshold : 255)
    }

    /// The value of IEEE 754 half-precision `bits` (NumPy's `float16`), exactly.
    package static func half(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int(bits >> 10 & 0x1f), fraction = Double(bits & 0x3ff)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 0x1f: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    /// The bytes read for a `.npy` header: the longest header NumPy writes (version 2, 4-byte length) and its preamble.
    static let headBytes = (1 << 20) + 12

    /// The header in `head`, checked: a stack of masks within `maxPixels` whose data, after the header, fill the
    /// `available` bytes exactly, or with `allowingShort` fewer bytes than that for a C-order stack, whose whole
    /// masks are read and whose first missing mask stands for the rest (a Fortran-order stack cut short holds no
    /// whole mask).
    static func checkedHeader(_ head: [UInt8], available: Int, name: String, maxPixels: UInt64,
                              allowingShort: Bool = false) throws(MaskImageError) -> (fields: NumpyHeader.Fields, layout: Layout) {
        let fields: NumpyHeader.Fields
        do throws(VectorFileError) {
            fields = try NumpyHeader.fields(head, path: name)
        } catch {
            throw .invalidArray(path: name, detail: error.reason)
        }
        let layout = try Layout(fields, name: name, maxPixels: maxPixels)
        let dataBytes = layout.count.multipliedReportingOverflow(by: layout.maskBytes)
        let end = dataBytes.partialValue.addingReportingOverflow(fields.dataOffset)
        let short = allowingShort && !fields.fortranOrder && available >= fields.dataOffset && end.partialValue > available
        guard !dataBytes.overflow, !end.overflow, end.partialValue == available || short else {
            throw .invalidArray(path: name, detail: "the header says \(layout.shapeText) \(fields.descr) (\(dataBytes.overflow ? "too many" : "\(end.partialValue)") "
                + "bytes with the header) but the file has \(available) bytes")
        }
        return (fields, layout)
    }

    /// What a `.npy` header says of a stack of masks, checked: N x H x W of a mask type, within the pixel limit.
    struct Layout {
        let count: Int, height: Int, width: Int
        let element: Element
        let isBigEndian: Bool
        let shapeText: String
        /// Bytes of one mask.
        var maskBytes: Int { height * width * element.size }

        init(_ fields: NumpyHeader.Fields, name: String,
             maxPixels: UInt64) throws(MaskImageError) {
            guard let (element, isBigEndian) = MaskStack.element(fields.descr) else {
                throw .invalidArray(path: name, detail: "element type \(fields.descr) is not a mask type; save bool, integers 0-255, "
                    + "or float16, float32 or float64 probabilities (masks.astype(np.uint8))")
            }
            shapeText = "(" + fields.shape.map(String.init).joined(separator: ", ") + ")"
            guard let shape = MaskStack.stackShape(fields.shape) else {
                throw .invalidArray(path: name, detail: "shape \(shapeText) is not a stack of masks N x H x W"
                    + (fields.shape.count == 2 ? " (one mask? save masks[None])" : MaskStack.channelsHint(fields.shape).map { "; \($0)" } ?? ""))
            }
            (count, height, width) = shape
            guard height > 0, width > 0 else { throw .invalidArray(path: name, detail: "shape \(shapeText): masks of zero height or width") }
            let pixels = height.multipliedReportingOverflow(by: width)
            guard !pixels.overflow, UInt64(pixels.partialValue) <= maxPixels else {
                throw .invalidArray(path: name, detail: "masks of \(height) x \(width) pixels are over the limit of \(maxPixels) (--max-pixels)")
            }
            self.element = element
            self.isBigEndian = isBigEndian
        }
    }

    /// For a stack of masks of several channels (N x C x H x W, or N x H x W x C), which axis holds them and the
    /// NumPy calls that make one mask of both lungs of each; nil for other shapes. A channel axis is one of at most
    /// 16 beside image axes of more.
    static func channelsHint(_ shape: [Int]) -> String? {
        guard shape.count == 4 else { return nil }
        let (axis, channels): (String, Int)
        if shape[1] <= 16 && min(shape[2], shape[3]) > 16 {
            (axis, channels) = ("1", shape[1])
        } else if shape[3] <= 16 && min(shape[1], shape[2]) > 16 {
            (axis, channels) = ("-1", shape[3])
        } else {
            return nil
        }
        let rest = axis == "1" ? "masks[:, 1:]" : "masks[..., 1:]"
        return "masks of \(channels) channels (axis \(axis)); ganfilter reads one mask of both lungs a slice: save the channels "
            + "that hold lung as one, such as masks.max(axis=\(axis)) for one lung a channel, \(rest).max(axis=\(axis)) with the "
            + "background first, or masks.argmax(axis=\(axis)) > 0 for class scores"
    }

    /// N x H x W of a `.npy` shape: N x H x W itself, or with one channel, N x 1 x H x W (PyTorch's layout) or
    /// N x H x W x 1 (JAX's). A channel of one lays the bytes out as N x H x W does, in C and in Fortran order.
    static func stackShape(_ shape: [Int]) -> (count: Int, height: Int, width: Int)? {
        switch shape.count {
        case 3: return (shape[0], shape[1], shape[2])
        case 4 where shape[1] == 1: return (shape[0], shape[2], shape[3])
        case 4 where shape[3] == 1: return (shape[0], shape[1], shape[2])
        default: return nil
        }
    }

    /// The element type of a `descr`, and whether it is big-endian; nil for types that are not masks.
    package static func element(_ descr: String) -> (Element, Bool)? {
        guard let order = descr.first, "<>=|".contains(order) else { return nil }
        switch descr.dropFirst() {
        case "b1": return (.bool, false)
        case "u1": return (.uint8, false)
        case "i1": return (.integer(size: 1, signed: true), false)
        case "f2" where order != "|": return (.float(size: 2), order == ">")
        case "f4" where order != "|": return (.float(size: 4), order == ">")
        case "f8" where order != "|": return (.float(size: 8), order == ">")
        default:
            // Wider integers name their byte order ("<i8", ">u2"; "=" is the machine's own, little-endian here).
            guard order != "|", let kind = descr.dropFirst().first, kind == "i" || kind == "u",
                  let size = Int(descr.dropFirst(2)), [2, 4, 8].contains(size) else { return nil }
            return (.integer(size: size, signed: kind == "i"), order == ">")
        }
    }

    /// Writes the Fortran-order stack at `offset` of `input` in C order to a temporary file, unlinked at once,
    /// and returns its descriptor. Element (i, y, x) lies at i + N (y + H x): the N values of one pixel are
    /// contiguous, so a band of masks takes one read per pixel and at most `bandBytes` of memory.
    private static func rewriteInCOrder(_ input: Int32, at offset: Int, count: Int, pixels: Int, height: Int, width: Int, size: Int,
                                        bandBytes: Int, name: String) throws(MaskImageError) -> Int32 {
        let output: Int32
        do {
            output = try TemporaryFiles.process.makeUnlinked(template: SystemTemporaryFolder.path + "/ganfilter-stack-XXXXXX", for: name)
        } catch {
            throw .unreadable(path: name, detail: error.reason)
        }
        let band = max(1, min(count, bandBytes / (pixels * size)))
        var column = [UInt8](repeating: 0, count: band * size)
        var rows = [UInt8](repeating: 0, count: band * pixels * size)
        var first = 0
        while first < count {
            let masks = min(band, count - first)
            for x in 0..<width {
                for y in 0..<height {
                    let fortranPixel = y + height * x
                    guard FileBytes.read(input, into: &column, count: masks * size, at: offset + (fortranPixel * count + first) * size) else {
                        close(output)
                        throw .unreadable(path: name, detail: "the file ended early (read error)")
                    }
                    let cPixel = y * width + x
                    rows.withUnsafeMutableBytes { out in
                        column.withUnsafeBytes { values in
                            for k in 0..<masks {
                                (out.baseAddress! + (k * pixels + cPixel) * size).copyMemory(from: values.baseAddress! + k * size, byteCount: size)
                            }
                        }
                    }
                }
            }
            let bytes = masks * pixels * size
            var written = 0
            while written < bytes {
                let done = rows.withUnsafeBytes { pwrite(output, $0.baseAddress! + written, bytes - written, off_t(first * pixels * size + written)) }
                if done < 0 && errno == EINTR { continue }
                guard done > 0 else {
                    let reason = SystemError.message(errno)
                    close(output)
                    throw .unreadable(path: name, detail: "cannot write the stack in C order to a temporary file in \(SystemTemporaryFolder.path) (TMPDIR): \(reason)")
                }
                written += done
            }
            first += masks
        }
        return output
    }
}
