import FileIO
import MaskFilter

/// `bad_share.csv`, the one table the page computes: good and bad labelled masks before filtering and among
/// the accepted ones, with the bad share of each (`BadShare`).
public enum BadShareTable {
    /// The columns.
    public enum Column: String, CaseIterable, Sendable {
        case scope, good, bad
        case badShare = "bad_share"
    }

    /// The two rows: all labelled masks, and the accepted ones.
    public static func csv(_ share: BadShare) -> String {
        func row(_ scope: String, _ counts: (good: Int, bad: Int), _ value: Double?) -> String {
            CSVField.line([scope, String(counts.good), String(counts.bad), value.map { "\($0)" } ?? ""]) + "\n"
        }
        return CSVField.line(Column.allCases.map(\.rawValue)) + "\n" + row("all labelled masks", share.before, share.shareBefore)
            + row("accepted", share.accepted, share.shareAfter)
    }
}
