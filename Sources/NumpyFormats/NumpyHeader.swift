import FileIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The header of a NumPy `.npy` file holding a 2-D float array (`np.save(path, z.astype(np.float32))`; N x d with
/// more axes of one, as N x d x 1 x 1, too): float32 or float64, either byte order, C or Fortran order (as
/// `df.to_numpy()` gives). Readers deliver the rows as
/// little-endian values in C order whatever the layout. Format versions 1.0, 2.0 and 3.0 are read.
public struct NumpyHeader: Equatable, Sendable {
    /// The element type.
    public enum ElementType: String, Sendable {
        /// `<f4`.
        case float32 = "<f4"
        /// `<f8`.
        case float64 = "<f8"

        /// Bytes per element.
        public var size: Int { self == .float32 ? 4 : 8 }
    }

    /// Element type (as delivered: little-endian).
    public let elementType: ElementType
    /// Whether the file stores the array column by column (`fortran_order: True`).
    public let isFortranOrder: Bool
    /// Whether the file stores big-endian values (`>f4`, `>f8`).
    public let isBigEndian: Bool
    /// Rows (vectors).
    public let rows: Int
    /// Columns (dimensions).
    public let columns: Int
    /// Bytes before the data.
    public let dataOffset: Int

    /// A header for writing (little-endian, C order), or of a file read.
    public init(elementType: ElementType, rows: Int, columns: Int, dataOffset: Int = 0, isFortranOrder: Bool = false,
                isBigEndian: Bool = false) {
        self.elementType = elementType
        self.rows = rows
        self.columns = columns
        self.dataOffset = dataOffset
        self.isFortranOrder = isFortranOrder
        self.isBigEndian = isBigEndian
    }

    /// Parses the start of a `.npy` file (at least the whole header); `path` names the file in errors.
    public init(parsing bytes: [UInt8], path: String) throws(VectorFileError) {
        let header = try Self.fields(bytes, path: path)
        let descr = header.descr
        let byteOrder = descr.first.flatMap(ByteOrder.init)
        guard let byteOrder, byteOrder != .notApplicable, let type = ElementType(rawValue: "<" + descr.dropFirst()) else {
            throw VectorFileError(path: path, reason: "element type \(descr) is not supported; vectors are read as float32 or float64 "
                + "(either byte order): z.astype(np.float32)")
        }
        let shapeText = header.shape.map(String.init).joined(separator: ", ")
        guard let (rows, columns) = Self.matrixShape(header.shape) else {
            throw VectorFileError(path: path, reason: "shape (\(shapeText)) is not 2-D (vectors, dimensions)"
                + (header.shape.count > 2 ? " nor N x d with axes of one (N x d x 1 x 1)" : ""))
        }
        guard columns > 0 else { throw VectorFileError(path: path, reason: "shape (\(shapeText)) has no dimensions") }
        // The data's size, and its end with the header, must be representable (a lying header can say anything).
        let rowBytes = columns.multipliedReportingOverflow(by: type.size)
        let dataBytes = rows.multipliedReportingOverflow(by: rowBytes.partialValue)
        let end = dataBytes.partialValue.addingReportingOverflow(header.dataOffset)
        guard !rowBytes.overflow, !dataBytes.overflow, !end.overflow else {
            throw VectorFileError(path: path, reason: "shape (\(shapeText)) is too large")
        }
        self.init(elementType: type, rows: rows, columns: columns, dataOffset: header.dataOffset, isFortranOrder: header.fortranOrder,
                  isBigEndian: byteOrder == .big)
    }

    /// Rows and columns of a shape of 2 axes or more of which at most one after the first is not 1; nil for
    /// others. Axes of one lay the bytes out as (rows, columns) does, in C and in Fortran order: PyTorch's
    /// DCGAN draws its latents as N x d x 1 x 1.
    public static func matrixShape(_ shape: [Int]) -> (rows: Int, columns: Int)? {
        let trailing = shape.dropFirst()
        guard let rows = shape.first, !trailing.isEmpty, trailing.filter({ $0 != 1 }).count <= 1 else { return nil }
        return (rows, trailing.first(where: { $0 != 1 }) ?? 1)
    }

    /// The byte order a `descr`'s first character states.
    enum ByteOrder {
        case little, big, notApplicable

        /// `<`, `>`, `=` (this machine's, little-endian on every platform ganfilter runs on) or `|`.
        init?(_ character: Character) {
            switch character {
            case "<": self = .little
            case ">": self = .big
            case "=": self = .little
            case "|": self = .notApplicable
            default: return nil
            }
        }
    }

    /// A header's fields: the element type's `descr`, the shape, where the data start, and whether they are in
    /// Fortran order.
    package typealias Fields = (descr: String, shape: [Int], dataOffset: Int, fortranOrder: Bool)

    /// How many bytes the header at the start of `prefix` takes, magic and length included, as its length field
    /// says (at most 1 MiB and 12 bytes); nil when `prefix` does not start a `.npy` header (which `fields` then
    /// explains).
    package static func byteCount(_ prefix: [UInt8]) -> Int? {
        guard prefix.count >= 12, prefix.starts(with: [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]) else { return nil }
        let lengthBytes = prefix[6] == 1 ? 2 : 4
        var length = 0
        for i in 0..<lengthBytes { length |= Int(prefix[8 + i]) << (8 * i) }
        return min(8 + lengthBytes + length, 8 + 4 + (1 << 20))
    }

    /// The element type text, the shape and the data offset of any C-order `.npy` header (format 1.0, 2.0 or
    /// 3.0) at the start of `bytes`; `path` names the file in errors.
    package static func fields(_ bytes: [UInt8], path: String) throws(VectorFileError) -> Fields {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw VectorFileError(path: path, reason: "not a NumPy .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let lengthBytes: Int
        switch major {
        case 1: lengthBytes = 2
        case 2, 3: lengthBytes = 4
        default: throw VectorFileError(path: path, reason: "unsupported .npy format version \(major).\(bytes[7])")
        }
        guard bytes.count >= 8 + lengthBytes else { throw VectorFileError(path: path, reason: "truncated .npy header") }
        var length = 0
        for i in 0..<lengthBytes { length |= Int(bytes[8 + i]) << (8 * i) }
        let start = 8 + lengthBytes
        guard length <= 1 << 20, bytes.count >= start + length else {
            throw VectorFileError(path: path, reason: "truncated or oversized .npy header (\(length) bytes)")
        }
        let text = String(decoding: bytes[start..<start + length], as: UTF8.self)
        let fields = try Self.dictionary(text, path: path)

        guard let descr = fields["descr"] else { throw VectorFileError(path: path, reason: "the header has no 'descr'") }
        guard let order = fields["fortran_order"] else { throw VectorFileError(path: path, reason: "the header has no 'fortran_order'") }
        guard order == "False" || order == "True" else {
            throw VectorFileError(path: path, reason: "'fortran_order' must be True or False, got \(Excerpt.quoted(order))")
        }
        guard let shapeText = fields["shape"] else { throw VectorFileError(path: path, reason: "the header has no 'shape'") }
        let dims = shapeText.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard dims.allSatisfy({ !$0.isEmpty && $0.allSatisfy({ ("0"..."9").contains($0) }) }) else {
            throw VectorFileError(path: path, reason: "shape (\(Excerpt.quoted(shapeText))) does not hold whole numbers")
        }
        let shape = dims.compactMap { Int($0) }
        guard shape.count == dims.count else { throw VectorFileError(path: path, reason: "shape (\(shapeText)) is out of range") }
        return (descr, shape, start + length, order == "True")
    }

    /// The header bytes (format 1.0 when it fits, else 2.0), padded so the data starts on a 64-byte boundary.
    /// `reserveDigits` pads the shape so that the header can be rewritten later with a larger row count.
    public func encoded(reserveDigits: Int = 0) -> [UInt8] {
        Self.encoded(descr: elementType.rawValue, shape: [rows, columns], reserveDigits: reserveDigits)
    }

    /// The header bytes of any C-order array: `descr` (`<f8`, `|b1`, `<U12`, ...) and `shape`.
    public static func encoded(descr: String, shape: [Int], reserveDigits: Int = 0) -> [UInt8] {
        let rowsText = String(shape.first ?? 0)
        let padding = String(repeating: " ", count: max(0, reserveDigits - rowsText.count))
        let shapeText = shape.count == 1 ? rowsText + "," : ([rowsText] + shape.dropFirst().map(String.init)).joined(separator: ", ")
        var dictionary = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(shapeText)), }\(padding)"
        let version1 = 10 + dictionary.utf8.count + 1 < 65536
        let prefix = version1 ? 10 : 12
        let total = (prefix + dictionary.utf8.count + 1 + 63) / 64 * 64
        dictionary += String(repeating: " ", count: total - prefix - dictionary.utf8.count - 1) + "\n"
        let length = dictionary.utf8.count
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version1 ? 1 : 2, 0]
        let lengthBytes = version1 ? 2 : 4
        for i in 0..<lengthBytes { bytes.append(UInt8((length >> (8 * i)) & 0xff)) }
        return bytes + Array(dictionary.utf8)
    }

    /// Parses NumPy's header dictionary, `{'key': value, ...}`, into raw value texts.
    private static func dictionary(_ text: String, path: String) throws(VectorFileError) -> [String: String] {
        var body = text.trimmingWhitespace()
        guard body.hasPrefix("{"), body.hasSuffix("}") else {
            throw VectorFileError(path: path, reason: "the header is not a dictionary")
        }
        body = String(body.dropFirst().dropLast())
        var result: [String: String] = [:]
        var rest = Substring(body)
        while true {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let quote = rest.first else { break }
            guard quote == "'" || quote == "\"" else { throw VectorFileError(path: path, reason: "malformed header key") }
            rest = rest.dropFirst()
            guard let keyEnd = rest.firstIndex(of: quote) else { throw VectorFileError(path: path, reason: "malformed header key") }
            let key = String(rest[..<keyEnd])
            rest = rest[rest.index(after: keyEnd)...].drop { $0 == " " }
            guard rest.first == ":" else { throw VectorFileError(path: path, reason: "malformed header: no ':' after '\(key)'") }
            rest = rest.dropFirst().drop { $0 == " " }
            let value: Substring
            if let open = rest.first, open == "(" {
                guard let close = rest.firstIndex(of: ")") else { throw VectorFileError(path: path, reason: "malformed shape") }
                value = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
            } else if rest.first == "[" {
                // A structured type's descr, a list of fields: read to its matching bracket.
                var depth = 0
                guard let close = rest.firstIndex(where: { character in
                    depth += character == "[" ? 1 : character == "]" ? -1 : 0
                    return depth == 0
                }) else { throw VectorFileError(path: path, reason: "malformed header value") }
                value = rest[...close]
                rest = rest[rest.index(after: close)...]
            } else if let open = rest.first, open == "'" || open == "\"" {
                let inner = rest.dropFirst()
                guard let close = inner.firstIndex(of: open) else { throw VectorFileError(path: path, reason: "malformed header value") }
                value = inner[..<close]
                rest = inner[inner.index(after: close)...]
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end]
                rest = rest[end...]
            }
            result[key] = String(value).trimmingWhitespace()
        }
        return result
    }
}
