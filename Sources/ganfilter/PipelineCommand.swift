import ArgumentParser
import BatchRunning
import FileIO
import Parallelism
import Foundation
import LatentPrefilter
import Learning
import MaskFilter
import Reports
import Study
import Synchronization

/// `ganfilter pipeline`: the whole study in one command, and its report.
struct PipelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Run the whole study (mask filter and latent prefilter) and write one HTML report.",
        discussion: """
            Runs, in order, the steps of these commands. Before each step it prints one line, [i/n] TITLE: COMMAND, \
            where COMMAND is the complete, shell-quoted command line that writes the same files: run on its own, \
            in order, the lines write the same bytes (timings and manifests aside). The latent dataset is read once.
            with masks:
              features MASKS            -> OUTPUT/masks/features.csv
              train (logreg and trees)  -> OUTPUT/masks/model.json, summary.json, ...
              filter --features ...     -> OUTPUT/masks/decisions.csv
            with a generator:
              features GENERATED --set all --reference REAL -> OUTPUT/generator/features.csv
              filter GENERATED --reference REAL -> OUTPUT/generator/reference_decisions.csv
              train (on those) --compare reference_decisions.csv -> OUTPUT/generator/model.json, summary.json, \
            ..., and both filters compared on the held-out generated masks (filters.csv, separation.csv)
              latent train on its records (--generator-latents) -> OUTPUT/generator/latent/prefilter.json, ...
              latent verify on its fresh run (--generator-fresh-run) -> OUTPUT/generator/latent/verify.json
            with a latent part:
              synth latent              -> OUTPUT/latent/latent.csv.gz (unless --latent)
              latent analyze            -> OUTPUT/latent/analysis/score_statistics.csv, ... (--target valid only)
              latent train              -> OUTPUT/latent/prefilter.json, thresholds.csv
            then writes OUTPUT/index.html (one self-contained page: charts first, the numbers under them) and \
            OUTPUT/manifest.json (tool version, command line, seed, input digests): eleven commands and the page, twelve steps with the shipped \
            data. A step that fails is reported and the others still run; the page says what is missing. No two \
            steps write one file, so running again into the same folder refreshes every output.

            Defaults, only when no data of yours is given (--masks, --labels, --latent or a --generator option): \
            the shipped masks/ and masks/labels.csv, the shipped generator's masks against masks/lung256, \
            60,000 synthetic latent records; output reports/. Given data of yours, the report holds only yours. \
            With the default models the whole run takes well under a minute on 2 cores; --models all runs the \
            study's whole comparison (about 5 minutes).

            Example: swift run -c release ganfilter pipeline

            \(ExitStatusHelp.text)
            """
    )

    @Option(help: "Folder of segmentation masks (*.png), or a .npy/.npz stack of them; default: the shipped sample masks/, only when no data of yours is given.")
    var masks: String?

    @Option(help: "The array of an .npz --masks that holds the masks, when it holds several (default: its only array).")
    var masksMember: String?

    @Option(help: "Labels CSV of the masks (file,label with good/bad); needed with --masks.")
    var labels: String?

    @Option(help: ArgumentHelp("Mask filter models to choose from, as train --model: \(ModelCatalogue.choices(in: .masks)) (default: "
                               + "what train chooses without --model: \(TrainingOptions.defaultModels), or on fewer labels than "
                               + "\(RealismPrior.maximumRows) with a realism score the few-label models)."))
    var maskModel: String?

    @Option(help: "Folder of a real generator's masks (*.png), or a .npy/.npz stack of them, filtered with and without labels (default: the shipped bench/generator, only when no data of yours is given).")
    var generatorMasks: String?

    @Option(help: "The array of an .npz --generator-masks that holds the masks, when it holds several (default: its only array).")
    var generatorMasksMember: String?

    @Option(help: "Labels CSV of the generator's masks: the labelled filter is trained on them beside the label-free one (without it only the label-free filter runs).")
    var generatorLabels: String?

    @Option(help: "Folder of real masks of the generator's size: the reference of the realism columns and of the label-free filter (default masks/lung256).")
    var generatorReference: String?

    @Option(help: "The array of an .npz --generator-reference that holds the real masks, when it holds several (default: its only array).")
    var generatorReferenceMember: String?

    @Option(help: "The generator's (z, passed) records of group gan, for a latent prefilter of its own.")
    var generatorLatents: String?

    @Option(help: "A fresh unscreened run of the generator with its outcomes, to verify that prefilter on.")
    var generatorFreshRun: String?

    @Flag(help: "Leave the generator part out.")
    var noGenerator = false

    @Option(help: "Latent dataset (.csv, .csv.gz or .npz); default: synthetic records, only when no data of yours is given.")
    var latent: String?

    @Flag(help: "Leave the latent prefilter out.")
    var noLatent = false

    @Option(parsing: .unconditional, help: "Synthetic latent records for the latent prefilter when no --latent is given (default \(StudyData.shippedRecords), and only when no data of yours is given).")
    var records: Int?

    @Option(help: "What the latent prefilter predicts: valid, or a 0/1 column of --latent (passed, from `latent assemble`).")
    var target = LatentTrainingOptions.defaultTarget

    @Option(help: "Latent models to compare, as latent train --models: \(ModelCatalogue.choices(in: .latents)).")
    var models = LatentTrainingOptions.defaultModels

    @Option(name: .shortAndLong, help: "Folder for every output and index.html. \(RunManifest.refreshHelp)")
    var output = "reports"

    @Option(parsing: .unconditional, help: "Seed of splits, bootstrap and synthetic data.")
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "Worker threads (default: the CPUs this process may use).")
    var jobs = AvailableProcessors.count

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard (records ?? StudyData.shippedRecords) >= 100 else { throw ValidationError("--records must be at least 100") }
        try OutputPath.validateFolder(output, option: "--output")
        _ = try grids()
    }

    /// The mask filter's and the latent prefilter's grids, `--mask-model` and `--models`.
    private func grids() throws -> (masks: ParameterGrid, latents: ParameterGrid) {
        (try ModelGridArguments.grid(names: maskModel ?? TrainingOptions.defaultModels, parameters: [], domain: .masks, modelOption: "--mask-model"),
         try ModelGridArguments.grid(names: models, parameters: [], domain: .latents, modelOption: "--models"))
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let data: StudyData
        do {
            data = try StudyData(masks: masks, masksMember: masksMember, labels: labels,
                                 generator: GeneratorOptions(masks: generatorMasks, masksMember: generatorMasksMember, labels: generatorLabels,
                                                             reference: generatorReference, referenceMember: generatorReferenceMember,
                                                             latents: generatorLatents, freshRun: generatorFreshRun),
                                 latent: latent, records: records, noGenerator: noGenerator, noLatent: noLatent)
        } catch {
            throw ValidationError(error.description)
        }
        data.notes.forEach { StandardError.print("ganfilter pipeline: note: \($0)") }
        let grids = try grids()
        var study = StudyRun(masks: data.masks, maskModels: grids.masks,
                             generator: data.generator, latent: data.latent, target: target,
                             latentModels: grids.latents,
                             output: output, seed: seed, jobs: jobs, toolVersion: Ganfilter.version)
        study.maskModelsNamed = maskModel != nil
        let maskInputs = data.masks.map { part in
            InputDiscovery.listInputs([part.masks], recursive: false).files.map { NamedPath("--masks", $0.path) } + [NamedPath("--labels", part.labels)]
        } ?? []
        let generatorInputs = study.generator.map { bench in
            InputDiscovery.listInputs([bench.masks], recursive: false).files.map { NamedPath("--generator-masks", $0.path) }
                + InputDiscovery.listInputs([bench.reference], recursive: false).files.map { NamedPath("--generator-reference", $0.path) }
                + [bench.labels.map { NamedPath("--generator-labels", $0) }, bench.latents.map { NamedPath("--generator-latents", $0) },
                   bench.freshRun.map { NamedPath("--generator-fresh-run", $0) }]
                    .compactMap { $0 }
        } ?? []
        try OutputPath.refuseClobbering(outputs: study.outputs.map { NamedPath("--output", $0) },
                                        inputs: maskInputs + generatorInputs
                                            + (latent.map { [NamedPath("--latent", $0)] } ?? []))
        // Each step's progress, as its command shows it on a terminal.
        let line = Mutex<ProgressLine?>(nil)
        let outcome = try study.run(commandLine: Ganfilter.commandLine, screenSeconds: LatentScreening.secondsPerVector,
                                    seconds: { (clock.now - start).seconds },
                                    progress: { done, total in line.withLock { $0?.update(done, of: total) } }) { event in
            switch event {
            case .started(let index, let count, let step):
                StandardError.print("\n[\(index + 1)/\(count + 1)] \(step.title): \(step.shellCommand)")
                line.withLock { $0 = ProgressLine(label: step.title, total: 0) }
            case .message(let text):
                line.withLock { $0?.finish() }
                StandardError.print("ganfilter pipeline: \(text)")
            case .maskTraining(let result, let set):
                TrainCommand.printSummary(result, set: set)
            case .latentGroup(let groupEvent):
                LatentTrainCommand.report(groupEvent)
            case .latentTraining(let trained):
                LatentTrainCommand.printSummary(trained.trainings, strategy: .youden)
                if LatentTrainingOptions.target(requested: target).comparesAllScores { LatentTrainCommand.printComparison(trained.comparisons) }
            case .finished(let index, let status):
                line.withLock { $0?.finish(); $0 = nil }
                if status != .complete { StandardError.print("ganfilter pipeline: step \(index + 1) ended with status \(status.rawValue)") }
            }
        }
        let count = outcome.statuses.count
        StandardError.print("\n[\(count + 1)/\(count + 1)] report: \(study.folder)/index.html")
        StandardError.print("\nganfilter pipeline: done in " + String(format: "%.1f s", (clock.now - start).seconds) + ". Wrote:")
        for path in outcome.written { StandardError.print("  \(path)") }
        // A part whose steps failed is not described by what it would have written.
        let failed = "(a step failed: see above; the page says what is missing)"
        let parts = [(outcome.masksRan, "masks/", "(features, model, decisions, cross-validation)"),
                     (outcome.generatorRan, "generator/", "(features, " + (study.generator?.labels == nil
                        ? "the filter without labels)" : "both filters, with labels and without, compared)")),
                     (outcome.latentRan, "latent/", "(analysis, prefilter, thresholds, curves)")]
            .compactMap { ran, name, contents in ran.map { "\(study.folder)/\(name) " + ($0 ? contents : failed) } }
        StandardError.print("  " + parts.joined(separator: ", "))
        print("open \(study.folder)/index.html")
        if outcome.statuses.allSatisfy({ $0 == .failed }) { throw ExitCode(2) }
        if outcome.statuses.contains(where: { $0 != .complete }) { throw ExitCode(1) }
    }
}
