import ArgumentParser
import BatchRunning
import FileIO
import Parallelism
import Foundation
import LatentPrefilter
import Reports

/// `ganfilter latent analyze`: the study's tables of a latent dataset.
struct LatentAnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Score statistics, correlations and valid shares of a latent dataset, as the study's tables.",
        discussion: """
            Prints the tables; with --report DIR also writes score_statistics.csv, correlations.csv and \
            valid_share.csv. Rows that cannot be used are listed with their line in DIR/issues.csv (and counted \
            on standard error).

            Example: ganfilter synth latent --records 60000 -o latent.csv && ganfilter latent analyze --data latent.csv

            \(ExitStatusHelp.text)
            """
    )

    @Option(help: "Latent dataset: CSV (group,valid,score_shape,...,z0,...; .csv or .csv.gz) or NumPy .npz (z, group, valid, scores).")
    var data: String

    @Option(help: "The one group of a .npz dataset without a group array.")
    var group: String?

    @Option(help: "Folder for the CSV tables and issues.csv. \(RunManifest.refreshHelp)")
    var report: String?

    @Option(parsing: .unconditional, help: "Threads that parse a CSV dataset (default: the CPUs this process may use).")
    var jobs = AvailableProcessors.count

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        try OutputPath.validateFolder(report, option: "--report")
    }

    func run() throws {
        try OutputPath.refuseClobbering(
            outputs: [],
            folders: report.map { [OutputPath.reportFolder("--report", $0, names: LatentAnalysisTables.fileNames + [RunManifest.fileName])] } ?? [],
            inputs: [NamedPath("--data", data)])
        let (dataset, issues) = try LatentDatasetInput.read(data, command: "latent analyze", group: group, jobs: jobs)
        guard dataset.hasStudyColumns else {
            throw ValidationError("\(data) has no valid column and five scores to analyse (it has \(dataset.targetNames.joined(separator: ", ")))")
        }
        let analysis = LatentAnalysis(dataset, jobs: jobs)
        print(LatentAnalysisText(analysis).text)
        if let report {
            let written = try LatentAnalysisTables.write(analysis, issues: issues, to: report)
            try RunManifest(toolVersion: Ganfilter.version, command: Ganfilter.commandLine, seed: nil, inputs: [data], outputs: written)
                .write(into: report).note(folder: report).map { StandardError.print("ganfilter latent analyze: note: \($0)") }
        }
        if !issues.isEmpty { throw ExitCode(1) }
    }
}

/// The analysis as the terminal shows it (the CSV tables are `Reports.LatentAnalysisTables`).
struct LatentAnalysisText {
    let analysis: LatentAnalysis

    init(_ analysis: LatentAnalysis) { self.analysis = analysis }

    var text: String {
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        func n(_ x: Double) -> String { String(format: "%.3f", x) }
        var lines = ["score statistics"]
        lines.append(pad("score", 18) + ["count", "mean", "std", "min", "25%", "50%", "75%", "max"].map { pad($0, 10) }.joined())
        for s in analysis.scores {
            lines.append(pad(s.name, 18) + pad(String(s.count), 10)
                + [s.mean, s.std, s.min, s.q1, s.median, s.q3, s.max].map { pad(n($0), 10) }.joined())
        }
        lines.append("")
        lines.append("correlations")
        let short = analysis.correlationNames.map { $0.replacingOccurrences(of: "score_", with: "") }
        lines.append(pad("", 12) + short.map { pad($0, 11) }.joined())
        for (name, row) in zip(short, analysis.correlations) {
            lines.append(pad(name, 12) + row.map { pad($0.map { String(format: "%.2f", $0) } ?? "", 11) }.joined())
        }
        lines.append("")
        lines.append("valid share per group")
        for g in analysis.groups {
            lines.append(pad(g.group, 8) + pad(String(g.valid), 8) + " / " + String(g.records) + "  " + String(format: "%.2f%%", 100 * g.share))
        }
        return lines.joined(separator: "\n")
    }
}
