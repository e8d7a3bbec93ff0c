import FileIO

/// A CSV file of the report folder, read by the columns of its writer's schema (`Column`, such as
/// `ThresholdTable.Column`), so that the page cannot ask for a column the writer does not write; every value
/// stays the exact text of the file so that the page can show it formatted and carry it unchanged (`data-value`).
public struct ReportTable<Column: RawRepresentable & Sendable>: Sendable where Column.RawValue == String {
    /// The header.
    public let columns: [String]
    /// The rows, as text.
    public let rows: [[String]]

    /// Reads `path`; nil when the file does not exist or cannot be parsed (the page then says so).
    public init?(path: String) {
        guard let table = try? CSVTable(contentsOf: path) else { return nil }
        columns = table.header
        rows = table.records.map(\.fields).filter { $0.count == table.header.count }
    }

    /// The text of `column` in `row`; "" when the column is missing.
    public func text(_ row: [String], _ column: Column) -> String {
        columns.firstIndex(of: column.rawValue).map { row[$0] } ?? ""
    }

    /// The number in `column` of `row`; nil when blank or not a number.
    public func number(_ row: [String], _ column: Column) -> Double? {
        Double(text(row, column))
    }

    /// The rows whose `column` equals `value`.
    public func rows(where column: Column, is value: String) -> [[String]] {
        rows.filter { text($0, column) == value }
    }
}

/// A table cell that shows a number formatted for people and keeps the file's exact text in `data-value`, so
/// that a reader (or a test) can check every number against the CSV/JSON it came from.
public enum NumberCell {
    /// `<td data-value="raw">formatted</td>`; a blank or non-number `raw` shows "–".
    public static func td(_ raw: String, _ format: (Double) -> String, emphasis: Bool = false) -> HTMLNode {
        let shown = Double(raw).map(format) ?? "–"
        return .tag("td", [("class", emphasis ? "num best" : "num"), ("data-value", raw)], text: shown)
    }
}
