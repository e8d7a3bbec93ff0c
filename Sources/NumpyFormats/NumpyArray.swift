import FileIO

/// A whole 1-D or 2-D NumPy array in memory (N x d with more axes of one, as a DCGAN's N x d x 1 x 1 latents, is
/// read as 2-D), of any element type a latent dataset uses: floats (`f4`, `f8`),
/// booleans (`|b1`), integers (`i1`-`i8`, `u1`-`u8`), and fixed-width unicode strings (`U n`, UTF-32), in
/// either byte order and C or Fortran order. Numbers are widened exactly to `Double` (integers beyond 2^53 are
/// refused); strings keep their text without NumPy's trailing NUL padding; values are row-major.
public struct NumpyArray: Sendable {
    /// The values.
    public enum Values: Sendable {
        /// Numbers (floats, integers, booleans as 0 and 1).
        case numbers([Double])
        /// Unicode strings.
        case strings([String])
    }

    /// The most bytes an array may hold (1 GiB): a bound on memory whatever a header claims.
    public static let defaultMaxBytes = 1 << 30

    /// Rows (the first dimension).
    public let rows: Int
    /// Values per row: 1 for a 1-D array.
    public let columns: Int
    /// Whether the array is 1-D.
    public let isVector: Bool
    /// The NumPy element type (`descr`).
    public let descr: String
    /// The values, row-major.
    public let values: Values
    /// The bytes of the values in the file.
    public let byteCount: Int

    /// Reads the array of the `.npy` bytes at `offset` of `path` (`length` of them, or to the end); `name`
    /// names it in errors.
    public init(path: String, offset: Int = 0, length: Int?, name: String, maxBytes: Int = defaultMaxBytes) throws(VectorFileError) {
        let head: [UInt8]
        do {
            head = try FileBytes.read(path, offset: offset, count: min(length ?? Int.max, 1 << 16))
        } catch {
            throw VectorFileError(path: name, reason: error.reason)
        }
        let header = try NumpyHeader.fields(head, path: name)
        descr = header.descr
        let dims = header.shape
        guard let (rows, columns) = dims.count == 1 ? (dims[0], 1) : NumpyHeader.matrixShape(dims) else {
            throw VectorFileError(path: name, reason: "shape (\(dims.map(String.init).joined(separator: ", "))) is neither 1-D nor 2-D"
                + " (nor N x d with axes of one, N x d x 1 x 1)")
        }
        (self.rows, self.columns) = (rows, columns)
        isVector = dims.count == 1
        guard let kind = Self.kind(descr) else {
            throw VectorFileError(path: name, reason: "element type \(descr) is not supported (read: float32 and float64, integers, "
                + "booleans and unicode strings, either byte order)")
        }
        let bigEndian = descr.first == ">"
        let count = rows.multipliedReportingOverflow(by: columns)
        let bytes = count.partialValue.multipliedReportingOverflow(by: kind.size)
        guard !count.overflow, !bytes.overflow, bytes.partialValue <= maxBytes else {
            throw VectorFileError(path: name, reason: "the array is larger than \(maxBytes) bytes")
        }
        if let length, length - header.dataOffset != bytes.partialValue {
            throw VectorFileError(path: name, reason: "holds \(length - header.dataOffset) data bytes; its header says \(bytes.partialValue)")
        }
        let data: [UInt8]
        do {
            data = try FileBytes.read(path, offset: offset + header.dataOffset, count: bytes.partialValue)
        } catch {
            throw VectorFileError(path: name, reason: error.reason)
        }
        guard data.count == bytes.partialValue else {
            throw VectorFileError(path: name, reason: "truncated: \(data.count) of \(bytes.partialValue) data bytes")
        }
        byteCount = bytes.partialValue
        let decoded = try Self.decode(data, kind: kind, count: count.partialValue, bigEndian: bigEndian, name: name)
        values = header.fortranOrder && !isVector ? Self.transposed(decoded, rows: rows, columns: columns) : decoded
    }

    /// Values stored column by column (Fortran order), row by row.
    static func transposed(_ values: Values, rows: Int, columns: Int) -> Values {
        func reorder<T>(_ items: [T]) -> [T] {
            (0..<rows * columns).map { index in items[(index % columns) * rows + index / columns] }
        }
        switch values {
        case .numbers(let numbers): return .numbers(reorder(numbers))
        case .strings(let strings): return .strings(reorder(strings))
        }
    }

    /// The element kinds read.
    enum Kind {
        case float(Int), signed(Int), unsigned(Int), bool, unicode(Int)

        var size: Int {
            switch self {
            case .float(let size), .signed(let size), .unsigned(let size): return size
            case .bool: return 1
            case .unicode(let characters): return 4 * characters
            }
        }
    }

    static func kind(_ descr: String) -> Kind? {
        let order = descr.first
        let code = descr.dropFirst()
        // One-byte types have no byte order ('|'); wider ones are either ('<', '>', or '=' for this host's).
        guard let type = code.first, let size = Int(code.dropFirst()), size > 0 else { return nil }
        guard order == "<" || order == ">" || order == "=" || (order == "|" && (size == 1 || type == "U")) else { return nil }
        switch (type, size) {
        case ("f", 4), ("f", 8): return .float(size)
        case ("i", 1), ("i", 2), ("i", 4), ("i", 8): return .signed(size)
        case ("u", 1), ("u", 2), ("u", 4), ("u", 8): return .unsigned(size)
        case ("b", 1): return .bool
        case ("U", _): return size <= 1 << 16 ? .unicode(size) : nil
        default: return nil
        }
    }

    static func decode(_ data: [UInt8], kind: Kind, count: Int, bigEndian: Bool = false, name: String) throws(VectorFileError) -> Values {
        func unsigned(_ at: Int, _ size: Int) -> UInt64 {
            NumpyInteger.bits(data, at: at, size: size, signed: false, bigEndian: bigEndian)
        }
        switch kind {
        case .float(4):
            return .numbers((0..<count).map { Double(Float(bitPattern: UInt32(truncatingIfNeeded: unsigned(4 * $0, 4)))) })
        case .float:
            return .numbers((0..<count).map { Double(bitPattern: unsigned(8 * $0, 8)) })
        case .bool:
            var numbers: [Double] = []
            numbers.reserveCapacity(count)
            for index in 0..<count {
                guard data[index] <= 1 else { throw VectorFileError(path: name, reason: "boolean \(index) is \(data[index]), not 0 or 1") }
                numbers.append(Double(data[index]))
            }
            return .numbers(numbers)
        case .signed(let size), .unsigned(let size):
            var isSigned = false
            if case .signed = kind { isSigned = true }
            var numbers: [Double] = []
            numbers.reserveCapacity(count)
            for index in 0..<count {
                let bits = NumpyInteger.bits(data, at: size * index, size: size, signed: isSigned, bigEndian: bigEndian)
                let value: Double = isSigned ? Double(Int64(bitPattern: bits)) : Double(bits)
                guard abs(value) <= 9_007_199_254_740_992 else {
                    throw VectorFileError(path: name, reason: "integer \(index) is beyond 2^53, not exact as a double")
                }
                numbers.append(value)
            }
            return .numbers(numbers)
        case .unicode(let characters):
            var strings: [String] = []
            strings.reserveCapacity(count)
            for index in 0..<count {
                var scalars = String.UnicodeScalarView()
                for character in 0..<characters {
                    let code = UInt32(truncatingIfNeeded: unsigned(4 * (index * characters + character), 4))
                    if code == 0 { break }
                    guard let scalar = Unicode.Scalar(code) else {
                        throw VectorFileError(path: name, reason: "string \(index) holds an invalid code point \(code)")
                    }
                    scalars.append(scalar)
                }
                strings.append(String(scalars))
            }
            return .strings(strings)
        }
    }
}
