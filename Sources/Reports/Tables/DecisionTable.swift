import FileIO
import MaskFilter

/// `decisions.csv`: one row per image with the filter's decision, the probability of good and the reason.
public enum DecisionTable {
    /// The columns.
    public enum Column: String, CaseIterable, Sendable {
        case file, decision, probability, reason
    }

    /// The table of `decisions`, in their order.
    public static func csv(_ decisions: [FilterDecision]) -> String {
        var text = CSVField.line(Column.allCases.map(\.rawValue)) + "\n"
        for decision in decisions {
            text += CSVField.line([decision.file, decision.decision.rawValue, decision.probability.map { "\($0)" } ?? "",
                                   decision.reason]) + "\n"
        }
        return text
    }
}
