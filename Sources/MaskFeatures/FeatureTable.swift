import FileIO

/// The features table in the design's formats: CSV (`file,status,<the set's columns>,error`) or JSON Lines.
/// A table with masks from a NumPy stack has a last column `index`, each such mask's position in its stack
/// (empty for mask files), which `latent assemble` joins on.
///
/// Numbers are written in Swift's shortest round-trip form, so they read back to the same Double.
public enum FeatureTable {
    /// The output formats.
    public enum Format: String, Sendable, CaseIterable {
        /// Comma-separated values with a header line.
        case csv
        /// One JSON object per line.
        case jsonl

        /// The format an output named `path` says, when none is given: JSON Lines for a name ending in `.jsonl`
        /// or `.ndjson` (before a `.gz`), else CSV.
        public init(outputNamed path: String) {
            let name = Gzip.uncompressedName(path).lowercased()
            self = name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") ? .jsonl : .csv
        }
    }

    /// The CSV header fields of a table of the feature `columns`, with the `index` column or without.
    public static func header(_ columns: [String], index: Bool = false) -> [String] {
        ["file", "status"] + columns + ["error"] + (index ? [indexColumn] : [])
    }

    /// The column of a stack mask's position in its stack.
    public static let indexColumn = "index"

    /// Writes the table to `path` atomically (or into an existing device or FIFO), gzip-compressed when the name
    /// ends in `.gz`; a CSV written to a regular file gets its settings beside it (`F.csv.json`), JSON Lines
    /// records carry them.
    ///
    /// - Parameter indexColumn: whether the table has the `index` column; by default, when a row has an index.
    ///   A command passes whether its inputs hold a stack, so that every shard of a run has the same columns.
    public static func write(_ rows: [FeatureRow], as format: Format, settings: FeatureTableSettings, indexColumn: Bool? = nil,
                             to path: String) throws(OutputError) {
        let text = Array(render(rows, as: format, settings: settings, indexColumn: indexColumn).utf8)
        var sidecar: FeatureTableSettings?
        if format == .csv, OutputDestination(path: path).isFile {
            sidecar = settings
            sidecar?.rowSample = TableRowSample(of: rows)
        }
        do {
            try PairLock.withLock(beside: path, exclusive: true) {
                try Gzip.writeAsNamed(text, to: path)
                try sidecar?.write(beside: path)
            }
        } catch let error as OutputError {
            throw error
        } catch {
            throw OutputError(path: path, reason: "\(error)")
        }
    }

    /// The table at `path` and its settings file (nil when there is none), read as one pair (`PairLock`): a run
    /// writing the same table at the same time never mixes its settings with this table. A JSON Lines table
    /// (`FeatureLines`) carries its settings in its records. A settings file whose sampled rows the table holds
    /// otherwise (`TableRowSample`) was written with another table, and is an error: its settings are not this
    /// table's. The settings returned hold no row sample.
    public static func readWithSettings(_ path: String) throws -> (set: FeatureSet, realism: Bool, rows: [FeatureRow],
                                                                   settings: FeatureTableSettings?) {
        try PairLock.withLock(beside: path, exclusive: false) {
            if FeatureLines.isJSONLines(path) { return try FeatureLines.read(path) }
            let table = try readCSV(path)
            var settings = try FeatureTableSettings.read(beside: path)
            if let mismatch = settings?.rowSample?.mismatch(in: table.rows) {
                throw ModelFileError.invalid("\(FeatureTableSettings.sidecarRead(beside: path)) was written with another table than \(path) "
                    + "holds (\(mismatch)): measured again, or another run's table copied over it, its settings may not be this table's; "
                    + "measure the table again, or move the settings file away and state how the table was measured (--threshold, "
                    + "--dilation-radius, --reference)")
            }
            settings?.rowSample = nil
            return (table.set, table.realism, table.rows, settings)
        }
    }

    /// The table as text in `format`, one line per row, in the order given; JSON Lines records carry `settings`, and
    /// the `width` and `height` of a row's mask when it has a size (a CSV's settings file records its sizes).
    public static func render(_ rows: [FeatureRow], as format: Format, settings: FeatureTableSettings, indexColumn: Bool? = nil) -> String {
        var text = ""
        let columns = settings.columns
        let hasIndex = indexColumn ?? rows.contains { $0.index != nil }
        switch format {
        case .csv:
            text += CSVField.line(header(columns, index: hasIndex)) + "\n"
            for row in rows {
                let numbers = row.values?.map { "\($0)" } ?? Array(repeating: "", count: columns.count)
                let index = hasIndex ? [row.index.map(String.init) ?? ""] : []
                text += CSVField.line([row.file, row.status.rawValue] + numbers + [row.error ?? ""] + index) + "\n"
            }
        case .jsonl:
            for row in rows {
                var fields = ["\"file\":\(JSONText.string(row.file))", "\"status\":\"\(row.status.rawValue)\""]
                let values = row.values
                for (index, name) in columns.enumerated() {
                    fields.append("\"\(name)\":" + (values.map { "\($0[index])" } ?? "null"))
                }
                fields.append("\"error\":" + (row.error.map(JSONText.string) ?? "null"))
                if hasIndex { fields.append("\"\(Self.indexColumn)\":" + (row.index.map(String.init) ?? "null")) }
                if let size = row.size { fields.append("\"width\":\(size.width),\"height\":\(size.height)") }
                fields.append(settings.jsonLinesFields)
                text += "{" + fields.joined(separator: ",") + "}\n"
            }
        }
        return text
    }

    /// Reads a features table: JSON Lines as `FeatureLines` reads it, else a CSV written by `render(_:as: .csv)`: its set (and whether it has realism columns) is
    /// what the header's feature columns are (`FeatureSet.parse(header:)`), found by name, so that a table that
    /// went through pandas (`to_csv` adds an index column; a selection may reorder the columns) reads the same.
    /// A row with a bad status, or an `ok` row with a feature that is not a finite number, is read as an `error`
    /// row whose reason names the file, the line and the field: one bad row never stops a batch, and every
    /// consumer reports it as it reports a mask it could not read. A file listed more than once is one `error` row (`FeatureRow.listedOnce`). A malformed table
    /// (header, field counts, quoting) throws, naming the file and line.
    public static func read(_ path: String) throws(CSVTable.ParseError) -> (set: FeatureSet, realism: Bool, rows: [FeatureRow]) {
        if FeatureLines.isJSONLines(path) {
            let table = try FeatureLines.read(path)
            return (table.set, table.realism, table.rows)
        }
        return try readCSV(path)
    }

    /// The CSV table at `path`, as `read` describes it.
    private static func readCSV(_ path: String) throws(CSVTable.ParseError) -> (set: FeatureSet, realism: Bool, rows: [FeatureRow]) {
        let table = try CSVTable(contentsOf: path)
        let file = try table.column("file", path: path)
        let status = try table.column("status", path: path)
        let named = table.header.filter { !["file", "status", "error", Self.indexColumn].contains($0) }
        for name in named where FeatureSet.featureColumns.contains(name) { _ = try table.column(name, path: path) }
        guard let (set, realism) = FeatureSet.parse(header: named) else {
            if let earlier = FeatureSet.earlierRealism(columns: named.filter(FeatureSet.featureColumns.contains)) {
                throw CSVTable.ParseError(path: path, line: 1, reason: earlier)
            }
            throw CSVTable.ParseError(path: path, line: 1, reason: "the feature columns ("
                + (named.isEmpty ? "none" : named.joined(separator: ",")) + ") are not those of a feature set ("
                + FeatureSet.allCases.map { "\($0.rawValue): \($0.columns.joined(separator: ","))" }.joined(separator: "; ") + ")")
        }
        var featureColumns: [Int] = []
        let names = set.columns(realism: realism)
        for name in names { featureColumns.append(try table.column(name, path: path)) }
        let errorColumn = table.header.firstIndex(of: "error")
        let indexColumn = table.header.firstIndex(of: Self.indexColumn)
        var rows: [FeatureRow] = []
        for record in table.records {
            let fields = try table.fields(of: record, path: path)
            let index = try CSVTable.index(in: record, column: indexColumn, path: path)
            var row: FeatureRow
            switch FeatureStatus(rawValue: fields[status]) {
            case .ok:
                var values: [Double] = []
                for (_, column) in zip(names, featureColumns) {
                    guard let value = Double(fields[column]), value.isFinite else { break }
                    values.append(value)
                }
                if values.count == names.count {
                    row = .ok(fields[file], values)
                } else {
                    let column = featureColumns[values.count]
                    row = .error(fields[file], "\(path):\(record.line): \(names[values.count]) is not a finite number: "
                                    + Excerpt.quoted(fields[column]))
                }
            case .empty:
                row = .empty(fields[file])
            case .error:
                row = .error(fields[file], errorColumn.map { fields[$0] } ?? "error")
            case nil:
                row = .error(fields[file], "\(path):\(record.line): status must be ok, empty or error, got "
                                + Excerpt.quoted(fields[status]))
            }
            row.index = index
            rows.append(row)
        }
        return (set, realism, FeatureRow.listedOnce(rows))
    }
}
