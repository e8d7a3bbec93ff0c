import FileIO
import Foundation
import MaskFilter
import MaskImage

/// A filter's contact sheet: one offline page beside `index.html` showing every mask the filter rejected and
/// the accepted masks nearest its threshold (the ones a different threshold would turn), each with its score,
/// its reason and, when labelled, its label; masks embedded as PNG data (a stack's masks encoded), no script.
struct ContactSheet {
    /// The page's title, naming the filter.
    let title: String
    /// What the decisions' `probability` column holds, for people.
    let scoreName: String
    let decisions: ReportTable<DecisionTable.Column>
    /// The decisions' file name, beside the sheet, which holds every decision.
    let decisionsFile: String
    let labels: LabelTable?
    /// Accepted masks shown, those with the lowest scores.
    static let nearThreshold = 24
    /// Rejected masks shown at most, those with the highest scores, nearest the threshold. Beyond a thousand a
    /// person reads no further, and the page would grow with the batch: 10,000 generated masks, 7,850 of them
    /// rejected, made a sheet of 75 MB.
    static let maximumRejected = 1_000

    /// The file name beside the decisions.
    static let fileName = "contact_sheet.html"

    /// Which of `rejected` rejected masks a sheet shows, for people: every one, or the `maximumRejected` nearest
    /// the threshold.
    static func shownRejected(of rejected: Int) -> String {
        rejected <= maximumRejected ? "every rejected mask"
            : "the \(NumberFormat.count(maximumRejected)) of the \(NumberFormat.count(rejected)) rejected masks nearest the threshold"
    }

    /// The report's line that links the sheet of `decisions` in `folder` (`generator/`) and says what it shows.
    static func link(folder: String, decisions: ReportTable<DecisionTable.Column>) -> HTMLNode {
        let which = shownRejected(of: decisions.rows(where: .decision, is: Decision.reject.rawValue).count)
        return .tag("p", [("class", "note")], [.text(which.prefix(1).uppercased() + which.dropFirst()
                                                     + ", and the accepted ones nearest the threshold, with the filter's reason: "),
                                              .tag("a", [("href", folder + fileName)], text: folder + fileName), .text(".")])
    }

    /// The page.
    var html: String {
        let labelOf = Dictionary((labels?.entries ?? []).map { ($0.file, $0.isGood) }, uniquingKeysWith: { first, _ in first })
        var pictures = MaskPictures()
        func score(_ row: [String]) -> Double { decisions.number(row, .probability) ?? -.infinity }
        func cards(_ rows: [[String]]) -> HTMLNode {
            .tag("div", [("class", "strip")], rows.map { row in
                let file = decisions.text(row, .file)
                let name = (file as NSString).lastPathComponent
                var children = pictures.card(file)
                children.append(.tag("div", [("class", "card-line")], text: "\(scoreName) \(NumberFormat.decimal(decisions.number(row, .probability), digits: 3))"))
                children.append(.tag("div", [("class", "card-line")], text: decisions.text(row, .reason)))
                if let label = labelOf[file] ?? labelOf[name] {
                    children.append(.tag("div", [("class", label ? "tag good" : "tag bad")], text: label ? "labelled good" : "labelled bad"))
                }
                return .tag("div", [("class", "card")], children)
            })
        }
        let rejected = decisions.rows(where: .decision, is: Decision.reject.rawValue).sorted { score($0) > score($1) }
        let shown = rejected.prefix(Self.maximumRejected)
        let accepted = decisions.rows(where: .decision, is: Decision.accept.rawValue).sorted { score($0) < score($1) }
            .prefix(Self.nearThreshold)
        let errors = decisions.rows(where: .decision, is: Decision.error.rawValue)
        let which = Self.shownRejected(of: rejected.count)
        var body: [HTMLNode] = [
            .tag("h1", text: title),
            .tag("p", [("class", "note")], linking: "The \(accepted.count) accepted masks with the lowest \(scoreName), then \(which) "
                + "(highest \(scoreName) first: the nearest to the threshold), each with the filter's reason. "
                + "\(NumberFormat.count(rejected.count)) rejected, \(NumberFormat.count(errors.count)) unreadable; every decision is in \(decisionsFile)."),
            .tag("h2", text: "Accepted, nearest the threshold"), cards(Array(accepted)),
            .tag("h2", text: "Rejected (" + (shown.count == rejected.count ? "" : NumberFormat.count(shown.count) + " of ")
                + NumberFormat.count(rejected.count) + ")"),
            cards(Array(shown)),
        ]
        if !errors.isEmpty {
            body.append(.tag("h2", text: "Unreadable (\(errors.count))"))
            body.append(.tag("ul", [], errors.map { .tag("li", text: decisions.text($0, .file) + ": " + decisions.text($0, .reason)) }))
        }
        let head = HTMLNode.tag("head", [], [.tag("meta", [("charset", "utf-8")]),
                                             .tag("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
                                             .tag("title", text: title), .tag("style", [], [.trusted(StudyReport.styleSheet)])])
        return "<!DOCTYPE html>\n" + HTMLNode.tag("html", [("lang", "en")], [head, .tag("body", [], [.tag("main", [], body)])]).rendered + "\n"
    }
}
