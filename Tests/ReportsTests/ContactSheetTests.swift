import Foundation
@testable import Reports
import TestSupport
import Testing

/// A contact sheet shows the masks a different threshold would turn, and stays a page a browser opens whatever
/// the batch's size.
struct ContactSheetTests {
    /// The card names of `html`'s strip under the heading that begins with `heading`.
    static func names(_ html: String, under heading: String) -> [String] {
        guard let strip = html.components(separatedBy: "<h2>" + heading).dropFirst().first?.components(separatedBy: "<h2>").first else { return [] }
        return strip.components(separatedBy: "card-name\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }

    /// Rejected masks beyond `maximumRejected` are left off the sheet, the lowest scores first (the farthest from
    /// the threshold); the sheet says how many it shows of how many, and links the decisions that hold them all.
    @Test func rejectedMasksBeyondTheMostShownAreTheFarthestFromTheThreshold() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let rejected = ContactSheet.maximumRejected + 5
        // Rows in an order that is not the scores', so that the sheet must sort them.
        let rows = (0..<rejected).map { index in (index * 7919) % rejected }.map { "r\($0).png,reject,\(Double($0) / Double(rejected)),r\n" }
            + ["a.png,accept,2.0,r\n"]
        func sheet(_ rows: [String]) throws -> String {
            let path = try folder.write(Array(("file,decision,probability,reason\n" + rows.joined()).utf8), to: "decisions.csv")
            let table = try #require(ReportTable<DecisionTable.Column>(path: path))
            return ContactSheet(title: "t", scoreName: "s", decisions: table, decisionsFile: "decisions.csv", labels: nil).html
        }
        let html = try sheet(rows)
        // Counts as the report writes them (`NumberFormat.count`).
        let shownCount = NumberFormat.count(ContactSheet.maximumRejected), allCount = NumberFormat.count(rejected)
        let shown = Self.names(html, under: "Rejected")
        #expect(shown == (5..<rejected).reversed().map { "r\($0).png" })
        #expect(html.contains("Rejected (\(shownCount) of \(allCount))") && html.contains("the \(shownCount) of the \(allCount) rejected masks nearest the threshold (highest")
                && html.contains("<a href=\"decisions.csv\">decisions.csv</a>"))
        #expect(Self.names(html, under: "Accepted") == ["a.png"])
        // Fewer rejected masks than that are all shown.
        let few = try sheet(Array(rows.suffix(4)))
        #expect(Self.names(few, under: "Rejected").count == 3 && few.contains("Rejected (3)") && few.contains("then every rejected mask"))
        // The report's line that links the sheet says the same.
        func link(_ rows: [String]) throws -> String {
            let path = try folder.write(Array(("file,decision,probability,reason\n" + rows.joined()).utf8), to: "decisions.csv")
            return ContactSheet.link(folder: "generator/", decisions: try #require(ReportTable<DecisionTable.Column>(path: path))).rendered
        }
        #expect(try link(rows).hasPrefix("<p class=\"note\">The \(shownCount) of the \(allCount) rejected masks nearest the threshold, and"))
        #expect(try link(Array(rows.suffix(4))).hasPrefix("<p class=\"note\">Every rejected mask, and the accepted ones"))
    }
}
