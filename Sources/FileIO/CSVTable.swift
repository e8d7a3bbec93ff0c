/// A CSV file read into records (RFC 4180: quoted fields may hold commas, quotes and line breaks; a BOM and
/// CRLF line ends are accepted), each with the physical line it starts on (1-based, the header is line 1).
public struct CSVTable: Sendable {
    /// One record and where it starts.
    public struct Record: Sendable {
        /// The fields.
        public let fields: [String]
        /// The 1-based line the record starts on.
        public let line: Int
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
        var parser = Parser(path: path)
        try bytes.withUnsafeBufferPointer { chunk throws(ParseError) in try parser.feed(chunk) }
        (header, records) = try parser.finish()
    }

    /// Reads and parses the file at `path`, gzip-compressed or not (zlib tells them apart), streaming: memory
    /// holds the records, never the whole text.
    public init(contentsOf path: String) throws(ParseError) {
        var parser = Parser(path: path)
        do {
            let reader = try ChunkReader(path: path)
            while let chunk = try reader.next() {
                try chunk.withUnsafeBufferPointer { chunk throws(ParseError) in try parser.feed(chunk) }
            }
        } catch let error as ParseError {
            throw error
        } catch let error as FileBytes.ReadError {
            throw ParseError(path: path, line: 0, reason: error.reason)
        } catch {
            throw ParseError(path: path, line: 0, reason: "\(error)")
        }
        (header, records) = try parser.finish()
    }

    /// An RFC 4180 parser fed bytes in chunks of any size. Works on bytes (the structural characters are ASCII),
    /// so a 60,000-row dataset parses in a fraction of a second.
    struct Parser {
        private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let path: String
        private var records: [Record] = []
        private var fields: [String] = []
        private var field: [UInt8] = []
        private var inQuotes = false
        private var fieldWasQuoted = false
        /// A quote seen inside quotes whose meaning (escaped quote or end) the next byte decides.
        private var quotePending = false
        /// A carriage return whose meaning (CRLF or a plain byte) the next byte decides.
        private var carriageReturnPending = false
        private var line = 1
        private var recordLine = 1
        private var recordLength = 0
        /// The first bytes, until a byte-order mark is ruled out or dropped.
        private var started = false
        private var lead: [UInt8] = []

        init(path: String) { self.path = path }

        mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) throws(ParseError) {
            var bytes = chunk[...]
            if !started {
                lead += bytes.prefix(3 - lead.count)
                bytes = bytes.dropFirst(min(bytes.count, 3))
                guard lead.count == 3 else { return }
                started = true
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                if lead != bom { for byte in lead { try consume(byte) } }
            }
            for byte in bytes { try consume(byte) }
        }

        mutating func finish() throws(ParseError) -> (header: [String], records: [Record]) {
            if !started {
                started = true
                for byte in lead { try consume(byte) }
            }
            if quotePending { quotePending = false; inQuotes = false }
            if carriageReturnPending { carriageReturnPending = false; try plain(Self.cr) }
            if inQuotes {
                throw ParseError(path: path, line: recordLine, reason: "a quoted field is not closed")
            }
            if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
            guard let first = records.first else {
                throw ParseError(path: path, line: 1, reason: "the file is empty (no header)")
            }
            return (first.fields, Array(records.dropFirst()))
        }

        private mutating func consume(_ c: UInt8) throws(ParseError) {
            recordLength += 1
            guard recordLength <= CSVTable.maximumRecordLength else {
                throw ParseError(path: path, line: recordLine, reason: "a record longer than \(CSVTable.maximumRecordLength >> 20) MiB; "
                    + "a table row never is (is this the right file?)")
            }
            if quotePending {
                quotePending = false
                if c == Self.quote {
                    field.append(Self.quote)
                    return
                }
                inQuotes = false
            }
            if carriageReturnPending {
                carriageReturnPending = false
                if c != Self.newline { try plain(Self.cr) }
            }
            if inQuotes {
                if c == Self.quote {
                    quotePending = true
                } else {
                    if c == Self.newline { line += 1 }
                    field.append(c)
                }
                return
            }
            if c == Self.cr {
                carriageReturnPending = true
                return
            }
            try plain(c)
        }

        /// A byte outside quotes.
        private mutating func plain(_ c: UInt8) throws(ParseError) {
            switch c {
            case Self.comma:
                endField()
                fieldWasQuoted = false
            case Self.quote where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
            case Self.quote:
                throw ParseError(path: path, line: line, reason: "a quote inside an unquoted field")
            case Self.newline:
                endRecord()
                line += 1
                recordLine = line
                recordLength = 0
            default:
                if fieldWasQuoted {
                    throw ParseError(path: path, line: line, reason: "text after a closing quote")
                }
                field.append(c)
            }
        }

        private mutating func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }

        private mutating func endRecord() {
            let blank = fields.isEmpty && field.isEmpty && !fieldWasQuoted
            endField()
            if !blank { records.append(Record(fields: fields, line: recordLine)) }
            fields = []
            fieldWasQuoted = false
        }
    }

    /// The index of the header field `name`; throws when it is missing or appears twice.
    public func column(_ name: String, path: String) throws(ParseError) -> Int {
        let matches = header.indices.filter { header[$0] == name }
        guard matches.count == 1 else {
            throw ParseError(path: path, line: 1, reason: matches.isEmpty
                ? "no column named \(name) in the header" : "the column \(name) appears \(matches.count) times")
        }
        return matches[0]
    }
}
