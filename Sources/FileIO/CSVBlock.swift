import CTextScan

/// A run of whole CSV records (RFC 4180: quoted fields may hold commas, quotes and line breaks; CRLF line ends
/// are accepted; blank lines are skipped), parsed into fields without copying them: each field is a range of
/// the block's bytes, quoted ones unescaped in place. Blocks are what `CSVStream` hands out, one per worker,
/// and what `CSVTable` is made of.
public struct CSVBlock: Sendable {
    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    private let bytes: [UInt8]
    /// Start and end offset of each field, flattened.
    private let bounds: [Int32]
    /// The index of each record's first field, then the field count (so record r has fields
    /// `firstField[r] ..< firstField[r + 1]`).
    private let firstField: [Int32]
    private let lines: [Int]
    /// The records with an index below this are not handed out (the header, once `CSVStream` took it).
    private var start = 0

    /// The number of bytes the block was parsed from.
    public let byteCount: Int

    /// Parses `bytes`, which hold whole records (the last one may lack its line break), the first of them
    /// starting on line `firstLine`; `path` names the file in errors. Throws at the first malformed record:
    /// a quote inside an unquoted field, text after a closing quote, an unclosed quote, or a record longer than
    /// `CSVTable.maximumRecordLength`.
    public init(_ bytes: consuming [UInt8], firstLine: Int, path: String) throws(CSVTable.ParseError) {
        byteCount = bytes.count
        guard bytes.count < Int(Int32.max) else {
            throw CSVTable.ParseError(path: path, line: firstLine, reason: "a block of more than 2 GiB")
        }
        var firstField: [Int32] = [0], lines: [Int] = []
        // A bit for each comma and line feed. Every field ends at one of them or at the end of the text: room
        // for that many, so that the bounds are allocated once and written without checks.
        var marked = 0, plain = true
        let separators = [UInt64](unsafeUninitializedCapacity: (bytes.count + 63) / 64) { words, count in
            count = words.count
            plain = bytes.withUnsafeBufferPointer { gf_csv_separators($0.baseAddress, $0.count, words.baseAddress, &marked) } == 0
        }
        let capacity = 2 * (marked + 1)
        var bytes = bytes  // the only reference: quoted fields are unescaped in place, not in a copy
        var failure: CSVTable.ParseError?
        let bounds = [Int32](unsafeUninitializedCapacity: capacity) { bounds, count in
            count = 0
            guard let base = bounds.baseAddress else { return }
            do throws(CSVTable.ParseError) {
                count = try bytes.withUnsafeMutableBufferPointer { p throws(CSVTable.ParseError) in
                    // Text without quotes or carriage returns is cut at the marks alone.
                    guard plain else {
                        return try Self.parse(p, firstLine: firstLine, path: path, bounds: base, firstField: &firstField, lines: &lines)
                    }
                    return try separators.withUnsafeBufferPointer { separators throws(CSVTable.ParseError) in
                        try Self.parsePlain(UnsafeBufferPointer(p), separators: separators, firstLine: firstLine, path: path,
                                            bounds: base, firstField: &firstField, lines: &lines)
                    }
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        (self.bytes, self.bounds, self.firstField, self.lines) = (bytes, bounds, firstField, lines)
    }

    /// `parse` for text without quotes or carriage returns, from the bits `gf_csv_separators` set: each set bit
    /// ends a field, and a line feed its record too. The bits are taken one at a time, so that finding the next
    /// field never waits for the bytes of the last.
    private static func parsePlain(_ p: UnsafeBufferPointer<UInt8>, separators: UnsafeBufferPointer<UInt64>, firstLine: Int, path: String,
                                   bounds: UnsafeMutablePointer<Int32>, firstField: inout [Int32], lines: inout [Int]) throws(CSVTable.ParseError) -> Int {
        var written = 0
        var line = firstLine
        var fieldStart = 0, recordStart = 0
        var recordBounds = 0  // where the bounds of the open record start
        @inline(__always) func append(_ start: Int, _ end: Int) {
            bounds[written] = Int32(truncatingIfNeeded: start)
            bounds[written + 1] = Int32(truncatingIfNeeded: end)
            written += 2
        }
        // Ends the open record just before `end` (after its line feed, if any).
        @inline(__always) func endRecord(at end: Int) throws(CSVTable.ParseError) {
            guard end - recordStart <= CSVTable.maximumRecordLength else {
                throw CSVTable.ParseError(path: path, line: line, reason: "a record longer than \(CSVTable.maximumRecordLength >> 20) MiB; "
                    + "a table row never is (is this the right file?)")
            }
            if written - recordBounds == 2, bounds[recordBounds] == bounds[recordBounds + 1] {
                written = recordBounds  // a blank line
            } else {
                firstField.append(Int32(written / 2))
                lines.append(line)
            }
            recordStart = end
            recordBounds = written
        }
        for (step, word) in separators.enumerated() {
            var marks = word
            while marks != 0 {
                let position = step << 6 | marks.trailingZeroBitCount
                marks &= marks &- 1
                append(fieldStart, position)
                fieldStart = position + 1
                if p[position] == newline {
                    try endRecord(at: fieldStart)
                    line += 1
                }
            }
        }
        // The last record may lack its line break (and end with an empty field after a comma).
        if fieldStart < p.count || written > recordBounds {
            append(fieldStart, p.count)
            try endRecord(at: p.count)
        }
        return written
    }

    // One pass over the bytes; plain fields (no quote) are scanned with a single comparison per byte.
    // Returns how many bounds it wrote (two a field; `separatorCount` + 1 fields at most).
    private static func parse(_ p: UnsafeMutableBufferPointer<UInt8>, firstLine: Int, path: String,
                              bounds: UnsafeMutablePointer<Int32>, firstField: inout [Int32], lines: inout [Int]) throws(CSVTable.ParseError) -> Int {
        let n = p.count
        var written = 0
        @inline(__always) func append(_ start: Int, _ end: Int) {
            bounds[written] = Int32(truncatingIfNeeded: start)
            bounds[written + 1] = Int32(truncatingIfNeeded: end)
            written += 2
        }
        var i = 0
        var line = firstLine
        while i < n {
            // A record starts at i.
            let recordLine = line, recordStart = i
            let fieldsBefore = written
            var recordEnded = false
            while !recordEnded {
                if i < n, p[i] == quote {
                    let fieldStart = i + 1
                    var read = fieldStart, write = fieldStart
                    while true {
                        guard read < n else {
                            throw CSVTable.ParseError(path: path, line: recordLine, reason: "a quoted field is not closed")
                        }
                        let c = p[read]
                        if c == quote {
                            if read + 1 < n, p[read + 1] == quote {
                                p[write] = quote
                                write += 1
                                read += 2
                                continue
                            }
                            read += 1
                            break
                        }
                        if c == newline { line += 1 }
                        p[write] = c
                        write += 1
                        read += 1
                    }
                    append(fieldStart, write)
                    i = read
                    if i == n {
                        recordEnded = true
                    } else if p[i] == comma {
                        i += 1
                        if i == n { append(n, n); recordEnded = true }
                    } else if p[i] == newline {
                        i += 1
                        line += 1
                        recordEnded = true
                    } else if p[i] == cr, i + 1 < n, p[i + 1] == newline {
                        i += 2
                        line += 1
                        recordEnded = true
                    } else {
                        throw CSVTable.ParseError(path: path, line: line, reason: "text after a closing quote")
                    }
                } else {
                    let fieldStart = i
                    var fieldEnd = n
                    scan: while i < n {
                        if i + 8 <= n, let base = p.baseAddress {
                            // Eight bytes at once: the lowest flagged byte is the first below 45 (`,` is 44,
                            // and `"`, CR and LF lie below it; digits, letters, `.` and `-` above).
                            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                            let below = (word &- 0x2D2D_2D2D_2D2D_2D2D) & ~word & 0x8080_8080_8080_8080
                            if below == 0 { i += 8; continue }
                            i += below.trailingZeroBitCount >> 3
                        }
                        let c = p[i]
                        if c > comma { i += 1; continue }
                        switch c {
                        case comma:
                            fieldEnd = i
                            i += 1
                            break scan
                        case newline:
                            fieldEnd = i
                            i += 1
                            line += 1
                            recordEnded = true
                            break scan
                        case cr where i + 1 < n && p[i + 1] == newline:
                            fieldEnd = i
                            i += 2
                            line += 1
                            recordEnded = true
                            break scan
                        case quote:
                            throw CSVTable.ParseError(path: path, line: line, reason: "a quote inside an unquoted field")
                        default:
                            i += 1
                        }
                    }
                    append(fieldStart, fieldEnd)
                    if fieldEnd == n {
                        recordEnded = true
                    } else if i == n, !recordEnded {
                        // A comma ends the text: the record's last field is empty.
                        append(n, n)
                        recordEnded = true
                    }
                }
            }
            guard i - recordStart <= CSVTable.maximumRecordLength else {
                throw CSVTable.ParseError(path: path, line: recordLine, reason: "a record longer than \(CSVTable.maximumRecordLength >> 20) MiB; "
                    + "a table row never is (is this the right file?)")
            }
            let fieldCount = (written - fieldsBefore) / 2
            let blank = fieldCount == 1 && bounds[fieldsBefore] == bounds[fieldsBefore + 1]
                && (recordStart >= n || p[recordStart] != quote)
            if blank {
                written -= 2
            } else {
                firstField.append(Int32(written / 2))
                lines.append(recordLine)
            }
        }
        return written
    }

    /// The number of records.
    public var count: Int { lines.count - start }

    /// The 1-based line record `record` starts on.
    public func line(_ record: Int) -> Int { lines[start + record] }

    /// The number of fields of `record`.
    public func fieldCount(_ record: Int) -> Int { Int(firstField[start + record + 1] - firstField[start + record]) }

    /// Calls `body` with the (unescaped) bytes of field `field` of `record`.
    public func withField<R, E: Error>(_ record: Int, _ field: Int, _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        let index = 2 * Int(firstField[start + record] + Int32(field))
        let range = Int(bounds[index])..<Int(bounds[index + 1])
        return try bytes.withUnsafeBufferPointer { all throws(E) in try body(UnsafeBufferPointer(rebasing: all[range])) }
    }

    /// Field `field` of `record` as text.
    public func string(_ record: Int, _ field: Int) -> String {
        withField(record, field) { String(decoding: $0, as: UTF8.self) }
    }

    /// The fields of `record` as text.
    public func fields(_ record: Int) -> [String] { (0..<fieldCount(record)).map { string(record, $0) } }

    /// Reads the fields `columns` of `record` as numbers (`DoubleParser`) into `values`, which holds at least
    /// `columns.count` entries (every column below `fieldCount(record)`); returns the position in `columns` of
    /// the first field that is not a finite number, or nil when all are.
    public func finiteDoubles(_ record: Int, columns: [Int], into values: UnsafeMutableBufferPointer<Double>) -> Int? {
        let first = 2 * Int(firstField[start + record])
        return bytes.withUnsafeBufferPointer { all in
            bounds.withUnsafeBufferPointer { bounds in
                guard let base = all.baseAddress else { return columns.isEmpty ? nil : 0 }
                for position in columns.indices {
                    let index = first + 2 * columns[position]
                    let start = Int(bounds[index])
                    let field = UnsafeBufferPointer(start: base + start, count: Int(bounds[index + 1]) - start)
                    guard let value = DoubleParser.parse(field, readable: all.count - start), value.isFinite else { return position }
                    values[position] = value
                }
                return nil
            }
        }
    }

    /// The block without its first record (the header, once it has been read).
    public func droppingFirstRecord() -> CSVBlock {
        var rest = self
        rest.start = min(start + 1, lines.count)
        return rest
    }
}
