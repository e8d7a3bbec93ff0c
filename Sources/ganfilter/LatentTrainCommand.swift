import ArgumentParser
import BatchRunning
import FileIO
import Parallelism
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

    @Option(help: "Latent dataset: CSV (.csv, .csv.gz) or NumPy .npz (z, group, outcome arrays).")
    var data: String

    @Option(help: "The one group of a .npz dataset without a group array.")
    var group: String?

    @Option(help: "What to predict: valid, any other 0/1 column (passed, say), a score column (score > 0), or all (valid, plus the study's comparison with one model per score at TPR 0.95, all five required).")
    var target = LatentTrainingOptions.defaultTarget

    @Option(help: "Groups to train, comma-separated (default: all).")
    var groups: String?

    @Option(help: "Models, comma-separated: \(ModelCatalogue.choices(in: .latents)) (both: logreg and tree).")
    var models = LatentTrainingOptions.defaultModels

    @Option(name: .customLong("param"), help: "Replace a grid axis: NAME=V[,V...], e.g. C=1 or hidden_layer_sizes=128,128x128.")
    var parameters: [String] = []

    @Option(parsing: .unconditional, help: "Cross-validation folds.")
    var folds = LatentTrainingOptions.defaultFolds

    @Option(parsing: .unconditional, help: "Share of each class held out for testing, per group.")
    var testFraction = LatentTrainingOptions.defaultTestFraction

    @Option(help: "Default threshold strategy of the model (\(ModelSelection.defaultStrategy)).", transform: ThresholdStrategy.argument)
    var strategy = ModelSelection.defaultStrategy

    @Option(parsing: .unconditional, help: "Precision-seeking strategies ignore operating points accepting fewer vectors than this.")
    var minAccepted = ModelSelection.defaultMinAccepted

    @Option(help: "The prior the vectors were drawn from (uniform on [-1, 1], or normal), recorded in the model for `latent sample`.")
    var latentDistribution: LatentDistribution?

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

    @Option(help: "Folder for the report CSV files. \(RunManifest.refreshHelp)")
    var report: String?

    @Option(parsing: .unconditional, help: "Worker threads (default: the CPUs this process may use).")
    var jobs = AvailableProcessors.count

    func validate() throws {
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
        try OutputPath.validate(output, option: "--output", as: .json)
        try OutputPath.validateFolder(report, option: "--report")
    }

    /// The catalogue grid of `--models` with the `--param` axes replaced.
    func grid() throws -> ParameterGrid {
        try ModelGridArguments.grid(names: models, parameters: parameters, domain: .latents,
                                    modelOption: "--models")
    }

    func run() throws {
        try OutputPath.refuseClobbering(
            outputs: [NamedPath("--output", output)],
            folders: report.map { [OutputPath.reportFolder("--report", $0, names: LatentTrainingReport.fileNames + [RunManifest.fileName],
                                                           prefixes: [ReportSchema.Latent.rocPrefix, ReportSchema.Latent.prPrefix])] } ?? [],
            inputs: [NamedPath("--data", data)])
        let (dataset, issues) = try LatentDatasetInput.read(data, command: "latent train", group: group, jobs: jobs)
        let requested = LatentTrainingOptions.target(requested: target)
        var options = LatentTrainingOptions(
            candidates: try grid().candidates(seed: seed), target: requested.trained, folds: folds,
            testFraction: testFraction, seed: seed, strategy: strategy,
            minAccepted: minAccepted, addNorm: addNorm, generationSeconds: generationSeconds, screenSeconds: screenSeconds,
            latentDistribution: latentDistribution, jobs: jobs)
        options.projects = report != nil
        let run: LatentTrainingRun
        do {
            run = try LatentTrainingRun(dataset: dataset, groups: groups.map { $0.split(separator: ",").map(String.init) }, options: options,
                                        comparesAllScores: requested.comparesAllScores)
        } catch {
            switch error {
            case .unknownGroup: throw ValidationError("--groups: \(data) has \(error)")
            case .unknownTarget, .noStudyColumns: throw ValidationError("--target \(target): \(data) has \(error)")
            }
        }
        let outcome = Self.train(run)
        guard !outcome.trainings.isEmpty else { throw ExitCode(2) }
        let model = PrefilterModel(outcome.trainings, options: options, dimensions: dataset.latents.columns, toolVersion: Ganfilter.version)
        try AtomicFile.write(try TrainedModel.bytes(of: model.encoded, command: "latent train"), to: output)
        if let report {
            let written = try LatentTrainingReport.write(outcome, issues: issues, to: report)
            try RunManifest(toolVersion: Ganfilter.version, command: Ganfilter.commandLine, seed: seed, inputs: [data], outputs: written)
                .write(into: report).note(folder: report).map { StandardError.print("ganfilter latent train: note: \($0)") }
        }
        let summary = SummaryOutput(dataOutputs: [output])
        Self.printSummary(outcome.trainings, strategy: strategy, to: summary)
        summary.say("model written to \(output)" + (report.map { "; report in \($0)" } ?? ""))
        if requested.comparesAllScores { Self.printComparison(outcome.comparisons, to: summary) }
        let failedGroups = outcome.failures
        if !issues.isEmpty || failedGroups > 0 { throw ExitCode(1) }
    }

    /// Runs `run`, telling on standard error how each group went; measured times come from the clock here.
    static func train(_ run: LatentTrainingRun) -> LatentTrainingOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        return run.run(screenSeconds: LatentScreening.secondsPerVector, seconds: { (clock.now - start).seconds }, events: report)
    }

    /// Tells on standard error how a group went.
    static func report(_ event: LatentTrainingRun.Event) {
        switch event {
        case .trained(let training, let seconds):
            StandardError.print("ganfilter latent train: group \(training.group) done in " + String(format: "%.1f s", seconds)
                + String(format: "; screening costs %.3g s a vector", training.screenSecondsPerVector))
        case .skipped(let group, let error):
            StandardError.print("ganfilter latent train: group \(group) skipped: \(error)")
        case .comparisonSkipped(let group, let error):
            StandardError.print("ganfilter latent train: group \(group): all-scores comparison skipped: \(error)")
        }
    }

    /// The study's comparison, test split, as a table for people.
    static func printComparison(_ comparisons: [AllScoresComparison], to output: SummaryOutput = .standardOutput) {
        func f(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "-" }
        output.say("")
        output.say("valid predicted directly vs all five scores predicted at TPR 0.95 (test split)")
        output.say("group     predictor                              tpr    precision  pass   speed-up")
        for comparison in comparisons {
            for row in comparison.rows where row.split == "test" {
                let c = row.evaluation.confusion
                output.say([comparison.group.padding(toLength: 9, withPad: " ", startingAt: 0),
                       row.predictor.padding(toLength: 38, withPad: " ", startingAt: 0),
                       f(c.recall).padding(toLength: 6, withPad: " ", startingAt: 0),
                       f(c.precision).padding(toLength: 10, withPad: " ", startingAt: 0),
                       f(c.passRate).padding(toLength: 6, withPad: " ", startingAt: 0),
                       f(row.evaluation.speedup.value)].joined(separator: " "))
            }
        }
    }

    /// Each group's chosen model and its `strategy` and recall-weighted rows, as a table for people.
    static func printSummary(_ trainings: [GroupTraining], strategy: ThresholdStrategy, to output: SummaryOutput = .standardOutput) {
        func f(_ value: Double?, _ digits: Int = 3) -> String { value.map { String(format: "%.\(digits)f", $0) } ?? "-" }
        output.say("group     model        cv AUC  test AUC  strategy         split       precision  base    pass    speed-up (95%)")
        for training in trainings {
            let best = training.selection.chosen
            for row in training.rows where row.strategy == strategy || row.strategy == .recallWeighted {
                let c = row.evaluation.confusion
                let interval = "\(f(row.evaluation.speedup.value, 2)) (\(f(row.evaluation.speedup.low, 2))-\(f(row.evaluation.speedup.high, 2)))"
                let line = [training.group.padding(toLength: 9, withPad: " ", startingAt: 0),
                            best.spec.kind.padding(toLength: 12, withPad: " ", startingAt: 0),
                            f(best.meanAUC).padding(toLength: 7, withPad: " ", startingAt: 0),
                            f(RankingCurves.rocAUC(labels: training.selection.testLabels, scores: training.selection.testScores)).padding(toLength: 9, withPad: " ", startingAt: 0),
                            row.strategy.description.padding(toLength: 16, withPad: " ", startingAt: 0),
                            row.split.padding(toLength: 11, withPad: " ", startingAt: 0),
                            f(c.precision).padding(toLength: 10, withPad: " ", startingAt: 0),
                            f(c.basePrecision).padding(toLength: 7, withPad: " ", startingAt: 0),
                            f(c.passRate).padding(toLength: 7, withPad: " ", startingAt: 0), interval]
                output.say(line.joined(separator: " "))
            }
        }
    }
}
