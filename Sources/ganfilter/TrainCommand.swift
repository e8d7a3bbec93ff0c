import ArgumentParser
import BatchRunning
import FileIO
import Foundation
import Learning
import MaskFeatures
import MaskFilter
import Parallelism
import Realism
import Reports

/// `ganfilter train`: learn a mask filter from features and hand labels.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the mask filter (any model of the catalogue) on features and hand labels.",
        discussion: """
            Joins the features to the labels (on the file path, else on the file name when it is unique), holds \
            out a stratified test split, cross-validates every candidate of the grid on the rest (stratified \
            k-fold, seeded), picks the best mean fold ROC AUC, chooses the threshold on its out-of-fold scores \
            by --strategy, refits it on all non-test rows and reports the test split at that threshold.

            The report folder also gets thresholds.csv: every strategy's threshold on validation and test, \
            with 95% bootstrap intervals of precision and of the speed-up p2/p1 (latent train's columns).

            Models and their default grids (inputs standardised on the training rows where stated; \
            --param NAME=V[,V...] replaces an axis of every selected model that has it):
            \(ModelGridArguments.help(.masks))

            Strategies: \(ThresholdStrategy.spellings). The model stores every default strategy's threshold.

            Example: ganfilter features masks/ -o features.csv
                     ganfilter train --features features.csv --labels masks/labels.csv --output model.json --report reports/mask-filter

            \(ExitStatusHelp.text)
            """
    )

    @Option(help: "Features table from `ganfilter features` (CSV, or JSON Lines with --format jsonl).")
    var features: String

    @Option(help: "Labels CSV: file,label with good/bad (or 1/0).")
    var labels: String

    @Option(parsing: .unconditional, help: "Grey threshold the features were measured with, when no FEATURES.json says (default as `features`).")
    var threshold: Int?

    @Option(parsing: .unconditional, help: "Dilation radius the features were measured with, when no FEATURES.json says (default as `features`).")
    var dilationRadius: Int?

    @Option(name: .customLong("set"), help: "The feature set the table holds: symmetry, anatomy or all (default: as its columns say).")
    var featureSet: FeatureSet?

    @Option(help: "Folder (or .npy/.npz stack) of the real masks the table's realism columns were measured against, when no FEATURES.json says (a table that went through pandas, say); the model records them, and `filter` needs the same.")
    var reference: String?

    @OptionGroup var referenceMember: ReferenceMemberOption

    @OptionGroup var cache: ReferenceCacheOptions

    @Option(help: "Models to search, comma-separated: \(ModelCatalogue.choices(in: .masks)) (default \(TrainingOptions.defaultModels): logreg and tree; below \(RealismPrior.maximumRows) labelled masks with a \(RealismPrior.column) column, logistic regressions anchored on it (or on \(ReferenceFilter.Score.boundary.column) when the labels rank that better), each self-trained with a forest on the table's unlabelled masks and voting with extremely randomised trees on the labels alone (the mean of both probabilities), and those trees alone, which replace them only when they beat them by more than a standard error; those trees alone when the labels do not show that column's ranking, by a one-sided Mann-Whitney test at 5% (2.5% for the better of two), or when the table has no such column, below \(RealismPrior.maximumRowsWithoutScore) labelled masks).")
    var model: String?

    @Option(parsing: .unconditional, help: "Cross-validation folds.")
    var folds = TrainingOptions.defaultFolds

    @Option(parsing: .unconditional, help: "Share of each class held out for testing (0 keeps all rows for training; default 0.2, or 0 below 100 labelled masks).")
    var testFraction: Double?

    @Option(parsing: .unconditional, help: "Seed of the splits.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Threshold strategy stored as the model's default (\(ModelSelection.defaultStrategy); \(TrainingOptions.fewLabelsStrategy) "
                               + "below \(TrainingOptions.fewLabels) labelled masks)."), transform: ThresholdStrategy.argument)
    var strategy: ThresholdStrategy?

    @Option(parsing: .unconditional, help: "Precision-seeking strategies ignore operating points accepting fewer rows than this.")
    var minAccepted = ModelSelection.defaultMinAccepted

    @Option(help: "What ranks the candidates: roc_auc, average_precision, accuracy or f1 (mean over folds).")
    var metric = ModelSelection.defaultMetric

    @Option(name: .customLong("param"), help: "Replace a grid axis: NAME=V[,V...], e.g. C=1 or max_depth=3,4.")
    var parameters: [String] = []

    @Option(name: .shortAndLong, help: "Model file to write (JSON).")
    var output: String

    @Option(help: "Folder for cv_results.csv, roc.csv, summary.json, excluded.csv, unjoined.csv (and tree.txt/.dot). \(RunManifest.refreshHelp)")
    var report: String?

    @Option(help: "A decisions CSV of another filter (say `filter --reference`) to compare with this one on the held-out test masks: writes filters.csv, separation.csv, and compared_thresholds.csv and compared_roc.csv (its score's thresholds chosen by these labels) into --report.")
    var compare: String?

    @Option(help: "The other filter's name in filters.csv (default: without labels (the --compare file)).")
    var compareName: String?

    @Option(parsing: .unconditional, help: "Worker threads (default: the CPUs this process may use).")
    var jobs = AvailableProcessors.count

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        try referenceMember.validate(reference: reference)
        if let testFraction, !(testFraction >= 0 && testFraction < 1) { throw ValidationError("--test-fraction must be in [0, 1)") }
        guard minAccepted >= 1 else { throw ValidationError("--min-accepted must be at least 1") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        do {
            try FeatureSettings.check(greyThreshold: threshold, dilationRadius: dilationRadius)
        } catch {
            throw ValidationError("\(error.option): \(error)")
        }
        _ = try grid()
        try OutputPath.validate(output, option: "--output", as: .json)
        try OutputPath.validateFolder(report, option: "--report")
        guard compare == nil || report != nil else { throw ValidationError("--compare writes its tables into --report: give both") }
        guard compareName == nil || compare != nil else { throw ValidationError("--compare-name names the --compare filter: give both") }
    }

    /// The catalogue grid of `--model` with the `--param` axes replaced.
    func grid() throws -> ParameterGrid {
        try ModelGridArguments.grid(names: model ?? TrainingOptions.defaultModels, parameters: parameters, domain: .masks,
                                    modelOption: "--model")
    }

    func run() throws {
        // The stated reference is read first, so that no output may be one of its masks.
        let stated: ReferenceSet?
        do {
            stated = try reference.map { path throws(ReferenceSet.Problem) in
                try cache.reference(path, member: referenceMember.name, threshold: UInt8(clamping: threshold ?? Int(FeatureSettings.defaultThreshold)), jobs: jobs, command: "train")
            }
        } catch {
            throw ValidationError("--reference: \(error)")
        }
        try OutputPath.refuseClobbering(
            outputs: [NamedPath("--output", output)],
            folders: report.map { [OutputPath.reportFolder("--report", $0, names: MaskTrainingReport.fileNames + [RunManifest.fileName]
                + (compare == nil ? [] : GeneratorTables.fileNames))] } ?? [],
            inputs: [NamedPath("--features", features), NamedPath("--features settings", FeatureTableSettings.sidecarRead(beside: features)),
                     NamedPath("--labels", labels)] + (compare.map { [NamedPath("--compare", $0)] } ?? [])
                + (stated?.paths ?? []).map { NamedPath("--reference", $0) })
        // The other filter's decisions are read before any work, so a bad file leaves no output (64).
        let otherDecisions = try compare.map { path in
            do {
                return try DecisionTable.read(path)
            } catch {
                throw ValidationError("--compare: \(error)")
            }
        }
        let rows: [FeatureRow]
        let labelTable: LabelTable
        let set: TrainingSet
        let tableSet: FeatureSet
        let realism: Bool
        let sidecar: FeatureTableSettings?
        do {
            (tableSet, realism, rows, sidecar) = try FeatureTable.readWithSettings(features)
            labelTable = try LabelTable(contentsOf: labels)
            set = try TrainingSet(features: rows, labels: labelTable)
        } catch let error as ModelFileError {
            throw ValidationError("--features: \(error)")
        } catch {
            StandardError.print("ganfilter train: \(error)")
            throw ExitCode(2)
        }
        try OutputPath.refuseClobbering(outputs: [NamedPath("--output", output)], maskFilesOf: rows, table: NamedPath("--features", features))
        let settings: FeatureTableSettings
        do {
            let resolved = try StatedSettings(threshold: threshold, dilationRadius: dilationRadius, set: featureSet, reference: stated)
                .resolve(table: features, set: tableSet, realism: realism, sidecar: sidecar, toolVersion: Ganfilter.version)
            settings = resolved.settings
            resolved.note.map { StandardError.print("ganfilter train: \($0)") }
        } catch {
            throw ValidationError("\(error.option): \(error)")
        }
        labelTable.problemSummary.forEach { StandardError.print("ganfilter train: \($0)") }
        if let note = set.joinNote { StandardError.print("ganfilter train: \(note)") }
        guard !set.files.isEmpty else {
            StandardError.print("ganfilter train: no labelled mask to learn from")
            throw ExitCode(2)
        }
        if let usage = set.usage {
            StandardError.print("ganfilter train: \(usage)" + (report.map { ", listed in \($0)/excluded.csv and unjoined.csv" } ?? " (--report lists them)"))
        }
        let grid = try grid()
        let choice: TrainingChoice
        do {
            choice = try TrainingChoice(for: set, columns: settings.columns, grid: grid, modelsNamed: model != nil || !parameters.isEmpty,
                                        folds: folds, testFraction: testFraction, seed: seed, strategy: strategy,
                                        minAccepted: minAccepted, jobs: jobs, metric: metric)
        } catch {
            StandardError.print("ganfilter train: \(error)")
            throw ExitCode(2)
        }
        choice.notes.forEach { StandardError.print("ganfilter train: note: \($0)") }
        let options = choice.options
        let progress = ProgressLine(label: "train", total: 0)
        let result: TrainingResult
        do {
            result = try MaskFilterTraining.train(set, options: options, featureSettings: settings,
                                                  toolVersion: Ganfilter.version) { done, total in progress.update(done, of: total) }
        } catch {
            progress.finish()
            StandardError.print("ganfilter train: \(error)")
            throw ExitCode(2)
        }
        progress.finish()
        try AtomicFile.write(try TrainedModel.bytes(of: result.model.encoded, command: "train"), to: output)
        if let report {
            var written = try MaskTrainingReport.write(result, set: set, to: report)
            if let otherDecisions, let compare {
                let comparison = FilterComparison(result, other: otherDecisions, otherName: compareName ?? "without labels (\(compare))")
                written += try GeneratorTables.write(comparison, FeatureSeparation(set, features: result.model.features), to: report)
                comparison.undecided.prefix(5).forEach { StandardError.print("ganfilter train: --compare: \($0): the other filter could not decide it") }
            }
            try RunManifest(toolVersion: Ganfilter.version, command: Ganfilter.commandLine, seed: seed,
                            inputs: [features, labels] + (compare.map { [$0] } ?? []), outputs: written)
                .write(into: report).note(folder: report).map { StandardError.print("ganfilter train: note: \($0)") }
        }
        if result.selection.folds < folds {
            StandardError.print("ganfilter train: note: \(result.selection.folds)-fold cross-validation instead of \(folds): "
                + "the smallest class has \(result.selection.folds) training rows")
        }
        let summary = SummaryOutput(dataOutputs: [output])
        Self.printSummary(result, set: set, to: summary)
        summary.say("model written to \(output)" + (report.map { "; report in \($0)" } ?? ""))
        // Unreadable masks and unusable label lines make the status 1; the model is still written.
        let unreadable = rows.filter { $0.status == .error }.count + labelTable.problems.count
        if unreadable > 0 { throw ExitCode(1) }
    }

    /// Prints the chosen model, by the rule its selection ran (folds, dealings, metric, preference), its
    /// threshold and each split's outcome; `pipeline` prints its training the same way.
    static func printSummary(_ result: TrainingResult, set: TrainingSet, to output: SummaryOutput = .standardOutput) {
        let selection = result.selection, summary = MaskTrainingReport.summary(result, set: set)
        let crossValidation = selection.chosen.repeats > 1
            ? "\(selection.chosen.repeats) times repeated \(selection.folds)-fold" : "\(selection.folds)-fold"
        let metric = selection.metric.rawValue, candidates = selection.candidates.count
        let rule = selection.preferred > 0
            ? "of \(candidates) by mean \(crossValidation) \(metric), the first \(selection.preferred) preferred unless beaten by a standard error"
            : "best of \(candidates) by mean \(crossValidation) \(metric)"
        output.say("chosen: \(summary.model) \(summary.parameters) (\(rule); "
            + String(format: "ROC AUC %.4f ± %.4f)", summary.cvAucMean, summary.cvAucStd))
        output.say("threshold: \(summary.threshold.map { String(format: "%.4f", $0) } ?? "none") (\(summary.strategy))")
        for split in summary.splits {
            let ratio = { (value: Double?) in value.map { String(format: "%.2f", $0) } ?? "n/a" }
            output.say("\(split.split): \(split.rows) rows, accepted \(split.tp + split.fp) (good \(split.tp), bad \(split.fp));"
                + " bad:good \(ratio(split.badPerGoodBefore)):1 before, \(ratio(split.badPerGoodAfter)):1 after;"
                + " ROC AUC \(ratio(split.rocAuc))")
        }
    }
}

extension SelectionMetric: ExpressibleByArgument {}
