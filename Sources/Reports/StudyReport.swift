import FileIO
import MaskFilter
import Foundation

/// The study's report: one self-contained `index.html` (inline SVG and CSS, no scripts, nothing fetched) built
/// from the files `ganfilter pipeline` writes into a folder, so that every number on the page is one of those
/// files' (tables carry the file's exact text in `data-value`).
public struct StudyReport: Sendable {
    /// The report folder (holding `masks/` and `latent/`).
    public let folder: String
    /// The labels CSV of the masks (for the feature distributions and the bad share); nil without labels.
    public let labelsPath: String?
    /// One line on what was run, shown under the title.
    public let subtitle: String
    /// Which parts this run produced; a part that failed is reported as such, never shown from older files.
    /// Each is nil when the run has no such part (no latent part for a user's masks alone, no mask part for a user's
    /// generator alone): the page leaves it out.
    public let masksRan: Bool?, latentRan: Bool?
    /// The generator part (`generator/`): whose masks, their labels CSV, and whether it ran; nil when the run has none.
    public let generator: GeneratorPart?
    /// The notes and warnings the run's steps printed (masks turned or drawn inverted, files of a folder not read, a
    /// threshold that keeps almost nothing, ...), each once, in order: shown under the header, where a threshold is
    /// chosen, and not only on a terminal that may be gone.
    public let notes: [String]

    /// A report of `folder`.
    public init(folder: String, labelsPath: String?, subtitle: String, masksRan: Bool? = true, generator: GeneratorPart? = nil,
                latentRan: Bool? = true, notes: [String] = []) {
        self.folder = FolderPath.prefix(folder)
        self.labelsPath = labelsPath
        self.subtitle = subtitle
        self.masksRan = masksRan
        self.generator = generator
        self.latentRan = latentRan
        var seen = Set<String>()
        self.notes = notes.filter { seen.insert($0).inserted }
    }

    /// Writes `index.html` (and `masks/bad_share.csv`, the one table the page computes) atomically; returns the
    /// paths written.
    @discardableResult
    public func write() throws(OutputError) -> [String] {
        let (masks, badShareCSV): (HTMLNode?, String?) = switch masksRan {
        case true?: MaskSection(folder: folder + "masks/", labelsPath: labelsPath).build()
        case false?: (Self.failed("masks", "Mask filter"), nil)
        case nil: (nil, nil)
        }
        var written: [String] = []
        if let badShareCSV {
            try AtomicFile.write(Array(badShareCSV.utf8), to: folder + "masks/bad_share.csv")
            written.append(folder + "masks/bad_share.csv")
        }
        let generator = self.generator.map { part in
            part.ran ? GeneratorSection(folder: folder + "generator/", part: part).build()
                : Self.failed("generator", "A real generator")
        }
        let latent = latentRan.map { $0 ? LatentSection(folder: folder + "latent/").build() : Self.failed("latent", "Latent prefilter") }
        // Each filter's contact sheet beside the page: the rejected masks and the accepted ones nearest the threshold.
        let sheets: [(ran: Bool, folder: String, decisions: String, labels: String?, title: String, score: String)] = [
            (masksRan ?? false, "masks/", ReportSchema.Masks.decisions, labelsPath, "Contact sheet: the mask filter on the synthetic masks", "p(good)"),
            (self.generator?.ran ?? false, "generator/", ReportSchema.Generator.referenceDecisions, self.generator?.labelsPath,
             "Contact sheet: the label-free filter on the generated masks", ReferenceFilter.Score.standard.column),
        ]
        for sheet in sheets where sheet.ran {
            guard let decisions = ReportTable<DecisionTable.Column>(path: folder + sheet.folder + sheet.decisions) else { continue }
            let page = ContactSheet(title: sheet.title, scoreName: sheet.score, decisions: decisions, decisionsFile: sheet.decisions,
                                    labels: sheet.labels.flatMap { try? LabelTable(contentsOf: $0) })
            try AtomicFile.write(Array(page.html.utf8), to: folder + sheet.folder + ContactSheet.fileName)
            written.append(folder + sheet.folder + ContactSheet.fileName)
        }
        try AtomicFile.write(Array(page(masks: masks, generator: generator, latent: latent).utf8), to: folder + "index.html")
        written.append(folder + "index.html")
        return written
    }

    /// The file name of a filter's contact sheet, beside its decisions.
    public static let contactSheet = ContactSheet.fileName

    /// The section of a part whose steps failed in this run.
    static func failed(_ id: String, _ title: String) -> HTMLNode {
        .tag("section", [("id", id)], [.tag("h2", text: title),
                                       .tag("p", text: "Its steps failed in this run; the messages printed while it ran say why.")])
    }

    /// The whole page.
    func page(masks: HTMLNode?, generator: HTMLNode?, latent: HTMLNode?) -> String {
        let head = HTMLNode.tag("head", [], [
            .tag("meta", [("charset", "utf-8")]),
            .tag("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
            .tag("title", text: "ganfilter report"),
            .tag("style", [], [.trusted(Self.styleSheet)]),
        ])
        let intro = HTMLNode.tag("header", [], [
            .tag("h1", text: "ganfilter report"),
            .tag("p", [("class", "subtitle")], text: subtitle),
            .tag("p", text: "Two ways to waste less generation: reject bad images after generation from their lung masks, and screen latent "
                + "vectors before generation. Pictures first; the numbers under them are the CSV and JSON files beside this page."),
            .tag("nav", [], ([generator == nil ? nil : ("#generator", "A real generator"), latent == nil ? nil : ("#latent", "Latent prefilter"),
                              masks == nil ? nil : ("#masks", "Calibration check: synthetic masks")] as [(String, String)?]).compactMap { $0 }
                .enumerated().flatMap { index, link in
                    (index == 0 ? [] : [HTMLNode.text(" · ")]) + [.tag("a", [("href", link.0)], text: link.1)]
                }),
        ] + (notes.isEmpty ? [] : [
            .tag("h3", text: "What the run noted"),
            .tag("ul", [("class", "note run-notes")], notes.map { .tag("li", text: $0) }),
        ]))
        // Real lungs first: the real generator, then the latent prefilter, and the synthetic calibration set last.
        let body = HTMLNode.tag("body", [], [.tag("main", [], [intro] + [generator, latent, masks].compactMap { $0 })])
        return "<!DOCTYPE html>\n" + HTMLNode.tag("html", [("lang", "en")], [head, body]).rendered + "\n"
    }

    static let styleSheet: StaticString = """
        body{font:15px/1.45 -apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;color:#1d2329;background:#fff;margin:0}
        main{max-width:1180px;margin:0 auto;padding:24px 28px 60px}
        h1{font-size:28px;margin:0 0 4px}h2{font-size:22px;margin:38px 0 10px;padding-top:12px;border-top:2px solid #e3e7eb}
        h3{font-size:17px;margin:26px 0 8px}h4{font-size:15px;margin:18px 0 6px}
        .subtitle{color:#5b6670;margin:0 0 10px}.note{color:#4a545e;max-width:900px}nav a{color:#0072B2}
        .run-notes{overflow-wrap:anywhere;padding-left:20px}
        .kpis{display:flex;gap:16px;flex-wrap:wrap;margin:10px 0}
        .kpi{border:1px solid #dde3e8;border-radius:8px;padding:10px 16px;min-width:220px;background:#f9fbfc}
        .kpi-value{font-size:24px;font-weight:600}.kpi-label{color:#5b6670;font-size:13px;max-width:300px}
        .row{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}.grid3{display:grid;grid-template-columns:repeat(3,auto);gap:6px 14px}
        figure{margin:0 0 16px}figcaption{color:#5b6670;font-size:13px;max-width:720px}
        svg.chart{display:block;background:#fff;max-width:100%;height:auto}
        svg .chart-title{font-size:13px;font-weight:600;fill:#1d2329}svg .tick{font-size:11px;fill:#4a545e}
        svg .axis-label{font-size:12px;fill:#1d2329}svg .grid{stroke:#e9edf0;stroke-width:1}
        svg .frame{fill:none;stroke:#9aa4ad;stroke-width:1}svg .legend{fill:#fff;fill-opacity:.9;stroke:#d0d6db}
        svg .legend-text{font-size:11px;fill:#1d2329}svg .point-label{font-size:10px;font-weight:600;fill:#7a3300}
        svg .cell-count{font-size:20px;font-weight:600}svg .edge{stroke:#9aa4ad;stroke-width:1.2}
        svg .tree-box{stroke:#9aa4ad}svg .tree-test{font-size:11px;font-weight:600;fill:#1d2329}
        table.data{border-collapse:collapse;margin:12px 0 8px;font-size:13px;display:block;max-width:100%;overflow-x:auto}
        .scroll{max-width:100%;overflow-x:auto}.scroll table.data{display:table}td.flag{color:#9a3d00;font-size:12px}
        .grid3{grid-template-columns:repeat(auto-fill,minmax(300px,1fr))}
        table.data caption{text-align:left;color:#5b6670;padding-bottom:4px;caption-side:top;max-width:min(900px,calc(100vw - 56px))}
        table.data th{background:#f1f4f6;text-align:left;padding:4px 8px;border-bottom:1px solid #cfd6dc;font-weight:600}
        table.data td{padding:3px 8px;border-bottom:1px solid #eef1f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
        td.best{font-weight:700;color:#0b4f7c}td.model{font-family:monospace;font-size:12px}
        table.compact tr.test td{background:#fafbfc}
        .strip{display:flex;flex-wrap:wrap;gap:10px}.card{width:120px;font-size:11px;color:#3c464f}
        .card img{display:block;border:1px solid #cfd6dc;image-rendering:pixelated;background:#000}
        .card-name{font-family:monospace;overflow-wrap:anywhere}
        .tag{display:inline-block;border-radius:3px;padding:0 4px;margin-top:2px}.tag.good{background:#d6e9f5}.tag.bad{background:#f8ddd0}
        .missing{width:112px;height:112px;background:#eee;display:flex;align-items:center;justify-content:center}
        .group-block{border-top:1px solid #eef1f3;margin-top:18px}
        @media print{h2{break-before:page}}
        """
}
