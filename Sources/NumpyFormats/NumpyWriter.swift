import FileIO
import Matrices

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a `.npy` file row block by row block, atomically: rows go to a temporary file whose header is
/// rewritten with the final row count by `finish()`, which then renames it into place (without `fsync`: a bulk
/// output that can be regenerated).
public final class NumpyWriter {
    /// Element type written.
    public let elementType: NumpyHeader.ElementType
    /// Columns per row.
    public let columns: Int
    private let file: PartialFile
    private var rows = 0

    /// Starts writing `path`.
    public init(path: String, elementType: NumpyHeader.ElementType, columns: Int) throws(OutputError) {
        self.elementType = elementType
        self.columns = columns
        file = try PartialFile(path: path, durable: false, rewritten: true)
        try file.append(NumpyHeader(elementType: elementType, rows: 0, columns: columns).encoded(reserveDigits: 20))
    }

    /// Appends the rows of `block`.
    public func append(_ block: Matrix) throws(OutputError) {
        precondition(block.columns == columns, "block width does not match the file")
        var bytes = [UInt8]()
        bytes.reserveCapacity(block.values.count * elementType.size)
        for value in block.values {
            switch elementType {
            case .float32: withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            case .float64: withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        try file.append(bytes)
        rows += block.rows
    }

    /// Appends rows already encoded in this file's element type (little-endian).
    public func appendRaw(_ bytes: UnsafeRawBufferPointer, rows: Int) throws(OutputError) {
        precondition(bytes.count == rows * columns * elementType.size, "byte count does not match the rows")
        try file.append(bytes)
        self.rows += rows
    }

    /// Writes the final header and renames the file into place.
    public func finish() throws(OutputError) {
        try file.overwrite(NumpyHeader(elementType: elementType, rows: rows, columns: columns).encoded(reserveDigits: 20), at: 0)
        try file.finish()
    }
}
