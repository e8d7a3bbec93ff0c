/// A CSV file read into records (RFC 4180: quoted fields may hold commas, quotes and line breaks; a BOM and
/// CRLF line ends are accepted), each with the physical line it starts on (1-based, the header is line 1).
public struct CSVTable: Sendable {
    /// One record and where it starts.
    public struct Record: Sendable {
        /// The fields.
        public let fields: [String]
        /// The 1-based line the record starts on.
        public let line: Int

        /// What the record takes in memory (`MemoryBudget`): itself, in the array of records it grows in, its array
        /// of fields and each field's text.
        var heldBytes: Int {
            MemoryBudget.grownElementBytes(stride: MemoryLayout<Record>.stride)
                + MemoryBudget.arrayBytes(count: fields.count, stride: MemoryLayout<String>.stride)
                + fields.reduce(0) { $0 + MemoryBudget.stringBytes($1) - MemoryLayout<String>.stride }
        }
    }

    /// The header fields.
    public let header: [String]
    /// The records after the header (blank lines skipped).
    public let records: [Record]

    /// A CSV error: the file and line, and what is wrong there.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The file.
        public let path: String
        /// The 1-based line.
        public let line: Int
        /// What is wrong.
        public let reason: String
        /// An error at `line` of `path`.
        public init(path: String, line: Int, reason: String) {
            self.path = path
            self.line = line
            self.reason = reason
        }

        /// `path:line: reason` (`path: reason` when the line is 0, about the whole file).
        public var description: String { line > 0 ? "\(path):\(line): \(reason)" : "\(path): \(reason)" }
    }

    /// The longest record read, in bytes: 16 MiB, far beyond any table row. A longer one is an error, so that a
    /// file of one endless line (a gzip bomb, say) costs neither unbounded memory nor time.
    public static let maximumRecordLength = 1 << 24

    /// Parses `text`; `path` names the file in errors.
    public init(parsing text: String, path: String) throws(ParseError) {
        try self.init(parsing: Array(text.utf8), path: path)
    }

    /// Parses UTF-8 bytes; `path` names the file in errors.
    public init(parsing bytes: [UInt8], path: String) throws(ParseError) {
        let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let block: CSVBlock
        do {
            block = try CSVBlock(text, firstLine: 1, path: path)
        } catch {
            throw Self.withSeparatorHint(error, firstLine: text)
        }
        guard block.count > 0 else { throw ParseError(path: path, line: 1, reason: "the file is empty (no header)") }
        header = block.fields(0)
        records = Self.records(of: block.droppingFirstRecord())
    }

    /// Reads and parses the file at `path`, gzip-compressed or not (zlib tells them apart), streaming: memory
    /// holds the records, never the whole text. Records that would take more than `budget` are an error at the
    /// line where it runs out.
    public init(contentsOf path: String, budget: MemoryBudget = MemoryBudget()) throws(ParseError) {
        let stream = try CSVStream(contentsOf: path)
        var records: [Record] = []
        var budget = budget
        try stream.forEachBlock(jobs: 1, transform: Self.records) { (block: [Record]) throws(ParseError) in
            records += block
            guard let last = block.last else { return }
            try budget.take(block.reduce(0) { $0 + $1.heldBytes }, count: records.count, what: "records", line: last.line, of: path)
        }
        header = stream.header
        self.records = records
    }

    private static func records(of block: CSVBlock) -> [Record] {
        (0..<block.count).map { Record(fields: block.fields($0), line: block.line($0)) }
    }

    /// The fields of `record`, checked to be as many as the header's (a table of the file `path`).
    public func fields(of record: Record, path: String) throws(ParseError) -> [String] {
        guard record.fields.count == header.count else {
            throw ParseError(path: path, line: record.line, reason: "\(record.fields.count) fields where the header has \(header.count)")
        }
        return record.fields
    }

    /// The position a stack's row names in the optional `index` column of `record` (`FILE.npy[i]` tables): nil
    /// without the column or when the field is blank; throws unless it is a whole number >= 0 (`RowIndex`).
    public static func index(in record: Record, column: Int?, path: String) throws(ParseError) -> Int? {
        guard let column, column < record.fields.count else { return nil }
        return try index(record.fields[column], line: record.line, path: path)
    }

    /// The position an `index` column's `field` names, at `line` of the file `path`: nil when it is blank; throws
    /// unless it is a whole number >= 0 (`RowIndex`).
    public static func index(_ field: String, line: Int, path: String) throws(ParseError) -> Int? {
        guard !field.isEmpty else { return nil }
        guard let value = RowIndex.parse(field) else {
            throw ParseError(path: path, line: line, reason: "index must be a whole number >= 0 or empty, got \(Excerpt.quoted(field))")
        }
        return value
    }

    /// The index of the header field `name`; throws when it is missing or appears twice.
    public func column(_ name: String, path: String) throws(ParseError) -> Int {
        try Self.column(name, in: header, path: path)
    }

    /// What to add to an error in a file whose header, `firstLine` read as one field, holds another separator and
    /// no comma: a table saved by a spreadsheet (';') or as TSV. Nil when it holds none.
    static func otherSeparator(in firstLine: String) -> String? {
        guard !firstLine.contains(",") else { return nil }
        return [(";", "';'"), ("\t", "tabs")].first { firstLine.contains($0.0) }
            .map { "; the file looks separated by \($0.1), and ganfilter reads comma-separated CSV" }
    }

    /// `error`, at a record of a file whose first line is `firstLine`, with `otherSeparator(in:)` added: a quote in a
    /// field of a table separated otherwise fails before its header is read.
    static func withSeparatorHint(_ error: ParseError, firstLine: some Collection<UInt8>) -> ParseError {
        let line = String(decoding: firstLine.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        return otherSeparator(in: line).map { ParseError(path: error.path, line: error.line, reason: error.reason + $0) } ?? error
    }

    /// The index of `name` in `header` (of the file `path`); throws when it is missing or appears twice.
    public static func column(_ name: String, in header: [String], path: String) throws(ParseError) -> Int {
        let matches = header.indices.filter { header[$0] == name }
        guard matches.count == 1 else {
            let found = Excerpt.quoted(header.joined(separator: ","))
            throw ParseError(path: path, line: 1, reason: matches.isEmpty
                ? "no column named \(name) in the header (it is \(found))" + (header.count == 1 ? otherSeparator(in: header[0]) ?? "" : "")
                : "the column \(name) appears \(matches.count) times")
        }
        return matches[0]
    }
}
