import FileIO
import NumpyFormats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Latent vectors from a CSV file (plain or `.csv.gz`), streamed block by block through the one CSV reader
/// (`CSVStream`: RFC 4180, quoted fields, a byte-order mark, blank lines skipped). With a header, the vector is
/// the columns `z0, z1, ...` when there are any (a latent dataset), else every column. The first record is a
/// header only when none of its fields parses as a number (NaN and infinities count as numbers), or when it is
/// exactly `0,1,...,d-1` (the header pandas writes for an unnamed array); a header whose first name is empty is
/// pandas' with its index, and that column is no part of the vector. Any other first record is the first
/// vector, so a vector holding NaN or a long number is never taken for a header (`np.savetxt(path, z,
/// delimiter=",")` writes no header). Row indices count data rows. A row with a missing value, a non-number or
/// NaN/Inf is a problem (line and reason): it keeps its index but is never kept.
public final class VectorCSVReader: VectorSource {
    /// The file.
    public let path: String
    /// Values per vector.
    public let columns: Int
    /// Values are parsed as doubles.
    public let elementType = NumpyHeader.ElementType.float64
    /// Rows that could not be read.
    public private(set) var problems: [String] = []
    /// Non-finite values are refused as they are read, and their rows listed in `problems`.
    public let reportsNonFiniteRows = true
    /// Which field of a record holds each vector value.
    private let fieldOfColumn: [Int]
    private let fieldCount: Int
    private let hasHeader: Bool
    private let stream: CSVStream
    /// The first record when it is a vector, not yet handed out.
    private var pendingFirstRow: [String]?
    private let firstLine: Int
    /// The block being read and the next record in it.
    private var block: CSVBlock?
    private var nextRecord = 0
    private var nextRow = 0
    private var endRow = Int.max

    /// Opens `path` and reads its first record.
    public init(path: String) throws(VectorFileError) {
        self.path = path
        do {
            stream = try CSVStream(contentsOf: path)
        } catch {
            throw VectorFileError(path: path, reason: error.description)
        }
        let fields = stream.header
        firstLine = stream.headerLine
        // pandas writes the column names 0, 1, ..., d-1 as the header of an unnamed array: that is a header. With
        // its index (`to_csv` without `index=False`) the header starts with an empty name, and each row with the
        // index, which is no part of the vector.
        let indexed = fields.count > 1 && fields[0].trimmingWhitespace().isEmpty
        let isPandasHeader = fields.dropFirst(indexed ? 1 : 0).enumerated().allSatisfy { $1 == String($0) }
        if fields.contains(where: { DoubleParser.parse($0) != nil }) && !isPandasHeader {
            hasHeader = false
            fieldOfColumn = Array(fields.indices)
            pendingFirstRow = fields
        } else {
            hasHeader = true
            var latent: [(index: Int, field: Int)] = []
            for (field, name) in fields.map({ $0.trimmingWhitespace() }).enumerated() where name.hasPrefix("z") {
                if let index = Int(name.dropFirst()), index >= 0 { latent.append((index, field)) }
            }
            latent.sort { $0.index < $1.index }
            if latent.isEmpty {
                fieldOfColumn = Array(fields.indices.dropFirst(indexed ? 1 : 0))
            } else {
                guard latent.enumerated().allSatisfy({ $0.offset == $0.element.index }) else {
                    throw VectorFileError(path: path, reason: "line \(stream.headerLine): the z columns must be z0, z1, ... without gaps or repeats")
                }
                fieldOfColumn = latent.map(\.field)
            }
        }
        fieldCount = fields.count
        columns = fieldOfColumn.count
    }

    /// Unknown until the file is read.
    public let knownRowCount: Int? = nil

    /// Counts the data rows with a separate pass over the file.
    public func rowCount() throws(VectorFileError) -> Int {
        do {
            let counter = try CSVStream(contentsOf: path)
            var rows = hasHeader ? 0 : 1
            while let block = try counter.nextBlock() { rows += block.count }
            return rows
        } catch {
            throw VectorFileError(path: path, reason: error.description)
        }
    }

    /// Reads only rows `range`, skipping the rows before it.
    public func restrict(to range: Range<Int>) throws(VectorFileError) {
        guard range.lowerBound >= 0, nextRow == 0 else {
            throw VectorFileError(path: path, reason: "rows \(range) cannot be selected once reading has started")
        }
        if range.lowerBound > 0, pendingFirstRow != nil {
            pendingFirstRow = nil
            nextRow += 1
        }
        while nextRow < range.lowerBound, let current = try currentBlock() {
            let skipped = min(current.count - nextRecord, range.lowerBound - nextRow)
            nextRecord += skipped
            nextRow += skipped
        }
        endRow = range.upperBound
    }

    /// Reads up to `maxRows` vectors as little-endian doubles; unreadable rows are NaN and listed in `problems`.
    public func nextRawBlock(maxRows: Int, into buffer: inout [UInt8]) throws(VectorFileError) -> Int {
        buffer.removeAll(keepingCapacity: true)
        var values = [Double](repeating: .nan, count: columns)
        var rows = 0
        func append(_ values: [Double]) {
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { buffer.append(contentsOf: $0) } }
            rows += 1
            nextRow += 1
        }
        if rows < maxRows, nextRow < endRow, let first = pendingFirstRow {
            pendingFirstRow = nil
            let numbers = fieldOfColumn.map { DoubleParser.parse(first[$0]).flatMap { $0.isFinite ? $0 : nil } }
            if let bad = numbers.firstIndex(of: nil) {
                problems.append("line \(firstLine), field \(fieldOfColumn[bad] + 1): \(Excerpt.quoted(first[fieldOfColumn[bad]])) is not a finite number")
                append([Double](repeating: .nan, count: columns))
            } else {
                append(numbers.map { $0 ?? .nan })
            }
        }
        while rows < maxRows, nextRow < endRow, let current = try currentBlock() {
            let record = nextRecord
            nextRecord += 1
            if current.fieldCount(record) != fieldCount {
                problems.append("line \(current.line(record)): expected \(fieldCount) fields, found \(current.fieldCount(record))")
                append([Double](repeating: .nan, count: columns))
                continue
            }
            let bad = values.withUnsafeMutableBufferPointer { current.finiteDoubles(record, columns: fieldOfColumn, into: $0) }
            if let bad {
                problems.append("line \(current.line(record)), field \(fieldOfColumn[bad] + 1): "
                    + "\(Excerpt.quoted(current.string(record, fieldOfColumn[bad]))) is not a finite number")
                append([Double](repeating: .nan, count: columns))
            } else {
                append(values)
            }
        }
        return rows
    }

    /// The block holding the next record, read on when the current one is used up; nil at the end.
    private func currentBlock() throws(VectorFileError) -> CSVBlock? {
        while block == nil || nextRecord >= block?.count ?? 0 {
            do {
                guard let next = try stream.nextBlock() else { return nil }
                block = next
                nextRecord = 0
            } catch {
                throw VectorFileError(path: path, reason: error.description)
            }
        }
        return block
    }
}
