import FileIO
import LatentPrefilter

/// `issues.csv`: the rows of a latent dataset left out, with their line and why.
public enum IssueTable {
    /// The columns.
    public enum Column: String, CaseIterable, Sendable {
        case line, reason
    }

    /// The table of `issues`.
    public static func csv(_ issues: [DatasetIssue]) -> String {
        var text = CSVField.line(Column.allCases.map(\.rawValue)) + "\n"
        for issue in issues { text += CSVField.line([String(issue.line), issue.reason]) + "\n" }
        return text
    }
}
