import FileIO

/// A features table in JSON Lines (`features --format jsonl`), read back: one object per line with `file`,
/// `status`, the set's feature columns (`null` for an empty or unreadable mask), `error`, `index` for a stack's
/// masks, and the settings (`grey_threshold`, `dilation_radius`, `feature_set`, `reference_digest`,
/// `reference_folder`, `reference_member`, `tool_version`), which every record carries and must carry alike (the
/// tool version aside), and the `width` and `height` of a measured mask, which make the table's `MaskSizes`. Rows
/// read as the
/// CSV's do (`FeatureTable.read`): a bad row is an `error` row naming the file, the line and the field, and a
/// malformed record throws, naming the line.
enum FeatureLines {
    /// Whether the file at `path`, gzip-compressed or not (`LineReader`), begins, after white space, with `{`: a
    /// JSON Lines table, never a CSV one (whose header is `file,...`).
    static func isJSONLines(_ path: String) -> Bool {
        guard let reader = try? LineReader(path: path) else { return false }
        while let line = try? reader.next() {  // without a byte order mark
            guard let first = line.first(where: { ![9, 13, 32].contains($0) }) else { continue }
            return first == UInt8(ascii: "{")
        }
        return false
    }

    /// The table at `path`: its set, whether it has realism columns, its rows, and the settings its records carry.
    static func read(_ path: String) throws(CSVTable.ParseError) -> (set: FeatureSet, realism: Bool, rows: [FeatureRow],
                                                                        settings: FeatureTableSettings) {
        let reader: LineReader
        do {
            reader = try LineReader(path: path)
        } catch {
            throw CSVTable.ParseError(path: path, line: 0, reason: error.reason)
        }
        var settings: (value: FeatureTableSettings, line: Int)?
        var rows: [FeatureRow] = []
        var budget = MemoryBudget()
        while true {
            let next: ArraySlice<UInt8>?
            do {
                next = try reader.next()
            } catch {
                throw CSVTable.ParseError(path: path, line: reader.lineNumber + 1, reason: error.reason)
            }
            guard let bytes = next else { break }
            let line = reader.lineNumber
            guard bytes.contains(where: { ![9, 13, 32].contains($0) }) else { continue }
            let record: [String: Value]
            do {
                record = try Self.values(Array(bytes))
            } catch {
                throw CSVTable.ParseError(path: path, line: line, reason: "\(error)")
            }
            let recorded = try Self.settings(record, path: path, line: line)
            if let first = settings {
                if let difference = recorded.difference(from: first.value) {
                    throw CSVTable.ParseError(path: path, line: line, reason: "measured otherwise than line \(first.line): \(difference)")
                }
            } else {
                settings = (recorded, line)
            }
            let row = try Self.row(record, columns: recorded.columns, path: path, line: line)
            rows.append(row)
            try budget.take(row.heldBytes, count: rows.count, what: "rows", line: line, of: path)
        }
        guard var settings = settings?.value else { throw CSVTable.ParseError(path: path, line: 1, reason: "the JSON Lines table holds no record") }
        settings.maskSizes = MaskSizes(of: rows)
        return (settings.featureSet, settings.referenceDigest != nil, FeatureRow.listedOnce(rows), settings)
    }

    /// A member's value: text, a number as written (read as the CSV's are), null, or another JSON value
    /// (true, false, an array, an object), as written.
    enum Value {
        case text(String)
        case number(String)
        case null
        case other(String)

        /// The value as a whole number >= 0, when it is one, however written (`57`, or `57.0` as pandas writes an
        /// integer column that holds a null: `RowIndex`).
        var whole: Int? {
            if case .number(let written) = self { RowIndex.parse(written) } else { nil }
        }

        /// The value as a finite number, when it is one.
        var finite: Double? {
            if case .number(let written) = self, let value = Double(written), value.isFinite { return value }
            return nil
        }

        /// The value as written (a string's text without its quotes), for messages.
        var written: String {
            switch self {
            case .text(let text), .number(let text), .other(let text): text
            case .null: "null"
            }
        }
    }

    /// The members of the JSON object `bytes`, each value as `Value`: strings decoded, numbers kept as written.
    static func values(_ bytes: [UInt8]) throws(JSONMembers.Malformed) -> [String: Value] {
        var values: [String: Value] = [:]
        for member in try JSONMembers(bytes).members {
            let raw = bytes[member.value]
            let written = String(decoding: raw, as: UTF8.self)
            switch raw.first ?? 0 {
            case UInt8(ascii: "\""):
                values[member.key] = JSONMembers.text(of: raw).map(Value.text) ?? .other(written)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                values[member.key] = .number(written)
            default:
                values[member.key] = written == "null" ? .null : .other(written)
            }
        }
        return values
    }

    /// The settings a record carries; a missing or out-of-range one throws.
    private static func settings(_ record: [String: Value], path: String, line: Int) throws(CSVTable.ParseError) -> FeatureTableSettings {
        func text(_ key: String) throws(CSVTable.ParseError) -> String? {
            switch record[key] {
            case nil, .null?: return nil
            case .text(let value)?: return value
            default: throw CSVTable.ParseError(path: path, line: line, reason: "\(key) must be text or null")
            }
        }
        func whole(_ key: String) throws(CSVTable.ParseError) -> Int {
            guard let value = record[key]?.whole else {
                throw CSVTable.ParseError(path: path, line: line, reason: "\(key) must be a whole number (the record's settings)")
            }
            return value
        }
        guard let name = try text("feature_set"), let set = FeatureSet(rawValue: name) else {
            throw CSVTable.ParseError(path: path, line: line, reason: "feature_set must be one of "
                + FeatureSet.allCases.map(\.rawValue).joined(separator: ", ") + " (the record's settings)")
        }
        let (grey, radius) = (try whole("grey_threshold"), try whole("dilation_radius"))
        let (digest, folder, member) = (try text("reference_digest"), try text("reference_folder"), try text("reference_member"))
        let version = try text("tool_version") ?? "unknown"
        do {
            return try FeatureTableSettings(greyThreshold: grey, dilationRadius: radius, featureSet: set, referenceDigest: digest,
                                            referenceFolder: folder, referenceMember: member, toolVersion: version)
        } catch {
            throw CSVTable.ParseError(path: path, line: line, reason: "\(error.field): \(error)")
        }
    }

    /// The row a record holds: as `FeatureTable.read` reads a CSV record.
    private static func row(_ record: [String: Value], columns: [String], path: String, line: Int) throws(CSVTable.ParseError) -> FeatureRow {
        guard case .text(let file)? = record["file"] else {
            throw CSVTable.ParseError(path: path, line: line, reason: "file must be text")
        }
        let status: FeatureStatus? = if case .text(let name)? = record["status"] { FeatureStatus(rawValue: name) } else { nil }
        var row: FeatureRow
        switch status {
        case .ok:
            let values = columns.prefix { record[$0]?.finite != nil }.compactMap { record[$0]?.finite }
            row = values.count == columns.count ? .ok(file, values)
                : .error(file, "\(path):\(line): \(columns[values.count]) is not a finite number: "
                            + Excerpt.quoted(record[columns[values.count]]?.written ?? "missing"))
        case .empty:
            row = .empty(file)
        case .error:
            if case .text(let reason)? = record["error"] { row = .error(file, reason) } else { row = .error(file, "error") }
        case nil:
            row = .error(file, "\(path):\(line): status must be ok, empty or error, got " + Excerpt.quoted(record["status"]?.written ?? "missing"))
        }
        switch record[FeatureTable.indexColumn] {
        case nil, .null?:
            break
        case let value? where value.whole != nil:
            row.index = value.whole
        default:
            throw CSVTable.ParseError(path: path, line: line, reason: "index must be a whole number >= 0 or null")
        }
        switch (record["width"], record["height"]) {
        case (nil, nil), (.null?, .null?):
            return row
        case (let width?, let height?):
            if let width = width.whole, let height = height.whole, let size = MaskSize(width: width, height: height) {
                if row.status != .error { row.size = size }
                return row
            }
        default:
            break
        }
        throw CSVTable.ParseError(path: path, line: line, reason: "width and height must both be whole numbers in \(MaskSize.sides), "
            + "or both absent or null")
    }
}
