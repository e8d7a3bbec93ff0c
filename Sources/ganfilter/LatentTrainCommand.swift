import ArgumentParser
import BatchRunning
import FileIO
import Foundation
import LatentPrefilter
import Learning
import Reports

/// `ganfilter latent train`: one prefilter per group.
struct LatentTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Learn which latent vectors give good images, per group, and choose thresholds.",
        discussion: """
            Per group (each group is its own GAN): a stratified held-out test split (--test-fraction), k-fold \
            cross-validation of the models on the rest, the best mean fold ROC AUC, the threshold of every \
            strategy on its out-of-fold scores, a refit on all non-test rows, and every threshold applied to the \
            test split. The model file keeps each group's model and thresholds.

            Models and their default grids (scikit-learn's defaults where not stated; --param NAME=V[,V...] \
            replaces an axis of every selected model that has it; all runs every one):
            \(ModelGridArguments.help(.latents))

            The report folder (--report DIR) holds model_comparison.csv, thresholds.csv (validation and test rows, with the \
            speed-up p2/p1 and 95% bootstrap intervals; with --generation-seconds also speedup_with_cost), \
            roc_<group>_<target>.csv, pr_<group>_<target>.csv, and timings.json (seconds per group and the \
            measured screening cost per vector; timings vary between runs, so they stay out of the CSV files), \
            issues.csv (rows left out, with their line) and manifest.json (tool version, command line, seed, input digest).

            Example: ganfilter latent train --data latent.csv --output prefilter.json --report reports/latent

            \(ExitStatusHelp.text)
            """
    )

    @Option(help: "Latent dataset CSV.")
    var data: String

    @Option(help: "What to predict: valid, any other 0/1 column (passed, say), a score column (score > 0), or all (valid, plus the study's comparison with one model per score at TPR 0.95, all five required).")
    var target = "valid"

    @Option(help: "Groups to train, comma-separated (default: all).")
    var groups: String?

    @Option(help: "Models, comma-separated: \(ModelCatalogue.choices(in: .latents)) (both: logreg and tree).")
    var models = "logreg,truncation"

    @Option(name: .customLong("param"), help: "Replace a grid axis: NAME=V[,V...], e.g. C=1 or hidden_layer_sizes=128,128x128.")
    var parameters: [String] = []

    @Option(parsing: .unconditional, help: "Cross-validation folds.")
    var folds = 3

    @Option(parsing: .unconditional, help: "Share of each class held out for testing, per group.")
    var testFraction = 0.1

    @Option(help: "Default threshold strategy of the model.")
    var strategy = "youden"

    @Option(parsing: .unconditional, help: "Precision-seeking strategies ignore operating points accepting fewer vectors than this.")
    var minAccepted = 10

    @Flag(help: "Give the models |z|^2 as an extra input.")
    var addNorm = false

    @Option(parsing: .unconditional, help: "Seconds the generator takes per image: thresholds.csv then also gives the speed-up with screening cost.")
    var generationSeconds: Double?

    @Option(parsing: .unconditional, help: "Seconds the screen takes per vector (default: measured on each group's model; give it for reproducible files).")
    var screenSeconds: Double?

    @Option(parsing: .unconditional, help: "Seed of splits and bootstrap.")
    var seed: UInt64 = 0

    @Option(name: .shortAndLong, help: "Model file to write (JSON).")
    var output: String

    @Option(help: "Folder for the report CSV files.")
    var report: String?

    @Option(parsing: .unconditional, help: "Worker threads (default: the CPUs this process may use).")
    var jobs = AvailableProcessors.count

    func validate() throws {
        guard ThresholdStrategy(strategy) != nil else { throw ValidationError("unknown --strategy '\(strategy)'") }
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        guard testFraction >= 0, testFraction < 1 else { throw ValidationError("--test-fraction must be in [0, 1)") }
        guard jobs >= 1, minAccepted >= 1 else { throw ValidationError("--jobs and --min-accepted must be at least 1") }
        guard (generationSeconds ?? 1) > 0, (screenSeconds ?? 0) >= 0 else {
            throw ValidationError("--generation-seconds must be positive and --screen-seconds not negative")
        }
        guard screenSeconds == nil || generationSeconds != nil else {
            throw ValidationError("--screen-seconds needs --generation-seconds")
        }
        _ = try grid()
        try OutputPath.validate(output, option: "--output")
    }

    /// The catalogue grid of `--models` with the `--param` axes replaced.
    func grid() throws -> ParameterGrid {
        try ModelGridArguments.grid(names: models.split(separator: ",").map(String.init), parameters: parameters, domain: .latents,
                                    modelOption: "--models")
    }

    func run() throws {
        try OutputPath.refuseClobbering(
            outputs: [NamedPath("--output", output)],
            folders: report.map { [OutputPath.reportFolder("--report", $0, names: LatentTrainingReport.fileNames + [RunManifest.fileName],
                                                           prefixes: [ReportSchema.Latent.rocPrefix, ReportSchema.Latent.prPrefix])] } ?? [],
            inputs: [NamedPath("--data", data)])
        let (dataset, issues) = try LatentDatasetInput.read(data, command: "latent train")
        if target == "all" ? !dataset.hasStudyColumns : dataset.labels(target) == nil {
            throw ValidationError("--target \(target): \(data) has " + (target == "all" ? "not valid and the five scores"
                : "no 0/1 column or score of that name") + " (targets it has: \(dataset.targetNames.joined(separator: ", ")))")
        }
        let selected = groups.map { $0.split(separator: ",").map(String.init) } ?? dataset.groupNames
        for group in selected where !dataset.groupNames.contains(group) {
            throw ValidationError("--groups: no records of group '\(group)' in \(data) (it has \(dataset.groupNames.joined(separator: ", ")))")
        }
        let options = LatentTrainingOptions(
            candidates: try grid().candidates(seed: seed), target: target == "all" ? "valid" : target, folds: folds,
            testFraction: testFraction, seed: seed, strategy: ThresholdStrategy(strategy) ?? .weighted(1, 1),
            minAccepted: minAccepted, addNorm: addNorm, generationSeconds: generationSeconds, screenSeconds: screenSeconds,
            jobs: jobs)
        var trainings: [GroupTraining] = []
        var trainSeconds: [Double] = []
        var failedGroups = 0
        for group in selected {
            let clock = ContinuousClock()
            let start = clock.now
            do {
                let training = try LatentTraining.train(dataset, group: group, options: options)
                trainings.append(training)
                trainSeconds.append((clock.now - start).seconds)
                StandardError.print("ganfilter latent train: group \(group) done in " + String(format: "%.1f s", trainSeconds.last ?? 0)
                    + String(format: "; screening costs %.3g s a vector", training.screenSecondsPerVector))
            } catch {
                // One group that cannot be trained (too few positives for the folds, say) does not stop the others.
                StandardError.print("ganfilter latent train: group \(group) skipped: \(error)")
                failedGroups += 1
            }
        }
        guard !trainings.isEmpty else { throw ExitCode(2) }
        let model = PrefilterModel(trainings, options: options, dimensions: dataset.latents.columns, toolVersion: Ganfilter.version)
        try AtomicFile.write(try model.encoded(), to: output)
        if let report {
            try LatentTrainingReport.write(trainings, to: report)
            try AtomicFile.write(Array(LatentTrainingReport.timings(trainings, trainSeconds: trainSeconds).utf8),
                                 to: FolderPath.prefix(report) + ReportSchema.Latent.timings)
            try AtomicFile.write(Array(IssueTable.csv(issues).utf8), to: FolderPath.prefix(report) + ReportSchema.Latent.issues)
            try RunManifest(toolVersion: Ganfilter.version, command: Invocation.current, seed: seed, inputs: [data]).write(into: report)
        }
        printSummary(trainings)
        if target == "all" {
            var comparisons: [AllScoresComparison] = []
            for training in trainings {
                do {
                    comparisons.append(try AllScoresComparison(dataset, direct: training, options: options))
                } catch {
                    StandardError.print("ganfilter latent train: group \(training.group): all-scores comparison skipped: \(error)")
                    failedGroups += 1
                }
            }
            printComparison(comparisons)
            if let report {
                try AtomicFile.write(Array(AllScoresTable.csv(comparisons).utf8),
                                     to: FolderPath.prefix(report) + ReportSchema.Latent.allScores)
            }
        }
        if !issues.isEmpty || failedGroups > 0 { throw ExitCode(1) }
    }

    private func printComparison(_ comparisons: [AllScoresComparison]) {
        func f(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "-" }
        print("")
        print("valid predicted directly vs all five scores predicted at TPR 0.95 (test split)")
        print("group     predictor                              tpr    precision  pass   speed-up")
        for comparison in comparisons {
            for row in comparison.rows where row.split == "test" {
                let c = row.evaluation.confusion
                print([comparison.group.padding(toLength: 9, withPad: " ", startingAt: 0),
                       row.predictor.padding(toLength: 38, withPad: " ", startingAt: 0),
                       f(c.recall).padding(toLength: 6, withPad: " ", startingAt: 0),
                       f(c.precision).padding(toLength: 10, withPad: " ", startingAt: 0),
                       f(c.passRate).padding(toLength: 6, withPad: " ", startingAt: 0),
                       f(row.evaluation.speedup.value)].joined(separator: " "))
            }
        }
    }

    private func printSummary(_ trainings: [GroupTraining]) {
        func f(_ value: Double?, _ digits: Int = 3) -> String { value.map { String(format: "%.\(digits)f", $0) } ?? "-" }
        print("group     model        cv AUC  test AUC  strategy         split       precision  base    pass    speed-up (95%)")
        for training in trainings {
            let best = training.selection.chosen
            for row in training.rows where row.strategy == strategy || row.strategy == "recall-weighted" {
                let c = row.evaluation.confusion
                let interval = "\(f(row.evaluation.speedup.value, 2)) (\(f(row.evaluation.speedup.low, 2))-\(f(row.evaluation.speedup.high, 2)))"
                let line = [training.group.padding(toLength: 9, withPad: " ", startingAt: 0),
                            best.spec.kind.padding(toLength: 12, withPad: " ", startingAt: 0),
                            f(best.meanAUC).padding(toLength: 7, withPad: " ", startingAt: 0),
                            f(RankingCurves.rocAUC(labels: training.selection.testLabels, scores: training.selection.testScores)).padding(toLength: 9, withPad: " ", startingAt: 0),
                            row.strategy.padding(toLength: 16, withPad: " ", startingAt: 0),
                            row.split.padding(toLength: 11, withPad: " ", startingAt: 0),
                            f(c.precision).padding(toLength: 10, withPad: " ", startingAt: 0),
                            f(c.basePrecision).padding(toLength: 7, withPad: " ", startingAt: 0),
                            f(c.passRate).padding(toLength: 7, withPad: " ", startingAt: 0), interval]
                print(line.joined(separator: " "))
            }
        }
        print("model written to \(output)" + (report.map { "; report in \($0)" } ?? ""))
    }
}
