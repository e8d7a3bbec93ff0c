import FileIO

/// The features table in DESIGN's formats: CSV (`file,status,<six features>,error`) or JSON Lines.
///
/// Numbers are written in Swift's shortest round-trip form, so they read back to the same Double.
public enum FeatureTable {
    /// The output formats.
    public enum Format: String, Sendable, CaseIterable {
        /// Comma-separated values with a header line.
        case csv
        /// One JSON object per line.
        case jsonl
    }

    /// The CSV header fields.
    public static let header = ["file", "status"] + SymmetryFeatures.names + ["error"]

    /// Writes the table to `path` atomically (or into an existing device or FIFO); a CSV written to a regular
    /// file gets its settings beside it (`F.csv.json`), JSON Lines records carry them.
    public static func write(_ rows: [FeatureRow], as format: Format, settings: FeatureTableSettings, to path: String) throws(OutputError) {
        try AtomicFile.write(Array(render(rows, as: format, settings: settings).utf8), to: path)
        if format == .csv, FileIdentity(path: path)?.isRegularFile == true { try settings.write(beside: path) }
    }

    /// The table as text in `format`, one line per row, in the order given; JSON Lines records carry `settings`.
    public static func render(_ rows: [FeatureRow], as format: Format, settings: FeatureTableSettings) -> String {
        var text = ""
        switch format {
        case .csv:
            text += CSVField.line(header) + "\n"
            for row in rows {
                let numbers = row.features?.values.map { "\($0)" } ?? Array(repeating: "", count: 6)
                text += CSVField.line([row.file, row.status.rawValue] + numbers + [row.error ?? ""]) + "\n"
            }
        case .jsonl:
            for row in rows {
                var fields = ["\"file\":\(JSONText.string(row.file))", "\"status\":\"\(row.status.rawValue)\""]
                let values = row.features?.values
                for (index, name) in SymmetryFeatures.names.enumerated() {
                    fields.append("\"\(name)\":" + (values.map { "\($0[index])" } ?? "null"))
                }
                fields.append("\"error\":" + (row.error.map(JSONText.string) ?? "null"))
                fields.append(settings.jsonLinesFields)
                text += "{" + fields.joined(separator: ",") + "}\n"
            }
        }
        return text
    }

    /// Reads a features CSV written by `render(_:as: .csv)` (columns found by name). A row with a bad status
    /// or a feature that is not a finite number throws, naming the file and line.
    public static func read(_ path: String) throws(CSVTable.ParseError) -> [FeatureRow] {
        let table = try CSVTable(contentsOf: path)
        let file = try table.column("file", path: path)
        let status = try table.column("status", path: path)
        var featureColumns: [Int] = []
        for name in SymmetryFeatures.names { featureColumns.append(try table.column(name, path: path)) }
        let errorColumn = table.header.firstIndex(of: "error")
        var rows: [FeatureRow] = []
        for record in table.records {
            let fields = record.fields
            guard fields.count == table.header.count else {
                throw CSVTable.ParseError(path: path, line: record.line,
                                          reason: "\(fields.count) fields where the header has \(table.header.count)")
            }
            switch FeatureStatus(rawValue: fields[status]) {
            case .ok:
                var values: [Double] = []
                for (name, column) in zip(SymmetryFeatures.names, featureColumns) {
                    guard let value = Double(fields[column]), value.isFinite else {
                        throw CSVTable.ParseError(path: path, line: record.line,
                                                  reason: "\(name) is not a finite number: \(Excerpt.quoted(fields[column]))")
                    }
                    values.append(value)
                }
                guard let features = SymmetryFeatures(values: values) else { continue }
                rows.append(.ok(fields[file], features))
            case .empty:
                rows.append(.empty(fields[file]))
            case .error:
                rows.append(.error(fields[file], errorColumn.map { fields[$0] } ?? "error"))
            case nil:
                throw CSVTable.ParseError(path: path, line: record.line,
                                          reason: "status must be ok, empty or error, got \(Excerpt.quoted(fields[status]))")
            }
        }
        return rows
    }
}
