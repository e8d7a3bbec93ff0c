import BatchRunning
import FileIO
import LatentPrefilter
import Learning
import MaskImage
import MaskFilter
import Matrices
import Realism
import Reports
import SymmetryFeatures
import Synthesis

/// The whole study as a value (`ganfilter pipeline`): the mask filter from features to decisions, the latent
/// prefilter from (synthetic) records to thresholds, and the HTML report, written into one folder. Each step
/// runs the library values its command runs and writes what that command writes, so a step's files are those
/// of the equivalent command line (`steps`), which the run records in `manifest.json`.
public struct StudyRun: Sendable {
    /// Folder of segmentation masks.
    public var masks: String
    /// Their labels CSV.
    public var labels: String
    /// Mask filter model kinds (`train --model`).
    public var maskModels: [String]
    /// A real generator's masks, filtered with and without labels (`generator/`); nil leaves that part out.
    public var generator: GeneratorBench?
    /// Where the latent records come from, or that the run has no latent part.
    public var latent: LatentSource
    /// What the latent prefilter predicts.
    public var target: String
    /// Latent model kinds (`latent train --models`).
    public var latentModels: [String]
    /// The output folder (without a trailing slash).
    public let folder: String
    /// Seed of splits, bootstrap and synthetic data.
    public var seed: UInt64
    /// Threads; results do not depend on it.
    public var jobs: Int
    /// The version written into model files and manifests.
    public var toolVersion: String

    /// A study writing into `output`.
    public init(masks: String, labels: String, maskModels: [String], generator: GeneratorBench?, latent: LatentSource,
                target: String, latentModels: [String], output: String, seed: UInt64, jobs: Int, toolVersion: String) {
        self.masks = masks
        self.labels = labels
        self.maskModels = maskModels
        self.generator = generator
        self.latent = latent
        self.target = target
        self.latentModels = latentModels
        folder = output.hasSuffix("/") && output.count > 1 ? String(output.dropLast()) : output
        self.seed = seed
        self.jobs = jobs
        self.toolVersion = toolVersion
    }

    /// The latent records of a run.
    public enum LatentSource: Sendable, Equatable {
        /// `records` synthetic records (`synth latent`, seeded by the run's seed), the shipped demonstration.
        case synthetic(records: Int)
        /// The user's latent dataset at this path.
        case dataset(String)
        /// No latent part: a run on a user's masks alone.
        case none

        /// The user's dataset, nil when there is none.
        var path: String? {
            if case .dataset(let path) = self { path } else { nil }
        }

        /// Whether the run synthesises its records.
        var isSynthetic: Bool {
            if case .synthetic = self { true } else { false }
        }
    }

    /// One step and the command line that does the same.
    public struct Step: Sendable {
        /// What the step makes, for people.
        public let title: String
        /// The equivalent `ganfilter` command line, program name first.
        public let commandLine: [String]
    }

    /// How a step ended, as its command's exit status would say.
    public enum StepStatus: Int32, Sendable {
        /// Every input read, every output written (0).
        case complete = 0
        /// The outputs were written, but some inputs or rows were unusable (1).
        case partial = 1
        /// Nothing usable was produced (2).
        case failed = 2
    }

    /// What the run reports as it goes.
    public enum Event: Sendable {
        /// Step `index` (0-based) of `count` starts.
        case started(index: Int, count: Int, Step)
        /// Something a person should read (a problem, a count).
        case message(String)
        /// The mask filter was trained.
        case maskTraining(TrainingResult, TrainingSet)
        /// A latent group finished, or was skipped.
        case latentGroup(LatentTrainingRun.Event)
        /// The latent prefilter was trained.
        case latentTraining(LatentTrainingOutcome)
        /// Step `index` ended with `status`.
        case finished(index: Int, StepStatus)
    }

    /// What a run produced.
    public struct Outcome: Sendable {
        /// Each step's status, in order.
        public let statuses: [StepStatus]
        /// The report's files and the manifest.
        public let written: [String]
    }

    /// The generator's latent records: one group, and the 0/1 outcome column the prefilter predicts.
    static let generatorGroup = "gan", generatorTarget = "passed"

    /// The prior of the synthetic latent records (the study's text), recorded in the prefilter trained on them.
    static let syntheticDistribution = LatentDistribution.uniform

    /// The mask part's steps, which come first; the generator part's follow them.
    static let maskStepCount = 3

    var masksFolder: String { folder + "/masks" }
    var latentFolder: String { folder + "/latent" }
    var latentData: String { latent.path ?? latentFolder + "/latent.csv.gz" }
    var analysisFolder: String { latentFolder + "/" + ReportSchema.Latent.analysisFolder }
    var featuresPath: String { masksFolder + "/" + ReportSchema.Masks.features }
    var maskModelPath: String { masksFolder + "/" + ReportSchema.Masks.model }
    var decisionsPath: String { masksFolder + "/" + ReportSchema.Masks.decisions }
    var prefilterPath: String { latentFolder + "/prefilter.json" }
    var generatorFolder: String { folder + "/generator" }
    var generatorFeaturesPath: String { generatorFolder + "/" + ReportSchema.Masks.features }
    var generatorModelPath: String { generatorFolder + "/" + ReportSchema.Masks.model }
    var generatorDecisionsPath: String { generatorFolder + "/" + ReportSchema.Generator.referenceDecisions }
    var generatorLatentFolder: String { generatorFolder + "/latent" }
    var generatorPrefilterPath: String { generatorLatentFolder + "/prefilter.json" }
    var generatorVerifyPath: String { generatorLatentFolder + "/" + ReportSchema.Generator.verify }

    /// The generator part's steps: three for its masks, one more for its latents, one more for a fresh run.
    var generatorStepCount: Int {
        generator.map { 3 + ($0.latents == nil ? 0 : 1) + ($0.freshRun == nil ? 0 : 1) } ?? 0
    }

    /// The steps in order, with their equivalent command lines.
    public var steps: [Step] {
        let common = ["--jobs", String(jobs)]
        var steps = [
            Step(title: "mask features", commandLine: ["ganfilter", "features", masks, "--output", featuresPath] + common),
            Step(title: "mask filter training", commandLine: ["ganfilter", "train", "--features", featuresPath, "--labels", labels,
                                                               "--model", maskModels.joined(separator: ","), "--output", maskModelPath,
                                                               "--report", masksFolder, "--seed", String(seed)] + common),
            Step(title: "mask filter decisions", commandLine: ["ganfilter", "filter", "--features", featuresPath, "--model", maskModelPath,
                                                                "--labels", labels, "--output", decisionsPath] + common),
        ]
        if let generator {
            steps += [
                Step(title: "generated mask features", commandLine: ["ganfilter", "features", generator.masks, "--set", "all", "--reference",
                                                                     generator.reference, "--output", generatorFeaturesPath] + common),
                Step(title: "generated mask filter with labels", commandLine: [
                    "ganfilter", "train", "--features", generatorFeaturesPath, "--labels", generator.labels, "--model",
                    maskModels.joined(separator: ","), "--output", generatorModelPath, "--report", generatorFolder, "--seed", String(seed),
                ] + common),
                Step(title: "generated mask filter without labels", commandLine: ["ganfilter", "filter", generator.masks, "--reference",
                                                                                  generator.reference, "--output", generatorDecisionsPath]
                    + common),
            ]
            if let latents = generator.latents {
                steps.append(Step(title: "the generator's latent prefilter", commandLine: [
                    "ganfilter", "latent", "train", "--data", latents, "--target", Self.generatorTarget, "--models",
                    latentModels.joined(separator: ","), "--seed", String(seed), "--output", generatorPrefilterPath,
                    "--report", generatorLatentFolder,
                ] + common))
            }
            if let fresh = generator.freshRun {
                steps.append(Step(title: "its promise on a fresh run", commandLine: [
                    "ganfilter", "latent", "verify", "--model", generatorPrefilterPath, "--group", Self.generatorGroup, "--data", fresh,
                    "--target", Self.generatorTarget, "--output", generatorVerifyPath,
                ]))
            }
        }
        if case .synthetic(let records) = latent {
            steps.append(Step(title: "synthetic latent records", commandLine: ["ganfilter", "synth", "latent", "--records", String(records),
                                                                                "--seed", String(seed), "--output", latentData]))
        }
        guard latent != .none else { return steps }
        if target == "valid" {
            // The study's tables need valid and the five scores; a dataset of other outcomes skips them.
            steps.append(Step(title: "latent dataset analysis", commandLine: ["ganfilter", "latent", "analyze", "--data", latentData,
                                                                               "--report", analysisFolder]))
        }
        steps.append(Step(title: "latent prefilter training", commandLine: [
            "ganfilter", "latent", "train", "--data", latentData, "--target", target, "--models", latentModels.joined(separator: ","),
            "--seed", String(seed), "--output", prefilterPath, "--report", latentFolder,
        ] + common))
        return steps
    }

    /// Every file the run writes, for checking before it starts that none is an input. No two steps write the
    /// same file, so the list holds each path once (`StudyTests`), and a run into the folder of an earlier run
    /// replaces its files.
    public var outputs: [String] {
        [featuresPath, FeatureTableSettings.sidecarPath(beside: featuresPath), maskModelPath, decisionsPath,
         folder + "/index.html", folder + "/" + RunManifest.fileName] + (latent == .none ? [] : [prefilterPath])
            + [masksFolder + "/" + RunManifest.fileName]
            + MaskTrainingReport.fileNames.map { masksFolder + "/" + $0 } + [masksFolder + "/" + ReportSchema.Masks.badShare]
            + (latent == .none ? [] : [latentFolder + "/" + RunManifest.fileName]
                + (LatentAnalysisTables.fileNames + [RunManifest.fileName]).map { analysisFolder + "/" + $0 }
                + LatentTrainingReport.fileNames.map { latentFolder + "/" + $0 })
            + (latent.isSynthetic ? [latentData] : [])
            + (generator == nil ? [] : [generatorFeaturesPath, FeatureTableSettings.sidecarPath(beside: generatorFeaturesPath), generatorModelPath,
                                        generatorDecisionsPath]
                + (MaskTrainingReport.fileNames + GeneratorTables.fileNames + [RunManifest.fileName]).map { generatorFolder + "/" + $0 })
            + (generator?.latents == nil ? [] : [generatorPrefilterPath, generatorVerifyPath]
                + (LatentTrainingReport.fileNames + [RunManifest.fileName]).map { generatorLatentFolder + "/" + $0 })
    }

    /// Runs every step (a failed step does not stop the others), then writes `index.html` and `manifest.json`.
    /// `commandLine` is recorded as the run's own; `screenSeconds` and `seconds` bring measured times in;
    /// `progress` hears, from any thread, how much of the running step's work is done (as its command shows it).
    public func run(commandLine: [String], screenSeconds: @escaping (FittedClassifier, Matrix) -> Double, seconds: @escaping () -> Double,
                    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil, events: (Event) -> Void) throws(OutputError) -> Outcome {
        for path in [folder, masksFolder] + (latent == .none ? [] : [latentFolder]) + (generator == nil ? [] : [generatorFolder])
            + (generator?.latents == nil ? [] : [generatorLatentFolder]) { try AtomicFile.createFolder(path) }
        let steps = self.steps
        var statuses: [StepStatus] = []
        var index = 0
        func step(_ body: () throws(OutputError) -> StepStatus) throws(OutputError) {
            events(.started(index: index, count: steps.count, steps[index]))
            let status = try body()
            statuses.append(status)
            events(.finished(index: index, status))
            index += 1
        }

        var rows: [FeatureRow] = []
        let tableSettings = FeatureTableSettings(FeatureSettings(), toolVersion: toolVersion)
        try step { () throws(OutputError) -> StepStatus in
            let status: StepStatus
            (rows, status) = try features(of: masks, settings: FeatureSettings(), to: featuresPath, progress: progress, events: events)
            return status
        }
        var model: MaskFilterModel?
        var labelTable: LabelTable?
        try step { () throws(OutputError) -> StepStatus in
            guard let trained = try trainFilter(rows, labels: labels, featureSettings: tableSettings, modelPath: maskModelPath,
                                                reportFolder: masksFolder, command: steps[index].commandLine, progress: progress, events: events) else {
                return .failed
            }
            model = trained.result.model
            labelTable = trained.labels
            return trained.status
        }
        try step { () throws(OutputError) -> StepStatus in
            guard let model, let labelTable else {
                events(.message("no mask filter model: the training step failed"))
                return .failed
            }
            do {
                let threshold = try StrategyThreshold.stored(model.strategy, in: model.thresholds)
                let decisions = FilterDecision.decide(rows, classifier: try model.fittedClassifier(), threshold: threshold)
                try AtomicFile.write(Array(DecisionTable.csv(decisions).utf8), to: decisionsPath)
                if let share = try? BadShare(decisions, labels: labelTable), let before = share.shareBefore {
                    events(.message("labelled images: \(Int((100 * before).rounded()))% bad; accepted: "
                        + (share.shareAfter.map { "\(Int((100 * $0).rounded()))% bad" } ?? "none")))
                }
                let failed = decisions.filter { $0.decision == .error }.count
                return StepStatus(rawValue: BatchOutcome(total: decisions.count, failed: failed).exitStatus) ?? .failed
            } catch let error as OutputError {
                throw error
            } catch {
                events(.message("\(error)"))
                return .failed
            }
        }
        // The generator part: every feature set against the reference, the labelled filter, the label-free
        // filter, and the two compared on the held-out masks (`GeneratorTables`).
        if let generator {
            var reference: ReferenceSet?
            var rows: [FeatureRow] = []
            var settings = FeatureSettings(set: .all)
            try step { () throws(OutputError) -> StepStatus in
                do {
                    reference = try ReferenceSet(folder: generator.reference, threshold: settings.threshold)
                } catch {
                    events(.message("generator reference: \(error)"))
                    return .failed
                }
                settings.reference = reference
                let status: StepStatus
                (rows, status) = try features(of: generator.masks, settings: settings, to: generatorFeaturesPath, progress: progress,
                                              events: events)
                return status
            }
            var trained: (result: TrainingResult, set: TrainingSet, labels: LabelTable, status: StepStatus)?
            try step { () throws(OutputError) -> StepStatus in
                guard reference != nil else { return .failed }
                trained = try trainFilter(rows, labels: generator.labels, featureSettings: FeatureTableSettings(settings, toolVersion: toolVersion),
                                          modelPath: generatorModelPath, reportFolder: generatorFolder, command: steps[Self.maskStepCount + 1].commandLine,
                                          progress: progress, events: events)
                return trained?.status ?? .failed
            }
            try step { () throws(OutputError) -> StepStatus in
                guard let reference, let trained else { return .failed }
                let filter: ReferenceFilter
                do {
                    filter = try ReferenceFilter(reference: reference)
                } catch {
                    events(.message("generator reference: \(error)"))
                    return .failed
                }
                let inputs = MaskInputListing([generator.masks], recursive: false).inputs
                let decisions = filter.decide(inputs, greyThreshold: settings.threshold, jobs: jobs,
                                              progress: progress.map { report in { @Sendable done in report(done, inputs.count) } })
                try AtomicFile.write(Array(DecisionTable.csv(decisions).utf8), to: generatorDecisionsPath)
                let model = trained.result.model.classifier
                let comparison = FilterComparison(training: trained.result, labelled: "with labels: \(model.kind) (\(model.parameters))",
                                                  referenceDecisions: decisions,
                                                  labelFree: "without labels: reference \(filter.quantile)-quantile of best Dice")
                try GeneratorTables.write(comparison, FeatureSeparation(trained.set, features: trained.result.model.features), to: generatorFolder)
                comparison.undecided.prefix(5).forEach { events(.message("\($0): the label-free filter could not decide it")) }
                let failed = decisions.filter { $0.decision == .error }.count
                return StepStatus(rawValue: BatchOutcome(total: decisions.count, failed: failed).exitStatus) ?? .failed
            }
        }
        if let latents = generator?.latents {
            var prefilter: PrefilterModel?
            try step { () throws(OutputError) -> StepStatus in
                let read: (dataset: LatentDataset, issues: [DatasetIssue])
                do {
                    read = try LatentDataset.read(latents, jobs: jobs)
                } catch {
                    events(.message("\(error)"))
                    return .failed
                }
                let trained = try trainPrefilter(read, data: latents, target: Self.generatorTarget, distribution: nil,
                                                 modelPath: generatorPrefilterPath, reportFolder: generatorLatentFolder,
                                                 command: steps[index].commandLine, screenSeconds: screenSeconds, seconds: seconds, events: events)
                prefilter = trained.model
                return trained.status
            }
            if let fresh = generator?.freshRun {
                try step { () throws(OutputError) -> StepStatus in
                    guard let prefilter else { return .failed }
                    do {
                        let run = try LatentDataset.read(fresh, jobs: jobs).dataset
                        let rows = run.groups.indices.filter { run.groups[$0] == Self.generatorGroup }
                        guard let outcomes = run.labels(Self.generatorTarget), !rows.isEmpty else {
                            events(.message("\(fresh) has no \(Self.generatorTarget) rows of group \(Self.generatorGroup)"))
                            return .failed
                        }
                        let screening = try LatentScreening(model: prefilter, group: Self.generatorGroup, threshold: .strategy(nil))
                        let promise = try LatentVerification.promise(in: prefilter, group: Self.generatorGroup, strategy: nil)
                        let verification = try LatentVerification(screening: screening, promise: promise,
                                                                  latents: run.latents.selecting(rows: rows), outcomes: rows.map { outcomes[$0] },
                                                                  seed: seed)
                        try AtomicFile.write(Array(verification.json.utf8), to: generatorVerifyPath)
                        events(.message("the generator's prefilter on \(fresh): \(verification.verdict.rawValue)"))
                        return .complete
                    } catch let error as OutputError {
                        throw error
                    } catch {
                        events(.message("\(error)"))
                        return .failed
                    }
                }
            }
        }
        if case .synthetic(let records) = latent {
            try step { () throws(OutputError) -> StepStatus in
                let dataset = LatentSynthesis(dimensions: 128, distribution: Self.syntheticDistribution, seed: seed).dataset(records: records)
                try dataset.write(to: latentData)
                events(.message("wrote \(dataset.count) records (\(dataset.valid.filter { $0 }.count) valid) to \(latentData)"))
                return .complete
            }
        }
        // The latent steps read the dataset once, in the first of them.
        var loaded: (dataset: LatentDataset, issues: [DatasetIssue])??
        func usableDataset() -> (dataset: LatentDataset, issues: [DatasetIssue])? {
            if let loaded { return loaded }
            var read: (dataset: LatentDataset, issues: [DatasetIssue])?
            do {
                read = try LatentDataset.read(latentData, jobs: jobs)
            } catch {
                events(.message("\(error)"))
            }
            if let read, let first = read.issues.first {
                events(.message("\(read.issues.count) rows left out (first: \(latentData):\(first.line): \(first.reason))"))
            }
            if let count = read?.dataset.count, count == 0 {
                events(.message("no usable rows in \(latentData)"))
                read = nil
            }
            loaded = .some(read)
            return read
        }
        if latent != .none && target == "valid" {
            try step { () throws(OutputError) -> StepStatus in
                guard let usable = usableDataset(), usable.dataset.hasStudyColumns else { return .failed }
                try LatentAnalysisTables.write(LatentAnalysis(usable.dataset, jobs: jobs), issues: usable.issues, to: analysisFolder)
                try RunManifest(toolVersion: toolVersion, command: steps[index].commandLine, seed: nil, inputs: [latentData])
                    .write(into: analysisFolder)
                return usable.issues.isEmpty ? .complete : .partial
            }
        }
        if latent != .none {
            try step { () throws(OutputError) -> StepStatus in
                guard let usable = usableDataset() else { return .failed }
                return try trainPrefilter(usable, data: latentData, target: target, distribution: latent.isSynthetic ? Self.syntheticDistribution : nil,
                                          modelPath: prefilterPath, reportFolder: latentFolder, command: steps[index].commandLine,
                                          screenSeconds: screenSeconds, seconds: seconds, events: events).status
            }
        }

        // The mask steps come first, then (with a generator) the generator's, and the latent part last.
        let wrote = statuses.map { $0 != .failed }
        let report = StudyReport(folder: folder, labelsPath: labels,
                                 subtitle: "Masks: \(masks) (labels \(labels)). "
                                    + (generator.map { "Generated masks: \($0.masks) (labels \($0.labels), reference \($0.reference)). " } ?? "")
                                    + latentSubtitle + "ganfilter \(toolVersion).",
                                 masksRan: wrote.prefix(Self.maskStepCount).allSatisfy { $0 },
                                 generator: generator.map { ($0.labels, wrote.dropFirst(Self.maskStepCount).prefix(generatorStepCount).allSatisfy { $0 }) },
                                 latentRan: latent == .none ? nil : wrote.last ?? false)
        let written = try report.write()
        try RunManifest(toolVersion: toolVersion, command: commandLine, seed: seed,
                        inputs: [masks, labels, generator?.masks, generator?.labels, generator?.reference, generator?.latents,
                                 generator?.freshRun, latent.path].compactMap { $0 },
                        steps: steps.map(\.commandLine))
            .write(into: folder)
        return Outcome(statuses: statuses, written: written + [folder + "/" + RunManifest.fileName])
    }
    /// What the page's header says of the latent part.
    var latentSubtitle: String {
        switch latent {
        case .synthetic(let records):
            return "Latent records: \(records) synthetic, seed \(seed) (a demonstration; --latent gives yours). "
                + "Latent models: \(latentModels.joined(separator: ",")). "
        case .dataset(let path):
            return "Latent records: \(path). Latent models: \(latentModels.joined(separator: ",")). "
        case .none:
            return "No latent records given: the latent prefilter was not run (--latent adds it). "
        }
    }

    /// The features of every mask in `folder`, written to `path`, and the step's status.
    private func features(of folder: String, settings: FeatureSettings, to path: String, progress: (@Sendable (Int, Int) -> Void)?,
                          events: (Event) -> Void) throws(OutputError) -> ([FeatureRow], StepStatus) {
        let listing = MaskInputListing([folder], recursive: false)
        listing.notes.forEach { events(.message("note: \($0)")) }
        let count = listing.inputs.count
        let rows = FeatureExtraction.rows(for: listing.inputs, settings: settings, jobs: jobs,
                                          progress: progress.map { report in { @Sendable done in report(done, count) } })
        try FeatureTable.write(rows, as: .csv, settings: FeatureTableSettings(settings, toolVersion: toolVersion), to: path)
        let errors = rows.filter { $0.status == .error }
        errors.prefix(5).forEach { events(.message("\($0.file): \($0.error ?? "")")) }
        return (rows, StepStatus(rawValue: BatchOutcome(total: rows.count, failed: errors.count).exitStatus) ?? .failed)
    }

    /// `train`: the mask filter on `rows` and the labels at `labels`, its model and report written; nil (after
    /// saying why) when it cannot be trained.
    private func trainFilter(_ rows: [FeatureRow], labels: String, featureSettings: FeatureTableSettings, modelPath: String,
                             reportFolder: String, command: [String], progress: (@Sendable (Int, Int) -> Void)?,
                             events: (Event) -> Void) throws(OutputError)
        -> (result: TrainingResult, set: TrainingSet, labels: LabelTable, status: StepStatus)?
    {
        do {
            let table = try LabelTable(contentsOf: labels)
            table.problemSummary.forEach { events(.message($0)) }
            let set = try TrainingSet(features: rows, labels: table)
            if let usage = set.usage { events(.message(usage + ", listed in \(reportFolder)/excluded.csv and unjoined.csv")) }
            if let note = set.joinNote { events(.message(note)) }
            let grid = try ParameterGrid(named: maskModels, domain: .masks)
            let options = try TrainingOptions(grid: grid, testFraction: TrainingOptions.testFraction(requested: nil, rows: set.labels.count),
                                              seed: seed, jobs: jobs)
            let result = try MaskFilterTraining.train(set, options: options, featureSettings: featureSettings, toolVersion: toolVersion,
                                                      progress: progress)
            try AtomicFile.write(try result.model.encoded(), to: modelPath)
            try MaskTrainingReport.write(result, set: set, to: reportFolder)
            try RunManifest(toolVersion: toolVersion, command: command, seed: seed, inputs: [featuresFile(in: reportFolder), labels])
                .write(into: reportFolder)
            events(.maskTraining(result, set))
            let status: StepStatus = rows.contains { $0.status == .error } || !table.problems.isEmpty ? .partial : .complete
            return (result, set, table, status)
        } catch let error as OutputError {
            throw error
        } catch {
            events(.message("\(error)"))
            return nil
        }
    }

    private func featuresFile(in reportFolder: String) -> String {
        reportFolder + "/" + ReportSchema.Masks.features
    }
    /// `latent train` on a dataset already read: the prefilter, its model file and report; nil model (after
    /// saying why) when it cannot be trained.
    private func trainPrefilter(_ usable: (dataset: LatentDataset, issues: [DatasetIssue]), data: String, target: String,
                                distribution: LatentDistribution?, modelPath: String, reportFolder: String, command: [String],
                                screenSeconds: @escaping (FittedClassifier, Matrix) -> Double, seconds: @escaping () -> Double,
                                events: (Event) -> Void) throws(OutputError) -> (model: PrefilterModel?, status: StepStatus) {
        do {
            let options = LatentTrainingOptions(
                candidates: try ParameterGrid(named: latentModels, domain: .latents).candidates(seed: seed),
                target: target == "all" ? "valid" : target, seed: seed, latentDistribution: distribution, jobs: jobs)
            let run = try LatentTrainingRun(dataset: usable.dataset, groups: nil, options: options, comparesAllScores: target == "all")
            let outcome = run.run(screenSeconds: screenSeconds, seconds: seconds) { events(.latentGroup($0)) }
            guard !outcome.trainings.isEmpty else { return (nil, .failed) }
            let prefilter = PrefilterModel(outcome.trainings, options: options, dimensions: usable.dataset.latents.columns,
                                           toolVersion: toolVersion)
            try AtomicFile.write(try prefilter.encoded(), to: modelPath)
            try LatentTrainingReport.write(outcome, issues: usable.issues, to: reportFolder)
            try RunManifest(toolVersion: toolVersion, command: command, seed: seed, inputs: [data]).write(into: reportFolder)
            events(.latentTraining(outcome))
            return (prefilter, usable.issues.isEmpty && outcome.failures == 0 ? .complete : .partial)
        } catch let error as OutputError {
            throw error
        } catch {
            events(.message("\(error)"))
            return (nil, .failed)
        }
    }
}
