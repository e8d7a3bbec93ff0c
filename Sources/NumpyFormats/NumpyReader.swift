import FileIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the rows of a `.npy` file in blocks, so that memory stays bounded whatever the file's size.
/// The header is checked against the file's size before any row is read (a lying header is refused).
public final class NumpyReader: VectorSource {
    /// The file's header.
    public let header: NumpyHeader
    /// The file.
    public let path: String
    private let fd: Int32
    private let base: Int
    private var nextRow = 0
    private var endRow: Int

    /// Values per row.
    public var columns: Int { header.columns }
    /// float32 or float64, as stored.
    public var elementType: NumpyHeader.ElementType { header.elementType }
    /// A `.npy` file has no unreadable rows: its size is checked against the header.
    public let problems: [String] = []
    /// Values are passed on as stored; screening finds and reports rows holding NaN or an infinity.
    public let reportsNonFiniteRows = false

    /// Opens `path` and validates its header.
    public convenience init(path: String) throws(VectorFileError) {
        try self.init(path: path, offset: 0, length: nil)
    }

    /// Opens the `.npy` data that starts `offset` bytes into `path` and spans `length` bytes (the rest of the
    /// file when nil), as a stored member of an `.npz` archive does.
    public init(path: String, offset: Int, length: Int?) throws(VectorFileError) {
        self.path = path
        base = offset
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw VectorFileError(path: path, reason: SystemError.message(errno, opening: path)) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = SystemError.message(errno)
            close(fd)
            throw VectorFileError(path: path, reason: reason)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw VectorFileError(path: path, reason: SystemError.notRegularFile(info.st_mode))
        }
        let available = length ?? (Int(info.st_size) - offset)
        var start = [UInt8](repeating: 0, count: max(0, min((1 << 20) + 12, available)))
        let count = start.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
        guard count == start.count else {
            close(fd)
            throw VectorFileError(path: path, reason: "cannot read the header")
        }
        do {
            header = try NumpyHeader(parsing: start, path: path)
        } catch {
            close(fd)
            throw error
        }
        let expected = header.dataOffset + header.rows * header.columns * header.elementType.size
        guard available == expected else {
            close(fd)
            throw VectorFileError(path: path, reason: "the header says \(header.rows) x \(header.columns) \(header.elementType.rawValue) "
                + "(\(expected) bytes with the header) but the file has \(available) bytes")
        }
        self.fd = fd
        endRow = header.rows
    }

    /// The rows the header declares.
    public func rowCount() -> Int { header.rows }

    /// The rows the header declares.
    public var knownRowCount: Int? { header.rows }

    /// Reads only rows `range`.
    public func restrict(to range: Range<Int>) throws(VectorFileError) {
        guard range.lowerBound >= 0, range.upperBound <= header.rows else {
            throw VectorFileError(path: path, reason: "rows \(range) are outside the file's \(header.rows) rows")
        }
        nextRow = range.lowerBound
        endRow = range.upperBound
    }

    deinit { close(fd) }

    /// Reads the next block of up to `maxRows` rows as raw little-endian bytes in C order into `buffer` (reused
    /// between calls), whatever the file's byte order and layout; returns the number of rows read, 0 at the end.
    public func nextRawBlock(maxRows: Int, into buffer: inout [UInt8]) throws(VectorFileError) -> Int {
        let rows = min(maxRows, endRow - nextRow)
        guard rows > 0 else { return 0 }
        let size = header.elementType.size
        let rowBytes = header.columns * size
        let byteCount = rows * rowBytes
        if buffer.count < byteCount { buffer = [UInt8](repeating: 0, count: byteCount) }
        let data = base + header.dataOffset
        if header.isFortranOrder {
            // Column c holds rows 0 ..< header.rows contiguously: read this block's slice of each column and
            // scatter it into the rows.
            if column.count < rows * size { column = [UInt8](repeating: 0, count: rows * size) }
            for c in 0..<header.columns {
                try read(into: &column, count: rows * size, at: data + (c * header.rows + nextRow) * size)
                buffer.withUnsafeMutableBytes { out in
                    column.withUnsafeBytes { slice in
                        for r in 0..<rows {
                            (out.baseAddress! + r * rowBytes + c * size).copyMemory(from: slice.baseAddress! + r * size, byteCount: size)
                        }
                    }
                }
            }
        } else {
            try read(into: &buffer, count: byteCount, at: data + nextRow * rowBytes)
        }
        if header.isBigEndian { Self.swapBytes(&buffer, count: rows * header.columns, size: size) }
        nextRow += rows
        return rows
    }

    /// A column's slice of a block of a Fortran-order file.
    private var column: [UInt8] = []

    /// `count` bytes at `offset` of the file into the start of `buffer`.
    private func read(into buffer: inout [UInt8], count: Int, at offset: Int) throws(VectorFileError) {
        var done = 0
        while done < count {
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw VectorFileError(path: path, reason: "the file ended early (read error)") }
            done += got
        }
    }

    /// Reverses the bytes of each of `count` elements of `size` bytes at the start of `buffer`.
    static func swapBytes(_ buffer: inout [UInt8], count: Int, size: Int) {
        buffer.withUnsafeMutableBytes { bytes in
            if size == 4 {
                for i in 0..<count {
                    let value = bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
                    bytes.storeBytes(of: value.byteSwapped, toByteOffset: 4 * i, as: UInt32.self)
                }
            } else {
                for i in 0..<count {
                    let value = bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)
                    bytes.storeBytes(of: value.byteSwapped, toByteOffset: 8 * i, as: UInt64.self)
                }
            }
        }
    }
}
