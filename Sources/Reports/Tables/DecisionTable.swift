import FileIO
import MaskFilter

/// `decisions.csv`: one row per image with the filter's decision, the probability of good and the reason, and,
/// when some masks came from a NumPy stack, a last column `index` (their position in the stack, empty for files).
public enum DecisionTable {
    /// The columns.
    public enum Column: String, CaseIterable, Sendable {
        case file, decision, probability, reason, index
    }

    /// The table of `decisions`, in their order; with the `index` column when `indexColumn` says so (by default,
    /// when a decision has an index; a command passes whether its inputs hold a stack, so shards agree).
    public static func csv(_ decisions: [FilterDecision], indexColumn: Bool? = nil) -> String {
        let hasIndex = indexColumn ?? decisions.contains { $0.index != nil }
        let columns = Column.allCases.filter { hasIndex || $0 != .index }
        var text = CSVField.line(columns.map(\.rawValue)) + "\n"
        for decision in decisions {
            let index = hasIndex ? [decision.index.map(String.init) ?? ""] : []
            text += CSVField.line([decision.file, decision.decision.rawValue, decision.probability.map { "\($0)" } ?? "",
                                   decision.reason] + index) + "\n"
        }
        return text
    }

    /// The decisions of a `decisions.csv` (by column name, any column order), each row checked: a decision
    /// other than accept, reject or error, or a probability that is not blank or a finite number (a label-free
    /// filter's score, a Dice or a realism score, need not lie in [0, 1]), is an error naming the file and line; so
    /// is a file listed a second time (tables concatenated, say), whose two rows may disagree, as a join on the file
    /// would take one of them by order.
    public static func read(_ path: String) throws(CSVTable.ParseError) -> [FilterDecision] {
        let table = try CSVTable(contentsOf: path)
        let file = try table.column(Column.file.rawValue, path: path)
        let decision = try table.column(Column.decision.rawValue, path: path)
        let probability = try table.column(Column.probability.rawValue, path: path)
        let reason = table.header.firstIndex(of: Column.reason.rawValue)
        let index = table.header.firstIndex(of: Column.index.rawValue)
        var decisions: [FilterDecision] = []
        var lines: [String: Int] = [:]
        for record in table.records {
            let fields = try table.fields(of: record, path: path)
            if let first = lines.updateValue(record.line, forKey: fields[file]) {
                throw CSVTable.ParseError(path: path, line: record.line, reason: "\(Excerpt.quoted(fields[file])) is listed again (first on line "
                    + "\(first)): a file has one decision (`ganfilter merge` joins the decisions of shards)")
            }
            guard let kind = Decision(rawValue: fields[decision]) else {
                throw CSVTable.ParseError(path: path, line: record.line,
                                          reason: "decision must be accept, reject or error, got \(Excerpt.quoted(fields[decision]))")
            }
            var value: Double?
            if !fields[probability].isEmpty {
                guard let number = Double(fields[probability]), number.isFinite else {
                    throw CSVTable.ParseError(path: path, line: record.line,
                                              reason: "probability must be a number, got \(Excerpt.quoted(fields[probability]))")
                }
                value = number
            }
            let position = try CSVTable.index(in: record, column: index, path: path)
            decisions.append(FilterDecision(file: fields[file], decision: kind, probability: value, reason: reason.map { fields[$0] } ?? "",
                                            index: position))
        }
        return decisions
    }
}
