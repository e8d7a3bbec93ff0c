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
}
