import FileIO

/// A few rows of a features table, each by its file with a digest of its values, recorded in the table's settings
/// file (`FeatureTableSettings.rowSample`) so that the pair is joined by content as well as by name: a table
/// measured again (another `--threshold`) and copied over this one, its settings file left behind, would otherwise
/// be read with settings it was not measured with, and a model trained on it would measure new masks otherwise
/// than it learned. A sampled file missing from the table is not checked, so a table whose rows were filtered or
/// reordered (pandas, `df[df.status == "ok"].to_csv(...)`) still reads; values round-trip exactly through CSV, pandas
/// included, so a table that went through pandas unchanged matches.
public struct TableRowSample: Codable, Equatable, Sendable {
    /// One sampled row: its file, as the table names it, and the digest of its values (`digest(of:)`).
    public struct Row: Codable, Equatable, Sendable {
        /// The row's file.
        public let file: String
        /// FNV-1a-64 of its feature values' bit patterns, as 16 hex digits.
        public let digest: String

        /// The sampled row of `file`, whose values have `digest`.
        public init(file: String, digest: String) {
            self.file = file
            self.digest = digest
        }
    }

    /// The sampled rows.
    public var rows: [Row]

    /// How many `ok` rows a table's sample holds, at most: those whose file names hash lowest (`key(of:)`), which
    /// scatters them over the table, so that a table measured again with other settings differs in some of them
    /// (every feature moves with the grey threshold or the radius), and makes the sample of merged shards the
    /// sample of the single run (`merged(_:)`).
    public static let size = 8

    /// The order rows are sampled in: FNV-1a-64 of the file name, then the name.
    static func key(of file: String) -> (UInt64, String) {
        var hash = FNV1a()
        hash.add(bytes: file.utf8)
        return (hash.value, file)
    }

    /// The sample of a table of `tableRows`: the `size` of its `ok` rows whose file names hash lowest, in that
    /// order; nil when it has none.
    public init?(of tableRows: [FeatureRow]) {
        let ok = tableRows.filter { $0.status == .ok && $0.values != nil }
        guard !ok.isEmpty else { return nil }
        rows = Self.lowest(ok.map { Row(file: $0.file, digest: Self.digest(of: $0.values ?? [])) })
    }

    /// The `size` rows of `rows` whose files hash lowest, each file once, in that order.
    private static func lowest(_ rows: [Row]) -> [Row] {
        var seen = Set<String>()
        return rows.map { (key(of: $0.file), $0) }
            .sorted { $0.0 < $1.0 }
            .map(\.1)
            .filter { seen.insert($0.file).inserted }
            .prefix(size)
            .map { $0 }
    }

    /// A sample of `rows`.
    public init(rows: [Row]) {
        self.rows = rows
    }

    /// Decodes the sample from its array of rows.
    public init(from decoder: any Decoder) throws {
        rows = try decoder.singleValueContainer().decode([Row].self)
    }

    /// Encodes the sample as its array of rows (`[{"file": ..., "digest": ...}, ...]`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rows)
    }

    /// FNV-1a-64 of `values`' bit patterns, as 16 hex digits.
    public static func digest(of values: [Double]) -> String {
        var hash = FNV1a()
        for value in values { hash.add(bytesOf: value.bitPattern) }
        return hash.hex
    }

    /// Why `tableRows` are not the rows this sample was taken from: the first sampled file that the table holds
    /// with other values, or not `ok`; nil when every sampled file it holds matches.
    public func mismatch(in tableRows: [FeatureRow]) -> String? {
        var byFile: [String: FeatureRow] = [:]
        for row in tableRows { byFile[row.file] = row }
        for sampled in rows {
            guard let row = byFile[sampled.file] else { continue }
            guard row.status == .ok, let values = row.values else {
                return "\(sampled.file) was measured ok, and is \(row.status.rawValue) in the table"
            }
            if Self.digest(of: values) != sampled.digest { return "the features of \(sampled.file) differ" }
        }
        return nil
    }

    /// The sample of a table merged from tables of `samples` (shards of one run): the `size` rows of them all whose
    /// files hash lowest, which is the sample of the single run; nil when none has one.
    public static func merged(_ samples: [TableRowSample?]) -> TableRowSample? {
        let all = samples.compactMap { $0 }.flatMap(\.rows)
        return all.isEmpty ? nil : TableRowSample(rows: lowest(all))
    }
}
