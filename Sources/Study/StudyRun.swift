import BatchRunning
import FileIO
import LatentPrefilter
import Learning
import MaskFeatures
import MaskFilter
import MaskImage
import Matrices
import Realism
import Reports
import Synthesis

/// The whole study as a value (`ganfilter pipeline`): the mask filter from features to decisions, the latent
/// prefilter from (synthetic) records to thresholds, and the HTML report, written into one folder. Each step
/// runs the library values its command runs and writes what that command writes, so a step's files are those
/// of the equivalent command line (`steps`), which the run records in `manifest.json`.
public struct StudyRun: Sendable {
    /// Segmentation masks and their labels, the mask filter part (`masks/`); nil leaves that part out.
    public var masks: LabelledMasks?
    /// The mask filter's models (`train --model`, `--param`).
    public var maskModels: ParameterGrid
    /// Whether `maskModels` were named (`pipeline --mask-model`). When not, a training step trains what `train`
    /// chooses without `--model` (`TrainingChoice`): on few labels with a label-free score, the few-label models;
    /// else `maskModels`, the default ones.
    public var maskModelsNamed = true
    /// A real generator's masks, filtered with and without labels (`generator/`); nil leaves that part out.
    public var generator: GeneratorBench?
    /// Where the latent records come from, or that the run has no latent part.
    public var latent: LatentSource
    /// What the latent prefilter predicts.
    public var target: String
    /// The latent prefilter's models (`latent train --models`, `--param`).
    public var latentModels: ParameterGrid
    /// The output folder (without a trailing slash).
    public let folder: String
    /// Seed of splits, bootstrap and synthetic data.
    public var seed: UInt64
    /// Threads; results do not depend on it.
    public var jobs: Int
    /// The version written into model files and manifests.
    public var toolVersion: String
    /// Where the reference's decoded masks, table of nearest masks, anatomy ranges and leave-one-out scores are
    /// kept between runs, as the commands keep them by default (`CacheFolder.user`); nil, or a folder that cannot
    /// be made or written (`CacheFolder.prepared`), computes them each run. The results are the same either way.
    public var cache: String? = CacheFolder.user

    /// A study writing into `output`.
    public init(masks: LabelledMasks?, maskModels: ParameterGrid, generator: GeneratorBench?, latent: LatentSource,
                target: String, latentModels: ParameterGrid, output: String, seed: UInt64, jobs: Int, toolVersion: String) {
        self.masks = masks
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

    /// One step as people see it: what it makes, and the command line that writes the same files.
    public struct Step: Sendable {
        /// What the step makes, for people.
        public let title: String
        /// The equivalent `ganfilter` command line, program name first.
        public let commandLine: [String]

        /// The command line as a POSIX shell reads it back (`ShellCommand`).
        public var shellCommand: String {
            ShellCommand.line(commandLine)
        }
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
        /// Whether every step of the mask filter part, the generator part and the latent part ran (none failed);
        /// nil for a part the run does not have. The report says the same of each part.
        public let masksRan: Bool?, generatorRan: Bool?, latentRan: Bool?
    }

    /// The generator's latent records: one group, and the 0/1 outcome column the prefilter predicts.
    static let generatorGroup = "gan", generatorTarget = "passed"

    /// The prior of the synthetic latent records (the study's text), recorded in the prefilter trained on them.
    static let syntheticDistribution = LatentDistribution.uniform

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

    /// The steps in order, with their equivalent command lines.
    public var steps: [Step] { plan.map(\.step) }

    /// Every step: what people see, which part of the report it feeds, and its body. Each step's command line
    /// and body are made from the same values, and the body does what that command does, from the files the
    /// earlier steps wrote, through the same library functions.
    var plan: [StudyStep] {
        var plan: [StudyStep] = []
        if let masks {
            plan += [
                features(title: "mask features", of: (masks.masks, masks.member), set: .symmetry, reference: nil, to: featuresPath, part: .masks),
                train(title: "mask filter training", features: featuresPath, labels: masks.labels, model: maskModelPath, report: masksFolder,
                      compare: nil, part: .masks),
                filter(title: "mask filter decisions", features: featuresPath, model: maskModelPath, labels: masks.labels, to: decisionsPath),
            ]
        }
        if let generator {
            plan += [
                features(title: "generated mask features", of: (generator.masks, generator.masksMember), set: .all,
                         reference: (generator.reference, generator.referenceMember), to: generatorFeaturesPath, part: .generator),
                referenceFilter(title: "generated mask filter without labels", of: (generator.masks, generator.masksMember),
                                reference: (generator.reference, generator.referenceMember), to: generatorDecisionsPath),
            ]
            if let labels = generator.labels {
                plan.append(train(title: "generated mask filter with labels, beside the one without", features: generatorFeaturesPath,
                                  labels: labels, model: generatorModelPath, report: generatorFolder,
                                  compare: (generatorDecisionsPath, ReferenceFilter.Score.standard.summary(quantile: ReferenceFilter.defaultQuantile)),
                                  part: .generator))
            }
            if let latents = generator.latents {
                plan.append(latentTrain(title: "the generator's latent prefilter", data: latents, target: Self.generatorTarget, distribution: nil,
                                        model: generatorPrefilterPath, report: generatorLatentFolder, part: .generator))
                if let fresh = generator.freshRun {
                    plan.append(verify(title: "its promise on a fresh run", model: generatorPrefilterPath, group: Self.generatorGroup, data: fresh,
                                       target: Self.generatorTarget, to: generatorVerifyPath))
                }
            }
        }
        if case .synthetic(let records) = latent {
            plan.append(synthesise(title: "synthetic latent records", records: records, to: latentData))
        }
        guard latent != .none else { return plan }
        if target == LatentTrainingOptions.defaultTarget {
            // The study's tables need valid and the five scores; a dataset of other outcomes skips them.
            plan.append(analyze(title: "latent dataset analysis", data: latentData, report: analysisFolder))
        }
        plan.append(latentTrain(title: "latent prefilter training", data: latentData, target: target,
                                distribution: latent.isSynthetic ? Self.syntheticDistribution : nil, model: prefilterPath, report: latentFolder,
                                part: .latent))
        return plan
    }

    /// Every file the run writes, for checking before it starts that none is an input. No two steps write the
    /// same file, so the list holds each path once (`StudyTests`), and a run into the folder of an earlier run
    /// replaces its files.
    public var outputs: [String] {
        [folder + "/index.html", folder + "/" + RunManifest.fileName] + (latent == .none ? [] : [prefilterPath])
            + (masks == nil ? [] : [featuresPath, FeatureTableSettings.sidecarPath(beside: featuresPath), maskModelPath, decisionsPath,
                                    masksFolder + "/" + RunManifest.fileName]
                + MaskTrainingReport.fileNames.map { masksFolder + "/" + $0 } + [masksFolder + "/" + ReportSchema.Masks.badShare]
                + [masksFolder + "/" + StudyReport.contactSheet])
            + (latent == .none ? [] : [latentFolder + "/" + RunManifest.fileName]
                + (LatentAnalysisTables.fileNames + [RunManifest.fileName]).map { analysisFolder + "/" + $0 }
                + LatentTrainingReport.fileNames.map { latentFolder + "/" + $0 })
            + (latent.isSynthetic ? [latentData] : [])
            + (generator == nil ? [] : [generatorFeaturesPath, FeatureTableSettings.sidecarPath(beside: generatorFeaturesPath), generatorDecisionsPath,
                                        generatorFolder + "/" + StudyReport.contactSheet])
            + (generator?.labels == nil ? [] : [generatorModelPath]
                + (MaskTrainingReport.fileNames + GeneratorTables.fileNames + [RunManifest.fileName]).map { generatorFolder + "/" + $0 })
            + (generator?.latents == nil ? [] : [generatorPrefilterPath, generatorVerifyPath]
                + (LatentTrainingReport.fileNames + [RunManifest.fileName]).map { generatorLatentFolder + "/" + $0 })
    }

    /// Runs every step (a failed step does not stop the others), then writes `index.html` and `manifest.json`.
    /// `commandLine` is recorded as the run's own; `screenSeconds` and `seconds` bring measured times in;
    /// `progress` hears, from any thread, how much of the running step's work is done (as its command shows it).
    public func run(commandLine: [String], screenSeconds: @escaping (FittedClassifier, Matrix) -> Double, seconds: @escaping () -> Double,
                    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
                    events: @escaping (Event) -> Void) throws(OutputError) -> Outcome {
        for path in [folder] + (masks == nil ? [] : [masksFolder]) + (latent == .none ? [] : [latentFolder]) + (generator == nil ? [] : [generatorFolder])
            + (generator?.latents == nil ? [] : [generatorLatentFolder]) { try AtomicFile.createFolder(path) }
        let plan = self.plan
        let context = StudyStep.Context(jobs: jobs, seed: seed, toolVersion: toolVersion, screenSeconds: screenSeconds, seconds: seconds,
                                        progress: progress, events: events)
        var statuses: [StepStatus] = []
        var ran: [StudyStep.Part: Bool] = [:]
        for (index, planned) in plan.enumerated() {
            events(.started(index: index, count: plan.count, planned.step))
            let status = try planned.body(context)
            statuses.append(status)
            ran[planned.part] = (ran[planned.part] ?? true) && status != .failed
            events(.finished(index: index, status))
        }

        let masksRan = masks == nil ? nil : ran[.masks] ?? false, generatorRan = generator == nil ? nil : ran[.generator] ?? false
        let latentRan = latent == .none ? nil : ran[.latent] ?? false
        let report = StudyReport(folder: folder, labelsPath: masks?.labels,
                                 subtitle: (masks.map { "Masks: \($0.masks)\($0.member.map { ", its array \($0)" } ?? "") (labels \($0.labels)). " }
                                            ?? "No masks given: the mask filter's calibration check was not run (--masks adds it). ")
                                    + (generator.map { "Generated masks: \($0.masks)\($0.masksMember.map { ", its array \($0)" } ?? "") (\($0.labels.map { "labels \($0)" } ?? "no labels"), reference \($0.reference)"
                                        + ($0.referenceMember.map { ", its array \($0)" } ?? "") + "). " } ?? "")
                                    + latentSubtitle + "ganfilter \(toolVersion).",
                                 masksRan: masksRan,
                                 generator: generator.map { bench in
                                     GeneratorPart(origin: bench.isShipped ? .shippedBench : .own(masks: bench.masks), labelsPath: bench.labels,
                                                   ran: generatorRan ?? false, labelSuggestion: ShellCommand.line(labelSuggestion(bench)))
                                 },
                                 latentRan: latentRan, notes: context.notes)
        let written = try report.write()
        // The run's files below its folder, as the manifest lists them: every file the plan may write that is
        // there now (a step that failed leaves an earlier run's), and each report folder's files its step named.
        let below = FolderPath.prefix(folder)
        let outputs = (outputs + context.reportFiles).filter { $0.hasPrefix(below) && FileIdentity(path: $0)?.isRegularFile == true }
            .map { String($0.dropFirst(below.count).drop { $0 == "/" }) }
        try RunManifest(toolVersion: toolVersion, command: commandLine, seed: seed,
                        inputs: [masks?.masks, masks?.labels, generator?.masks, generator?.labels, generator?.reference, generator?.latents,
                                 generator?.freshRun, latent.path].compactMap { $0 },
                        steps: plan.map(\.step.commandLine), outputs: outputs)
            .write(into: folder).note(folder: folder).map { events(.message("note: \($0)")) }
        return Outcome(statuses: statuses, written: written + [folder + "/" + RunManifest.fileName],
                       masksRan: masksRan, generatorRan: generatorRan, latentRan: latentRan)
    }

    /// How many masks of a generator without labels the report suggests labelling first: half of the fifty of
    /// the README's few-label workflow, whose second half `label suggest --labels` chooses with the first's labels.
    static let firstLabels = 25

    /// `label suggest` on the generator's features, with a labelling page: the first masks worth labelling.
    func labelSuggestion(_ bench: GeneratorBench) -> [String] {
        ["ganfilter", "label", "suggest", "--features", generatorFeaturesPath] + arguments((bench.reference, bench.referenceMember))
            + ["--count", String(Self.firstLabels), "--output", "first.csv", "--page", "labelling"]
    }

    /// What the page's header says of the latent part.
    var latentSubtitle: String {
        switch latent {
        case .synthetic(let records):
            return "Latent records: \(records) synthetic, seed \(seed) (a demonstration; --latent gives yours). "
                + "Latent models: \(latentModels.kindNames). "
        case .dataset(let path):
            return "Latent records: \(path). Latent models: \(latentModels.kindNames). "
        case .none:
            return "No latent records given: the latent prefilter was not run (--latent adds it). "
        }
    }


    // MARK: The steps: each makes its command line and its body from the same values.

    /// The real masks at `path`, the array `member` of an `.npz` of several: `--reference PATH [--reference-member NAME]`.
    typealias Reference = (path: String, member: String?)

    /// The masks at `path`, the array `member` of an `.npz` of several: `PATH [--member NAME]`.
    typealias Masks = (path: String, member: String?)

    /// `reference`'s options.
    private func arguments(_ reference: Reference) -> [String] {
        ["--reference", reference.path] + (reference.member.map { ["--\(ReferenceSet.memberOption)", $0] } ?? [])
    }

    /// `masks`' arguments.
    private func maskArguments(_ masks: Masks) -> [String] {
        [masks.path] + (masks.member.map { ["--member", $0] } ?? [])
    }

    /// `features MASKS [--member NAME] [--set SET --reference REF [--reference-member NAME]] --output PATH`.
    private func features(title: String, of masks: Masks, set: FeatureSet, reference: Reference?, to path: String,
                          part: StudyStep.Part) -> StudyStep {
        let command = ["ganfilter", "features"] + maskArguments(masks) + (set == .symmetry ? [] : ["--set", set.rawValue])
            + (reference.map(arguments) ?? []) + ["--output", path, "--jobs", String(jobs)]
        return StudyStep(title: title, commandLine: command, part: part) { context throws(OutputError) in
            var settings = FeatureSettings(set: set)
            if let reference {
                let cache = CacheFolder.prepared(self.cache, note: { context.say("note: \($0)") })
                do {
                    let real = try ReferenceSet(folder: reference.path, member: reference.member, threshold: settings.threshold, jobs: context.jobs,
                                                cache: cache, note: { context.say("note: \($0)") })
                    settings.realism = LocalRealism(real, table: LocalRealism.table(of: real, folder: cache, jobs: context.jobs,
                                                                                    note: { context.say("note: \($0)") }))
                } catch {
                    context.say("--reference: \(error)")
                    return .failed
                }
            }
            let listing = MaskInputListing([masks.path], recursive: false, member: masks.member)
            listing.notes.forEach { context.say("note: \($0)") }
            let rows = FeatureExtraction.rows(for: listing.inputs, settings: settings, jobs: context.jobs, progress: context.progress(of: listing.inputs.count))
            FeatureRow.notes(rows, threshold: settings.threshold, reference: settings.reference).forEach { context.say("note: \($0)") }
            let tableSettings = FeatureTableSettings(settings, toolVersion: context.toolVersion, maskSizes: MaskSizes(of: rows))
            try FeatureTable.write(rows, as: .csv, settings: tableSettings, to: path)
            let errors = rows.filter { $0.status == .error }
            errors.prefix(5).forEach { context.say("\($0.file): \($0.error ?? "")") }
            return StepStatus(BatchOutcome(total: rows.count, failed: errors.count))
        }
    }

    /// `train --features F --labels L [--model M] --output MODEL --report DIR [--compare DECISIONS --compare-name NAME]`.
    private func train(title: String, features: String, labels: String, model: String, report: String,
                       compare: (decisions: String, name: String)?, part: StudyStep.Part) -> StudyStep {
        let command = ["ganfilter", "train", "--features", features, "--labels", labels]
            + (maskModelsNamed ? maskModels.arguments(modelOption: "--model") : [])
            + ["--output", model, "--report", report, "--seed", String(seed)]
            + (compare.map { ["--compare", $0.decisions, "--compare-name", $0.name] } ?? []) + ["--jobs", String(jobs)]
        return StudyStep(title: title, commandLine: command, part: part) { context throws(OutputError) in
            do {
                let table = try FeatureTable.readWithSettings(features)
                let settings = try StatedSettings().resolve(table: features, set: table.set, realism: table.realism, sidecar: table.settings,
                                                            toolVersion: context.toolVersion)
                settings.note.map(context.say)
                let labelTable = try LabelTable(contentsOf: labels)
                labelTable.problemSummary.forEach(context.say)
                let set = try TrainingSet(features: table.rows, labels: labelTable)
                set.usage.map { context.say($0 + ", listed in \(report)/excluded.csv and unjoined.csv") }
                set.joinNote.map(context.say)
                let other = try compare.map { try DecisionTable.read($0.decisions) }
                let choice = try TrainingChoice(for: set, columns: settings.settings.columns, grid: maskModels, modelsNamed: maskModelsNamed,
                                                seed: context.seed, jobs: context.jobs)
                choice.notes.forEach { context.say("note: \($0)") }
                let result = try MaskFilterTraining.train(set, options: choice.options, featureSettings: settings.settings,
                                                          toolVersion: context.toolVersion, progress: context.progress)
                try AtomicFile.write(try result.model.encoded(), to: model)
                var written = try MaskTrainingReport.write(result, set: set, to: report)
                if let other, let compare {
                    let comparison = FilterComparison(result, other: other, otherName: compare.name)
                    written += try GeneratorTables.write(comparison, FeatureSeparation(set, features: result.model.features), to: report)
                    comparison.undecided.prefix(5).forEach { context.say("\($0): the filter without labels could not decide it") }
                }
                try context.manifest(RunManifest(toolVersion: context.toolVersion, command: command, seed: context.seed,
                                                 inputs: [features, labels] + (compare.map { [$0.decisions] } ?? []), outputs: written), in: report)
                context.events(.maskTraining(result, set))
                return table.rows.contains { $0.status == .error } || !labelTable.problems.isEmpty ? .partial : .complete
            } catch let error as OutputError {
                throw error
            } catch {
                context.say("\(error)")
                return .failed
            }
        }
    }

    /// `filter --features F --model MODEL --labels L --output PATH`.
    private func filter(title: String, features: String, model: String, labels: String, to path: String) -> StudyStep {
        let command = ["ganfilter", "filter", "--features", features, "--model", model, "--labels", labels, "--output", path,
                       "--jobs", String(jobs)]
        return StudyStep(title: title, commandLine: command, part: .masks) { context throws(OutputError) in
            do {
                let filterModel = try MaskFilterModel.load(model)
                let table = try FeatureTable.readWithSettings(features)
                try ModelInputs.check(table: features, set: table.set, realism: table.realism, sidecar: table.settings, against: filterModel)
                    .map(context.say)
                ModelInputs.sizeWarning(table: features, rows: table.rows, sidecar: table.settings, against: filterModel).map(context.say)
                let threshold = try StrategyThreshold.stored(filterModel.strategy, in: filterModel.thresholds)
                let decisions = FilterDecision.decide(table.rows, classifier: try filterModel.fittedClassifier(), threshold: threshold)
                FilterDecision.extremeAcceptanceWarning(decisions, thresholdName: "\(threshold) (strategy \(filterModel.strategy))",
                                                        stored: filterModel.thresholds, labelFree: false).map(context.say)
                try AtomicFile.write(Array(DecisionTable.csv(decisions).utf8), to: path)
                // The bad share is said, not written: labels that do not join leave the decisions standing.
                if let share = try? BadShare(decisions, labels: try LabelTable(contentsOf: labels)), let before = share.shareBefore {
                    context.say("labelled images: \(Int((100 * before).rounded()))% bad; accepted: "
                        + (share.shareAfter.map { "\(Int((100 * $0).rounded()))% bad" } ?? "none"))
                }
                return StepStatus(BatchOutcome(total: decisions.count, failed: decisions.filter { $0.decision == .error }.count))
            } catch let error as OutputError {
                throw error
            } catch {
                context.say("\(error)")
                return .failed
            }
        }
    }

    /// `filter MASKS [--member NAME] --reference REF [--reference-member NAME] --output PATH`, at the label-free
    /// filter's defaults.
    private func referenceFilter(title: String, of masks: Masks, reference: Reference, to path: String) -> StudyStep {
        let command = ["ganfilter", "filter"] + maskArguments(masks) + arguments(reference) + ["--output", path, "--jobs", String(jobs)]
        return StudyStep(title: title, commandLine: command, part: .generator) { context throws(OutputError) in
            let settings = FeatureSettings()
            let filter: ReferenceFilter
            let cache = CacheFolder.prepared(self.cache, note: { context.say("note: \($0)") })
            do {
                let real = try ReferenceSet(folder: reference.path, member: reference.member, threshold: settings.threshold, jobs: context.jobs,
                                            cache: cache, note: { context.say("note: \($0)") })
                filter = try ReferenceFilter.cached(reference: real, folder: cache, jobs: context.jobs, note: { context.say("note: \($0)") })
            } catch {
                context.say("--reference: \(error)")
                return .failed
            }
            filter.notes.forEach { context.say("note: \($0)") }
            let inputs = MaskInputListing([masks.path], recursive: false, member: masks.member).inputs  // its notes: the features step's
            let decisions = filter.decide(inputs, greyThreshold: settings.threshold, jobs: context.jobs, progress: context.progress(of: inputs.count))
            FilterDecision.drawingNotes(decisions, threshold: settings.threshold, labelFree: true).forEach { context.say("note: \($0)") }
            filter.resizeNote(decisions).map { context.say("note: \($0)") }
            FilterDecision.extremeAcceptanceWarning(decisions, thresholdName: filter.thresholdName, stored: [], labelFree: true).map(context.say)
            try AtomicFile.write(Array(DecisionTable.csv(decisions).utf8), to: path)
            return StepStatus(BatchOutcome(total: decisions.count, failed: decisions.filter { $0.decision == .error }.count))
        }
    }

    /// `latent train --data D --target T --models M [--latent-distribution P] --output MODEL --report DIR`.
    private func latentTrain(title: String, data: String, target: String, distribution: LatentDistribution?, model: String, report: String,
                             part: StudyStep.Part) -> StudyStep {
        let command = ["ganfilter", "latent", "train", "--data", data, "--target", target] + latentModels.arguments(modelOption: "--models")
            + ["--seed", String(seed)] + (distribution.map { ["--latent-distribution", $0.rawValue] } ?? [])
            + ["--output", model, "--report", report, "--jobs", String(jobs)]
        return StudyStep(title: title, commandLine: command, part: part) { context throws(OutputError) in
            guard let usable = context.dataset(data) else { return .failed }
            do {
                let requested = LatentTrainingOptions.target(requested: target)
                let options = LatentTrainingOptions(candidates: try latentModels.candidates(seed: context.seed),
                                                    target: requested.trained, seed: context.seed, latentDistribution: distribution,
                                                    jobs: context.jobs)
                let run = try LatentTrainingRun(dataset: usable.dataset, groups: nil, options: options,
                                                comparesAllScores: requested.comparesAllScores)
                let outcome = run.run(screenSeconds: context.screenSeconds, seconds: context.seconds) { context.events(.latentGroup($0)) }
                guard !outcome.trainings.isEmpty else { return .failed }
                let prefilter = PrefilterModel(outcome.trainings, options: options, dimensions: usable.dataset.latents.columns,
                                               toolVersion: context.toolVersion)
                try AtomicFile.write(try prefilter.encoded(), to: model)
                let written = try LatentTrainingReport.write(outcome, issues: usable.issues, to: report)
                try context.manifest(RunManifest(toolVersion: context.toolVersion, command: command, seed: context.seed, inputs: [data],
                                                 outputs: written), in: report)
                context.events(.latentTraining(outcome))
                return usable.issues.isEmpty && outcome.failures == 0 ? .complete : .partial
            } catch let error as OutputError {
                throw error
            } catch {
                context.say("\(error)")
                return .failed
            }
        }
    }

    /// `latent verify --model MODEL --group G --data D --target T --seed S --output PATH`.
    private func verify(title: String, model: String, group: String, data: String, target: String, to path: String) -> StudyStep {
        let command = ["ganfilter", "latent", "verify", "--model", model, "--group", group, "--data", data, "--target", target,
                       "--seed", String(seed), "--output", path, "--jobs", String(jobs)]
        return StudyStep(title: title, commandLine: command, part: .generator) { context throws(OutputError) in
            do {
                let run = LatentVerificationRun(model: try PrefilterModel.load(model), group: group, target: target, seed: context.seed)
                guard let read = context.dataset(data, group: group) else { return .failed }
                let verification = try run.verify(read.dataset, path: data)
                try verification.write(to: path)
                context.say("the prefilter on \(data): \(verification.verdict.rawValue)")
                if let warning = verification.seenWarning { context.say("warning: \(data): \(warning)") }
                return .complete
            } catch let error as OutputError {
                throw error
            } catch {
                context.say("\(error)")
                return .failed
            }
        }
    }

    /// `synth latent --records N --seed S --output PATH`.
    private func synthesise(title: String, records: Int, to path: String) -> StudyStep {
        let command = ["ganfilter", "synth", "latent", "--records", String(records), "--latent-distribution", Self.syntheticDistribution.rawValue,
                       "--seed", String(seed), "--output", path]
        return StudyStep(title: title, commandLine: command, part: .latent) { context throws(OutputError) in
            let dataset = LatentSynthesis(dimensions: LatentSynthesis.defaultDimensions, distribution: Self.syntheticDistribution, seed: context.seed)
                .dataset(records: records)
            try dataset.write(to: path)
            context.say("wrote \(dataset.count) records (\(dataset.valid.filter { $0 }.count) valid) to \(path)")
            return .complete
        }
    }

    /// `latent analyze --data D --report DIR`.
    private func analyze(title: String, data: String, report: String) -> StudyStep {
        let command = ["ganfilter", "latent", "analyze", "--data", data, "--report", report, "--jobs", String(jobs)]
        return StudyStep(title: title, commandLine: command, part: .latentAnalysis) { context throws(OutputError) in
            guard let usable = context.dataset(data) else { return .failed }
            guard usable.dataset.hasStudyColumns else {
                context.say("\(data) has no valid column and five scores to analyse")
                return .failed
            }
            let written = try LatentAnalysisTables.write(LatentAnalysis(usable.dataset, jobs: context.jobs), issues: usable.issues, to: report)
            try context.manifest(RunManifest(toolVersion: context.toolVersion, command: command, seed: nil, inputs: [data], outputs: written),
                                 in: report)
            return usable.issues.isEmpty ? .complete : .partial
        }
    }
}
