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

    /// Parses `text`; `path` names the file in errors.
    public init(parsing text: String, path: String) throws(ParseError) {
        try self.init(parsing: Array(text.utf8), path: path)
    }

    /// Parses UTF-8 bytes; `path` names the file in errors. Works on bytes (the structural characters are
    /// ASCII), so a 60,000-row dataset parses in a fraction of a second.
    public init(parsing bytes: [UInt8], path: String) throws(ParseError) {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            let blank = fields.isEmpty && field.isEmpty && !fieldWasQuoted
            endField()
            if !blank { records.append(Record(fields: fields, line: recordLine)) }
            fields = []
            fieldWasQuoted = false
        }

        while index < bytes.count {
            let c = bytes[index]
            if inQuotes {
                if c == quote {
                    if index + 1 < bytes.count && bytes[index + 1] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == newline { line += 1 }
                    field.append(c)
                }
            } else {
                switch c {
                case comma:
                    endField()
                    fieldWasQuoted = false
                case quote where field.isEmpty && !fieldWasQuoted:
                    inQuotes = true
                    fieldWasQuoted = true
                case quote:
                    throw ParseError(path: path, line: line, reason: "a quote inside an unquoted field")
                case cr where index + 1 < bytes.count && bytes[index + 1] == newline:
                    break
                case newline:
                    endRecord()
                    line += 1
                    recordLine = line
                default:
                    if fieldWasQuoted {
                        throw ParseError(path: path, line: line, reason: "text after a closing quote")
                    }
                    field.append(c)
                }
            }
            index += 1
        }
        if inQuotes {
            throw ParseError(path: path, line: recordLine, reason: "a quoted field is not closed")
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        guard let first = records.first else {
            throw ParseError(path: path, line: 1, reason: "the file is empty (no header)")
        }
        header = first.fields
        self.records = Array(records.dropFirst())
    }

    /// Reads and parses the file at `path`, gzip-compressed or not (told by its first bytes).
    public init(contentsOf path: String) throws(ParseError) {
        var bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path)
            if Gzip.isCompressed(bytes) { bytes = try Gzip.decompress(path: path) }
        } catch {
            throw ParseError(path: path, line: 0, reason: error.reason)
        }
        try self.init(parsing: bytes, path: path)
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
