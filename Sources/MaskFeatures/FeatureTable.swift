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

    /// The CSV table at `path`, as `read` describes it. The file is read block by block, and each block's records
    /// become rows at once: memory holds the rows, never the records' text (a table of 200,000 rows took 600 MB
    /// as records of strings).
    private static func readCSV(_ path: String) throws(CSVTable.ParseError) -> (set: FeatureSet, realism: Bool, rows: [FeatureRow]) {
        let stream = try CSVStream(contentsOf: path)
        let header = stream.header
        let file = try CSVTable.column("file", in: header, path: path)
        let status = try CSVTable.column("status", in: header, path: path)
        let named = header.filter { !["file", "status", "error", Self.indexColumn].contains($0) }
        for name in named where FeatureSet.featureColumns.contains(name) { _ = try CSVTable.column(name, in: header, path: path) }
        guard let (set, realism) = FeatureSet.parse(header: named) else {
            if let earlier = FeatureSet.earlierRealism(columns: named.filter(FeatureSet.featureColumns.contains)) {
                throw CSVTable.ParseError(path: path, line: 1, reason: earlier)
            }
            throw CSVTable.ParseError(path: path, line: 1, reason: "the feature columns ("
                + (named.isEmpty ? "none" : named.joined(separator: ",")) + ") are not those of a feature set ("
                + FeatureSet.allCases.map { "\($0.rawValue): \($0.columns.joined(separator: ","))" }.joined(separator: "; ") + ")")
        }
        let names = set.columns(realism: realism)
        var featureColumns: [Int] = []
        for name in names { featureColumns.append(try CSVTable.column(name, in: header, path: path)) }
        let columns = Columns(file: file, status: status, features: featureColumns, names: names,
                              error: header.firstIndex(of: "error"), index: header.firstIndex(of: Self.indexColumn), count: header.count)
        var rows: [FeatureRow] = []
        rows.reserveCapacity(min(stream.fileSize / (16 * max(1, names.count)), 1 << 22))
        var budget = MemoryBudget()
        try stream.forEachBlock(jobs: 1, transform: { block throws(CSVTable.ParseError) in
            (try Self.rows(of: block, columns, path: path), block.count > 0 ? block.line(block.count - 1) : 0)
        }) { (read: (rows: [FeatureRow], line: Int)) throws(CSVTable.ParseError) in
            rows += read.rows
            try budget.take(read.rows.reduce(0) { $0 + $1.heldBytes }, count: rows.count, what: "rows", line: read.line, of: path)
        }
        return (set, realism, FeatureRow.listedOnce(rows))
    }

    /// Where a CSV table's columns are: its file, status, feature columns (with their names), error and index
    /// columns, and how many fields a record holds.
    private struct Columns: Sendable {
        let file: Int, status: Int, features: [Int], names: [String], error: Int?, index: Int?, count: Int
    }

    /// The rows of the records of `block`, a block of the table `path`; throws at a record of another number of
    /// fields than the header's, or with an index that is not one (`CSVTable.index`).
    private static func rows(of block: CSVBlock, _ columns: Columns, path: String) throws(CSVTable.ParseError) -> [FeatureRow] {
        var rows: [FeatureRow] = []
        rows.reserveCapacity(block.count)
        var values = [Double](repeating: 0, count: columns.features.count)
        for record in 0..<block.count {
            let line = block.line(record)
            guard block.fieldCount(record) == columns.count else {
                throw CSVTable.ParseError(path: path, line: line, reason: "\(block.fieldCount(record)) fields where the header has \(columns.count)")
            }
            let index = try columns.index.flatMap { column throws(CSVTable.ParseError) in try CSVTable.index(block.string(record, column), line: line, path: path) }
            let file = block.string(record, columns.file)
            var row: FeatureRow
            switch block.withField(record, columns.status, { FeatureStatus(rawValue: String(decoding: $0, as: UTF8.self)) }) {
            case .ok:
                let failed = values.withUnsafeMutableBufferPointer { block.finiteDoubles(record, columns: columns.features, into: $0) }
                if let failed {
                    row = .error(file, "\(path):\(line): \(columns.names[failed]) is not a finite number: "
                                    + Excerpt.quoted(block.string(record, columns.features[failed])))
                } else {
                    row = .ok(file, values)
                }
            case .empty:
                row = .empty(file)
            case .error:
                row = .error(file, columns.error.map { block.string(record, $0) } ?? "error")
            case nil:
                row = .error(file, "\(path):\(line): status must be ok, empty or error, got " + Excerpt.quoted(block.string(record, columns.status)))
            }
            row.index = index
            rows.append(row)
        }
        return rows
    }
}
