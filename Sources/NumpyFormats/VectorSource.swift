import Matrices

/// Latent vectors read block by block, as raw little-endian values, so that screening can score them in place
/// whatever the file format: `NumpyReader` (.npy, .npz members) and `VectorCSVReader` (.csv, .csv.gz).
public protocol VectorSource: AnyObject {
    /// The file.
    var path: String { get }
    /// Values per vector.
    var columns: Int { get }
    /// The element type of the raw blocks.
    var elementType: NumpyHeader.ElementType { get }
    /// Vectors in the file when known without reading it (a `.npy` header says; a CSV must be read).
    var knownRowCount: Int? { get }
    /// Vectors in the file, reading it through when needed (for row shards).
    func rowCount() throws(VectorFileError) -> Int
    /// Reads only rows `range` (0-based); call before the first block.
    func restrict(to range: Range<Int>) throws(VectorFileError)
    /// Reads up to `maxRows` vectors into `buffer` (reused between calls); returns how many, 0 at the end.
    func nextRawBlock(maxRows: Int, into buffer: inout [UInt8]) throws(VectorFileError) -> Int
    /// Rows that could not be read (line and reason), left out of screening but counted in the indices.
    var problems: [String] { get }
    /// Whether every row holding NaN or an infinity is already in `problems` (a CSV reader marks the rows it
    /// cannot read that way); otherwise screening reports such rows itself.
    var reportsNonFiniteRows: Bool { get }
}

extension VectorSource {
    /// The next block of up to `maxRows` vectors as doubles, or nil at the end.
    public func nextBlock(maxRows: Int) throws(VectorFileError) -> Matrix? {
        var bytes: [UInt8] = []
        let rows = try nextRawBlock(maxRows: maxRows, into: &bytes)
        guard rows > 0 else { return nil }
        return bytes.withUnsafeBytes { elementType.matrix($0, rows: rows, columns: columns) }
    }
}

extension NumpyHeader.ElementType {
    /// `rows x columns` little-endian values of this type at the start of `raw`, widened exactly to doubles.
    public func matrix(_ raw: UnsafeRawBufferPointer, rows: Int, columns: Int) -> Matrix {
        var values = [Double](repeating: 0, count: rows * columns)
        switch self {
        case .float32:
            for i in 0..<values.count {
                values[i] = Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))))
            }
        case .float64:
            for i in 0..<values.count {
                values[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)))
            }
        }
        // The count fits by construction; the fallback is never taken.
        return Matrix(rows: rows, columns: columns, values: values) ?? Matrix(rows: rows, columns: columns)
    }
}
