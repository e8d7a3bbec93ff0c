/// A dense matrix of doubles, stored row-major in one contiguous array: `values[row * columns + column]`.
public struct Matrix: Equatable, Sendable {
    /// Number of rows (samples).
    public let rows: Int
    /// Number of columns (features).
    public let columns: Int
    /// The entries, row by row.
    public var values: [Double]

    /// A matrix over `values` (row-major); nil when the count does not match.
    public init?(rows: Int, columns: Int, values: [Double]) {
        guard rows >= 0, columns >= 0, values.count == rows * columns else { return nil }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A matrix of zeros.
    public init(rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        self.rows = rows
        self.columns = columns
        self.values = Array(repeating: 0, count: rows * columns)
    }

    /// A matrix from rows of equal length; nil when they differ.
    public init?(rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        guard rowArrays.allSatisfy({ $0.count == columns }) else { return nil }
        self.rows = rowArrays.count
        self.columns = columns
        self.values = rowArrays.flatMap { $0 }
    }

    /// The entry at `row`, `column`.
    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// One row as an array.
    public func row(_ index: Int) -> [Double] {
        Array(values[index * columns..<(index + 1) * columns])
    }

    /// The matrix with rows and columns swapped (column `c` of this matrix is row `c` of the result), copied in
    /// tiles of 32 x 32 so that both sides stay in cache.
    public func transposed() -> Matrix {
        let rows = self.rows, columns = self.columns
        let values = [Double](unsafeUninitializedCapacity: rows * columns) { out, count in
            self.values.withUnsafeBufferPointer { input in
                for rowTile in stride(from: 0, to: rows, by: 32) {
                    for columnTile in stride(from: 0, to: columns, by: 32) {
                        for row in rowTile..<min(rows, rowTile + 32) {
                            for column in columnTile..<min(columns, columnTile + 32) {
                                out[column * rows + row] = input[row * columns + column]
                            }
                        }
                    }
                }
            }
            count = rows * columns
        }
        return Matrix(rows: columns, columns: rows, values: values) ?? Matrix(rows: columns, columns: rows)
    }

    /// Whether every value is finite.
    public var allFinite: Bool {
        values.withUnsafeBufferPointer { Self.allFinite($0) }
    }

    /// Whether every value of row `index` is finite (without copying the row).
    public func rowIsFinite(_ index: Int) -> Bool {
        values.withUnsafeBufferPointer { Self.allFinite(UnsafeBufferPointer(rebasing: $0[index * columns..<(index + 1) * columns])) }
    }

    /// Whether every value of `values` is finite: an integer reduction over the exponent bits, which vectorises
    /// (a NaN or an infinity has them all set).
    @inlinable
    public static func allFinite(_ values: UnsafeBufferPointer<Double>) -> Bool {
        let exponent: UInt64 = 0x7FF0_0000_0000_0000
        var nonFinite: UInt64 = 0
        for value in values { nonFinite |= (value.bitPattern & exponent) == exponent ? 1 : 0 }
        return nonFinite == 0
    }

    /// The rows at `indices`, in that order.
    public func selecting(rows indices: [Int]) -> Matrix {
        var selected = [Double]()
        selected.reserveCapacity(indices.count * columns)
        for index in indices {
            selected.append(contentsOf: values[index * columns..<(index + 1) * columns])
        }
        return Matrix(rows: indices.count, columns: columns, values: selected) ?? Matrix(rows: 0, columns: columns)
    }
}
