import ArgumentParser
import BatchRunning
import FileIO
import Foundation
import Learning
import Reports

/// `ganfilter pipeline`: the whole study in one command, and its report.
struct PipelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Run the whole study (mask filter and latent prefilter) and write one HTML report.",
        discussion: """
            Runs, in order, the commands a user could run one by one (each is printed before it runs):
              1. features MASKS            -> OUTPUT/masks/features.csv
              2. train (logreg and trees)  -> OUTPUT/masks/model.json, summary.json, ...
              3. filter --features ...     -> OUTPUT/masks/decisions.csv
              4. synth latent              -> OUTPUT/latent/latent.csv.gz (unless --latent)
              5. latent analyze            -> OUTPUT/latent/score_statistics.csv, ...
              6. latent train              -> OUTPUT/latent/prefilter.json, thresholds.csv
            (step 5 only for --target valid), then writes OUTPUT/index.html (one self-contained page: charts first, the numbers under them) and \
            OUTPUT/manifest.json (tool version, command line, seed, input digests). A step that fails is reported \
            and the others still run; the page says what is missing.

            Defaults: the shipped masks/ and masks/labels.csv, 60,000 synthetic latent records, output reports/. \
            With the default models the whole run takes well under a minute on 2 cores; --models all runs the \
            study's whole comparison (about 5 minutes).

            Example: swift run -c release ganfilter pipeline

            \(ExitStatusHelp.text)
            """
    )

    @Option(help: "Folder of segmentation masks (*.png).")
    var masks = "masks"

    @Option(help: "Labels CSV of the masks (file,label with good/bad).")
    var labels = "masks/labels.csv"

    @Option(help: "Mask filter models to choose from, as train --model: \(ModelCatalogue.choices(in: .masks)).")
    var maskModel = "both"

    @Option(help: "Latent dataset CSV (.csv or .csv.gz); default: synthesise --records records.")
    var latent: String?

    @Option(parsing: .unconditional, help: "Records to synthesise when no --latent is given.")
    var records = 60_000

    @Option(help: "What the latent prefilter predicts: valid, or a 0/1 column of --latent (passed, from `latent assemble`).")
    var target = "valid"

    @Option(help: "Latent models to compare, as latent train --models: \(ModelCatalogue.choices(in: .latents)).")
    var models = "logreg,truncation"

    @Option(name: .shortAndLong, help: "Folder for every output and index.html.")
    var output = "reports"

    @Option(parsing: .unconditional, help: "Seed of splits, bootstrap and synthetic data.")
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "Worker threads (default: the CPUs this process may use).")
    var jobs = AvailableProcessors.count

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard records >= 100 else { throw ValidationError("--records must be at least 100") }
        guard !output.isEmpty else { throw ValidationError("--output must name a folder") }
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let invocation = Invocation.current
        let folder = output.hasSuffix("/") ? String(output.dropLast()) : output
        for path in [folder, folder + "/masks", folder + "/latent"] { try AtomicFile.createFolder(path) }
        let latentData = latent ?? folder + "/latent/latent.csv.gz"
        let common = ["--jobs", String(jobs)]
        var steps: [(title: String, arguments: [String])] = [
            ("mask features", ["features", masks, "--output", folder + "/masks/features.csv"] + common),
            ("mask filter training", ["train", "--features", folder + "/masks/features.csv", "--labels", labels, "--model", maskModel,
                                      "--output", folder + "/masks/model.json", "--report", folder + "/masks", "--seed", String(seed)] + common),
            ("mask filter decisions", ["filter", "--features", folder + "/masks/features.csv", "--model", folder + "/masks/model.json",
                                       "--labels", labels, "--output", folder + "/masks/decisions.csv"] + common),
        ]
        if latent == nil {
            steps.append(("synthetic latent records", ["synth", "latent", "--records", String(records), "--seed", String(seed),
                                                       "--output", latentData]))
        }
        if target == "valid" {
            // The study's tables need valid and the five scores; a dataset of other outcomes skips them.
            steps.append(("latent dataset analysis", ["latent", "analyze", "--data", latentData, "--report", folder + "/latent"]))
        }
        steps.append(("latent prefilter training", ["latent", "train", "--data", latentData, "--target", target, "--models", models,
                                                    "--seed", String(seed), "--output", folder + "/latent/prefilter.json",
                                                    "--report", folder + "/latent"] + common))
        var statuses: [Int32] = []
        for (index, step) in steps.enumerated() {
            StandardError.print("\n[\(index + 1)/\(steps.count + 1)] \(step.title): ganfilter \(step.arguments.joined(separator: " "))")
            statuses.append(Self.runStep(step.arguments))
            if statuses.last != 0 { StandardError.print("ganfilter pipeline: step \(index + 1) ended with status \(statuses.last ?? 0)") }
        }
        StandardError.print("\n[\(steps.count + 1)/\(steps.count + 1)] report: \(folder)/index.html")
        // Steps 1-3 make the mask part, the last one the latent part; 0 and 1 mean the outputs were written.
        let wrote = statuses.map { $0 == 0 || $0 == 1 }
        let report = StudyReport(folder: folder, labelsPath: labels,
                                 subtitle: "Masks: \(masks) (labels \(labels)). Latent records: \(latent ?? "\(records) synthetic, seed \(seed)"). "
                                    + "Latent models: \(models). ganfilter \(Ganfilter.version).",
                                 masksRan: wrote.prefix(3).allSatisfy { $0 }, latentRan: wrote.last ?? false)
        let written = try report.write()
        try RunManifest(toolVersion: Ganfilter.version, command: invocation, seed: seed,
                        inputs: [masks, labels, latent].compactMap { $0 }, steps: steps.map { ["ganfilter"] + $0.arguments })
            .write(into: folder)

        StandardError.print("\nganfilter pipeline: done in " + String(format: "%.1f s", (clock.now - start).seconds) + ". Wrote:")
        for path in written + [folder + "/manifest.json"] { StandardError.print("  \(path)") }
        StandardError.print("  \(folder)/masks/ (features, model, decisions, cross-validation) and \(folder)/latent/ (analysis, prefilter, thresholds, curves)")
        print("open \(folder)/index.html")
        if statuses.allSatisfy({ $0 != 0 && $0 != 1 }) { throw ExitCode(2) }
        if statuses.contains(where: { $0 != 0 }) { throw ExitCode(1) }
    }

    /// Runs one ganfilter command line in this process; its exit status.
    static func runStep(_ arguments: [String]) -> Int32 {
        var command: ParsableCommand
        Invocation.current = ["ganfilter"] + arguments
        do {
            command = try Ganfilter.parseAsRoot(arguments)
        } catch {
            StandardError.print(Ganfilter.fullMessage(for: error))
            return Ganfilter.exitCode(for: error).rawValue
        }
        do {
            try command.run()
            return 0
        } catch {
            if let status = Ganfilter.report(error, of: type(of: command)) { return status.rawValue }
            StandardError.print(Ganfilter.fullMessage(for: error))
            return Ganfilter.exitCode(for: error).rawValue
        }
    }
}
