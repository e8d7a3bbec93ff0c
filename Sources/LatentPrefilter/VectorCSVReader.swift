import FileIO
import NumpyFormats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Latent vectors from a CSV file (plain or `.csv.gz`), streamed line by line. With a header, the vector is the
/// columns `z0, z1, ...` when there are any (a latent dataset), else every column. The first line is a header
/// only when none of its fields parses as a number (NaN and infinities count as numbers), or when it is exactly
/// `0,1,...,d-1` (the header pandas writes for an unnamed array); any other first line is the first vector, so
/// a vector holding NaN or a long number is never taken for a header (`np.savetxt(path, z, delimiter=",")`
/// writes no header). Blank lines are skipped; row indices count data rows. A row
/// with a missing value, a non-number or NaN/Inf is a problem (line and reason): it keeps its index but is
/// never kept.
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
    /// Which field of a line holds each vector value.
    private let fieldOfColumn: [Int]
    private let fieldCount: Int
    private let hasHeader: Bool
    private var lines: LineReader
    private var pendingFirstRow: ArraySlice<UInt8>?
    private var nextRow = 0
    private var endRow = Int.max

    /// Opens `path` and reads its first line.
    public init(path: String) throws(VectorFileError) {
        self.path = path
        do {
            lines = try LineReader(path: path)
            var first = try lines.next()
            while let line = first, Self.isBlank(line) { first = try lines.next() }
            guard let first else { throw VectorFileError(path: path, reason: "the file is empty") }
            let fields = Self.fields(first)
            // pandas writes the column names 0, 1, ..., d-1 as the header of an unnamed array: that is a header.
            let isPandasHeader = fields.enumerated().allSatisfy { String(decoding: $1, as: UTF8.self) == String($0) }
            if fields.contains(where: { Self.parsed($0) != nil }) && !isPandasHeader {
                hasHeader = false
                fieldOfColumn = Array(fields.indices)
                pendingFirstRow = first
            } else {
                hasHeader = true
                let names = fields.map { String(decoding: $0, as: UTF8.self).trimmingWhitespace() }
                var latent: [(index: Int, field: Int)] = []
                for (field, name) in names.enumerated() where name.hasPrefix("z") {
                    if let index = Int(name.dropFirst()), index >= 0 { latent.append((index, field)) }
                }
                latent.sort { $0.index < $1.index }
                if latent.isEmpty {
                    fieldOfColumn = Array(fields.indices)
                } else {
                    guard latent.enumerated().allSatisfy({ $0.offset == $0.element.index }) else {
                        throw VectorFileError(path: path, reason: "line 1: the z columns must be z0, z1, ... without gaps or repeats")
                    }
                    fieldOfColumn = latent.map(\.field)
                }
            }
            fieldCount = fields.count
            columns = fieldOfColumn.count
        } catch let error as VectorFileError {
            throw error
        } catch {
            throw VectorFileError(path: path, reason: "\(error)")
        }
    }

    /// Unknown until the file is read.
    public let knownRowCount: Int? = nil

    /// Counts the data rows with a separate pass over the file.
    public func rowCount() throws(VectorFileError) -> Int {
        do {
            let counter = try LineReader(path: path)
            var rows = 0
            while let line = try counter.next() { if !Self.isBlank(line) { rows += 1 } }
            return rows - (hasHeader ? 1 : 0)
        } catch {
            throw VectorFileError(path: path, reason: error.reason)
        }
    }

    /// Reads only rows `range`, skipping the rows before it.
    public func restrict(to range: Range<Int>) throws(VectorFileError) {
        guard range.lowerBound >= 0, nextRow == 0 else {
            throw VectorFileError(path: path, reason: "rows \(range) cannot be selected once reading has started")
        }
        while nextRow < range.lowerBound, try nextLine() != nil { nextRow += 1 }
        endRow = range.upperBound
    }

    /// Reads up to `maxRows` vectors as little-endian doubles; unreadable rows are NaN and listed in `problems`.
    public func nextRawBlock(maxRows: Int, into buffer: inout [UInt8]) throws(VectorFileError) -> Int {
        buffer.removeAll(keepingCapacity: true)
        var rows = 0
        while rows < maxRows, nextRow < endRow, let line = try nextLine() {
            let fields = Self.fields(line)
            var values = [Double](repeating: .nan, count: columns)
            if fields.count != fieldCount {
                problems.append("line \(lines.lineNumber): expected \(fieldCount) fields, found \(fields.count)")
            } else {
                for (column, field) in fieldOfColumn.enumerated() {
                    guard let value = Self.number(fields[field]) else {
                        problems.append("line \(lines.lineNumber), field \(field + 1): \(Excerpt.quoted(bytes: fields[field]))"
                            + " is not a finite number")
                        values = [Double](repeating: .nan, count: columns)
                        break
                    }
                    values[column] = value
                }
            }
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { buffer.append(contentsOf: $0) } }
            rows += 1
            nextRow += 1
        }
        return rows
    }

    /// The next non-blank data line.
    private func nextLine() throws(VectorFileError) -> ArraySlice<UInt8>? {
        if let pending = pendingFirstRow {
            pendingFirstRow = nil
            return pending
        }
        do {
            while let line = try lines.next() {
                if !Self.isBlank(line) { return line }
            }
            return nil
        } catch {
            throw VectorFileError(path: path, reason: error.reason)
        }
    }

    private static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 32 || $0 == 9 }
    }

    private static func fields(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        line.split(separator: 44, omittingEmptySubsequences: false)
    }

    /// A finite number, surrounding blanks and quotes allowed.
    private static func number(_ field: ArraySlice<UInt8>) -> Double? {
        parsed(field).flatMap { $0.isFinite ? $0 : nil }
    }

    /// The number a field spells, NaN and infinities included, of any length (`np.savetxt(fmt='%.70f')`
    /// writes 70 digits); nil when it is no number.
    private static func parsed(_ field: ArraySlice<UInt8>) -> Double? {
        var text = field.drop { $0 == 32 || $0 == 9 }
        while let last = text.last, last == 32 || last == 9 { text = text.dropLast() }
        if text.count >= 2, text.first == 34, text.last == 34 { text = text.dropFirst().dropLast() }
        guard !text.isEmpty, !text.contains(0) else { return nil }
        // strtod on a NUL-terminated copy: no String per field (this is most of the time of a CSV screen).
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: max(64, text.count + 1)) { buffer -> Double? in
            guard let base = buffer.baseAddress else { return nil }
            for (offset, byte) in text.enumerated() { buffer[offset] = CChar(bitPattern: byte) }
            buffer[text.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &end)
            guard end == base + text.count else { return nil }
            return value
        }
    }
}
