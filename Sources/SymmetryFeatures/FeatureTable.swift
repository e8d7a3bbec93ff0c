import BatchFiles

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

    /// The table as text in `format`, one line per row, in the order given.
    public static func render(_ rows: [FeatureRow], as format: Format) -> String {
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
                text += "{" + fields.joined(separator: ",") + "}\n"
            }
        }
        return text
    }
}
