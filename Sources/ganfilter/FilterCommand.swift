import ArgumentParser
import BatchRunning
import FileIO
import Foundation
import Learning
import MaskFeatures
import MaskFilter
import MaskImage
import Parallelism
import Realism
import Reports

/// `ganfilter filter`: accept or reject generated images by their masks.
struct FilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Accept or reject images by their masks, with a model from `ganfilter train` or against real masks without labels.",
        discussion: """
            Measures the masks with the model's own grey threshold and dilation radius (or reads features \
            already computed with --features), warning when they are of a size the model never learned from (the \
            dilation radius is in pixels), and writes decisions.csv: file,decision,probability,reason, \
            sorted like the features. decision is accept (probability of good >= threshold), reject (below, or \
            an empty mask), or error (unreadable: never reject, because people delete what was rejected). \
            Inputs are never moved or deleted; --copy-accepted/--copy-rejected copy them under their path relative \
            to the input folder they were found in (a file named on its own, or a row of --features, under its \
            base name), never overwriting a file ganfilter did not copy. A re-run skips copies already there; \
            --copy-mode sync also removes the earlier copies this run no longer makes (recorded in the folder's \
            \(FileCopies.manifestName)).

            A .npy or .npz file argument (or - alone: one on standard input) is a stack of masks shaped N x H x W \
            (or with a channel of one), read as `features` reads it \
            (--member names an .npz archive's array): its rows are FILE.npy[i] in the array's order, and \
            decisions.csv gains a last column index (i), which `latent assemble` joins on. Such masks have no \
            file to copy, so --copy-accepted and --copy-rejected take only PNG inputs.

            Without labels (--reference DIR instead of --model): a mask is accepted when its score against the \
            real masks of DIR (same size, read once) is at least the --reference-quantile q (default \
            \(ReferenceFilter.defaultQuantile)) of the real masks' own leave-one-out scores, so that about 1 - q of \
            real masks would pass (--accept-threshold S accepts a score of at least S instead: a threshold chosen \
            from the report's trade-off charts of the label-free filter, or a strategy's row of \
            compared_thresholds.csv); the probability column then holds that score. The score is \
            \(ReferenceFilter.Score.standard.column) (the \(ReferenceFilter.Score.standard.name)) unless \
            --reference-score chooses another. A mask whose anatomy columns fall \
            outside the real masks' ranges (each widened by \(AnatomyGate.defaultTolerance) of its width, more for \
            fewer than \(AnatomyGate.fullCount) real masks, and at least \(AnatomyGate.minimumMargin)) is rejected \
            whatever its score, \
            the reason naming the column and the range (--no-anatomy-gate turns this off).

            Example: ganfilter filter generated/ --model model.json --output decisions.csv --copy-accepted keep/
                     ganfilter filter generated/ --reference masks/lung256 --output decisions.csv

            \(ExitStatusHelp.text)
            """
    )

    @Argument(help: "Mask files, folders of *.png masks, or .npy/.npz stacks of masks (not needed with --features). A name beginning with - goes after -- or as ./-x.png.")
    var paths: [String] = []

    @Option(help: "The array of each .npz stack to read (default: its only array).")
    var member: String?

    @Flag(help: "Scan sub-folders of folder arguments too.")
    var recursive = false

    @Option(help: "Model file from `ganfilter train`.")
    var model: String?

    @Option(help: "Folder (or .npy/.npz stack) of real masks of one size to filter against without a model (label-free filtering), or that a model with realism columns was trained against. A mask of another size is compared resized to theirs, by the nearest pixel.")
    var reference: String?

    @Option(parsing: .unconditional, help: "With --reference: accept masks at least as close to the reference as this quantile of the reference masks themselves (default \(ReferenceFilter.defaultQuantile); --accept-threshold gives a score instead).")
    var referenceQuantile: Double?

    @Option(help: "With --reference: what masks are scored by: \(ReferenceFilter.Score.choices).")
    var referenceScore: ReferenceFilter.Score = .standard

    @Flag(inversion: .prefixedNo, help: "With --reference: reject masks whose anatomy columns fall outside the reference masks' ranges (widened by \(AnatomyGate.defaultTolerance) of each range's width, more for fewer than \(AnatomyGate.fullCount) real masks, at least \(AnatomyGate.minimumMargin)).")
    var anatomyGate = true

    @Option(parsing: .unconditional, help: "With --reference: grey level (0-255) from which a pixel is foreground.")
    var threshold = Int(FeatureSettings.defaultThreshold)

    @Option(help: "Features table (CSV, or JSON Lines) to apply the model to, instead of measuring the masks again.")
    var features: String?

    @Option(help: "Labels CSV (file,label) to report the bad share before and after filtering.")
    var labels: String?

    @OptionGroup var decisionThreshold: ThresholdOptions

    @Option(name: .shortAndLong, help: "Decisions CSV, written atomically (gzip-compressed when named .gz); - for standard output.")
    var output = "decisions.csv"

    @Option(help: "Copy accepted images (files) into this folder, keeping relative paths.")
    var copyAccepted: String?

    @Option(help: "Copy rejected images into this folder, keeping relative paths.")
    var copyRejected: String?

    @Option(help: "How a copy folder is kept across runs: add (add this run's files; the default) or sync (also remove what earlier runs copied there and this run does not; files ganfilter did not copy are never touched).")
    var copyMode: CopyMode = .add

    @OptionGroup var sharding: ShardOptions
    @OptionGroup var referenceMember: ReferenceMemberOption

    @OptionGroup var cache: ReferenceCacheOptions

    @Option(parsing: .unconditional, help: "Worker threads (default: the CPUs this process may use).")
    var jobs = AvailableProcessors.count

    func validate() throws {
        guard model != nil || reference != nil else { throw ValidationError("give --model, or --reference to filter without one") }
        try referenceMember.validate(reference: reference)
        if reference != nil && model == nil {
            guard features == nil, decisionThreshold.strategy == nil else {
                throw ValidationError("--reference measures the masks against real ones: no --features or --strategy (--accept-threshold sets a score)")
            }
            guard referenceQuantile == nil || decisionThreshold.acceptThreshold == nil else {
                throw ValidationError("give either --reference-quantile or --accept-threshold, not both")
            }
            if let problem = referenceCut.problem { throw ValidationError(problem) }
            do {
                try FeatureSettings.check(greyThreshold: threshold, dilationRadius: nil)
            } catch {
                throw ValidationError("\(error.option): \(error)")
            }
        }
        guard model == nil || referenceQuantile == nil else {
            throw ValidationError("--reference-quantile cuts the label-free filter (--reference without --model); a model's threshold is --strategy or --accept-threshold")
        }
        if model != nil, let acceptThreshold = decisionThreshold.acceptThreshold, !(0...1).contains(acceptThreshold) {
            throw ValidationError("--accept-threshold must be a probability in [0, 1]")
        }
        guard features != nil || !paths.isEmpty else { throw ValidationError("give mask files or folders, or --features") }
        guard features == nil || paths.isEmpty else { throw ValidationError("give either PATHs or --features, not both") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if copyAccepted != nil || copyRejected != nil, let stack = paths.first(where: { MaskStack.isArrayFile($0) || $0 == "-" }) {
            throw ValidationError("\(stack) is a NumPy stack: its masks have no file to copy (--copy-accepted, --copy-rejected); "
                + "select them with the decisions' index column")
        }
        try OutputPath.validate(output, option: "--output", as: .csvTable)
        try OutputPath.validateFolder(copyAccepted, option: "--copy-accepted")
        try OutputPath.validateFolder(copyRejected, option: "--copy-rejected")
        try sharding.validate(output: output)
    }

    func run() throws {
        let copyFolders = [("--copy-accepted", copyAccepted), ("--copy-rejected", copyRejected)].compactMap { name, path in
            path.map { NamedPath(name, $0) }
        }
        let namedInputs = [("--model", model), ("--features", features), ("--labels", labels),
                           ("--features settings", features.map(FeatureTableSettings.sidecarRead(beside:)))].compactMap { name, path in
            path.map { NamedPath(name, $0) }
        }
        try OutputPath.refuseClobbering(outputs: [NamedPath("--output", output)], inputs: namedInputs)
        do {
            try ClobberCheck.checkCopyFolders(copyFolders, readFolders: paths.map { NamedPath("input", $0) }
                + (reference.map { [NamedPath("--reference", $0)] } ?? []))
        } catch {
            throw ValidationError(error.description)
        }
        // The labels are checked before any work, so a bad labels file leaves no output (64).
        let labelTable = try labels.map { path in
            do {
                return try LabelTable(contentsOf: path)
            } catch {
                throw ValidationError("--labels: \(error)")
            }
        }
        let applied = try model.map(decideWithModel) ?? decideAgainst(reference: reference ?? "")
        let (decisions, shardRecord, threshold) = (applied.decisions, applied.shardRecord, applied.threshold)
        try Gzip.writeAsNamed(Array(DecisionTable.csv(decisions, indexColumn: applied.hasStacks).utf8), to: output)
        try shardRecord(decisions.count)?.write(beside: output)

        var copyProblems: [String] = []
        for (folder, kind) in [(copyAccepted, Decision.accept), (copyRejected, Decision.reject)] {
            guard let folder else { continue }
            let files = decisions.filter { $0.decision == kind }.map { ($0.file, FileCopies.key(of: $0.file, inputs: paths)) }
            let copies = try FileCopies.copy(files, into: folder, mode: copyMode)
            copyProblems += copies.problems
            StandardError.print("ganfilter filter: \(folder): \(copies.copied) copied, \(copies.unchanged) already there"
                + (copyMode == .sync ? ", \(copies.removed) earlier copies removed" : ""))
        }
        copyProblems.prefix(5).forEach { StandardError.print("ganfilter filter: \($0)") }
        if copyProblems.count > 5 {
            StandardError.print("ganfilter filter: ... and \(copyProblems.count - 5) more files not copied")
        }

        FilterDecision.drawingNotes(decisions, threshold: applied.greyThreshold, labelFree: model == nil)
            .forEach { StandardError.print("ganfilter filter: note: \($0)") }
        let count = { (kind: Decision) in decisions.filter { $0.decision == kind }.count }
        StandardError.print("ganfilter filter: \(decisions.count) images: \(count(.accept)) accept, \(count(.reject)) reject,"
            + " \(count(.error)) error (threshold \(threshold))")
        FilterDecision.extremeAcceptanceWarning(decisions, thresholdName: applied.thresholdName, stored: applied.stored, labelFree: model == nil)
            .map(StandardError.print)
        if let labelTable {
            try printBadShare(decisions, labels: labelTable)
        }
        // A copy not made is an output not made (1); only unreadable inputs can make it "nothing usable" (2).
        let status = max(BatchOutcome(total: decisions.count, failed: count(.error)).exitStatus, copyProblems.isEmpty ? 0 : 1)
        if status != 0 { throw ExitCode(status) }
    }

    /// Refuses inputs found inside a copy folder (a directory link in an input reaching it).
    private func refuseReadingCopies(_ files: [String]) throws {
        let folders = [("--copy-accepted", copyAccepted), ("--copy-rejected", copyRejected)].compactMap { name, path in
            path.map { NamedPath(name, $0) }
        }
        do {
            try ClobberCheck.checkNotReading(folders, files: files)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Decisions and how they were made.
    private struct Applied {
        let decisions: [FilterDecision]
        /// The shard record of a `--shard` run, given the rows written.
        let shardRecord: (Int) -> ShardRecord?
        let threshold: Double
        /// The threshold and where it came from, for people.
        let thresholdName: String
        /// Every threshold the model stores (none without a model).
        let stored: [StrategyThreshold]
        /// The grey level from which a pixel was read as foreground.
        let greyThreshold: UInt8
        /// Whether the masks came from a stack (the decisions then have an `index` column, in every shard alike);
        /// nil for a features table, whose rows say it.
        var hasStacks: Bool?
    }

    /// Decisions by the model at `model`.
    private func decideWithModel(_ model: String) throws -> Applied {
        let filterModel: MaskFilterModel
        do {
            filterModel = try MaskFilterModel.load(model)
        } catch {
            throw ValidationError("--model: \(error)")
        }
        let threshold = try chosenThreshold(filterModel)
        let classifier = try filterModel.fittedClassifier()

        let rows: [FeatureRow]
        let shardRecord: (Int) -> ShardRecord?
        var hasStacks: Bool?
        if let features {
            if let reference {
                StandardError.print("ganfilter filter: note: --reference \(reference) is not read with --features: the table's realism "
                    + "columns are measured already, and its settings must name the model's reference")
            }
            let table: (set: FeatureSet, realism: Bool, rows: [FeatureRow], settings: FeatureTableSettings?)
            do {
                table = try FeatureTable.readWithSettings(features)
            } catch let error as ModelFileError {
                throw ValidationError("--features: \(error)")
            } catch {
                StandardError.print("ganfilter filter: \(error)")
                throw ExitCode(2)
            }
            try OutputPath.refuseClobbering(outputs: [NamedPath("--output", output)], maskFilesOf: table.rows, table: NamedPath("--features", features))
            do {
                try ModelInputs.check(table: features, set: table.set, realism: table.realism, sidecar: table.settings, against: filterModel)
                    .map { StandardError.print("ganfilter filter: \($0)") }
            } catch {
                throw ValidationError("\(error.option): \(error)")
            }
            (rows, shardRecord) = sharding.select(table.rows, file: \.file)
            ModelInputs.sizeWarning(table: features, rows: rows, sidecar: table.settings, against: filterModel).map(StandardError.print)
        } else {
            let listing = try MaskBatch.parse(paths, recursive: recursive, member: member)
            listing.notes.forEach { StandardError.print("ganfilter filter: note: \($0)") }
            let reference = try modelReference(filterModel)
            try OutputPath.refuseClobbering(outputs: [NamedPath("--output", output)],
                                            inputs: listing.inputPaths.map { NamedPath("input", $0) }
                                                + (reference?.paths ?? []).map { NamedPath("--reference", $0) })
            try refuseReadingCopies(listing.inputPaths)
            let (files, record) = try sharding.select(listing)
            shardRecord = record
            hasStacks = listing.hasStacks
            var settings = filterModel.measurement
            if let reference {
                settings.realism = cache.realism(of: reference, jobs: jobs, command: "filter")
            }
            let progress = ProgressLine(label: "filter", total: files.count)
            rows = FeatureExtraction.rows(for: files, settings: settings, jobs: jobs, progress: progress.update)
            progress.finish()
            ModelInputs.sizeWarning(rows, against: filterModel).map(StandardError.print)
            reference.flatMap { MaskSizes.resizeNote(rows.compactMap(\.size), against: $0) }.map { StandardError.print("ganfilter filter: note: \($0)") }
        }
        let source = decisionThreshold.acceptThreshold != nil ? "--accept-threshold" : "strategy \(decisionThreshold.strategy ?? filterModel.strategy)"
        return Applied(decisions: FilterDecision.decide(rows, classifier: classifier, threshold: threshold), shardRecord: shardRecord,
                       threshold: threshold, thresholdName: "\(threshold) (\(source))", stored: filterModel.thresholds,
                       greyThreshold: filterModel.measurement.threshold, hasStacks: hasStacks)
    }

    /// The reference masks a model with realism columns was trained against: `--reference`, whose digest
    /// must be the model's; nil for a model without realism columns (which takes no `--reference`).
    private func modelReference(_ model: MaskFilterModel) throws -> ReferenceSet? {
        do {
            try ModelInputs.check(referenceGiven: reference != nil, against: model)
            guard let reference else { return nil }
            let loaded: ReferenceSet
            do {
                let member = referenceMember.resolved(reference: reference, settings: model.featureSettings, recorder: "the model", command: "filter")
                loaded = try cache.reference(reference, member: member, threshold: UInt8(clamping: model.featureSettings.greyThreshold), jobs: jobs, command: "filter")
            } catch {
                throw ValidationError("--reference: \(error)")
            }
            try ModelInputs.check(reference: loaded, against: model)
            return loaded
        } catch let problem as ModelInputs.Problem {
            throw ValidationError("\(problem.option): \(problem)")
        }
    }

    /// Where the label-free filter cuts its score: `--accept-threshold`, `--reference-quantile`, or the design's default.
    private var referenceCut: ReferenceFilter.Cut {
        decisionThreshold.acceptThreshold.map { .score($0) } ?? referenceQuantile.map { .quantile($0) } ?? .standard
    }

    /// Label-free decisions against the real masks in `folder`.
    private func decideAgainst(reference folder: String) throws -> Applied {
        let filter: ReferenceFilter
        let cut = referenceCut
        do {
            let reference = try cache.reference(folder, member: referenceMember.name, threshold: UInt8(threshold), jobs: jobs, command: "filter")
            filter = try cache.referenceFilter(reference, score: referenceScore, cut: cut, gate: anatomyGate, jobs: jobs, command: "filter")
        } catch {
            throw ValidationError("--reference: \(error)")
        }
        let listing = try MaskBatch.parse(paths, recursive: recursive, member: member)
        listing.notes.forEach { StandardError.print("ganfilter filter: note: \($0)") }
        try OutputPath.refuseClobbering(outputs: [NamedPath("--output", output)],
                                        inputs: listing.inputPaths.map { NamedPath("input", $0) }
                                            + filter.reference.paths.map { NamedPath("--reference", $0) })
        try refuseReadingCopies(listing.inputPaths)
        let (files, record) = try sharding.select(listing)
        StandardError.print("ganfilter filter: \(filter.reference.masks.count) reference masks (digest \(filter.reference.digest)); "
            + "accepting a \(filter.score.column) of at least \(filter.cut.describe(filter.threshold))")
        if let summary = filter.intervalSummary { StandardError.print("ganfilter filter: \(summary)") }
        filter.notes.forEach { StandardError.print("ganfilter filter: note: \($0)") }
        let progress = ProgressLine(label: "filter", total: files.count)
        let decisions = filter.decide(files, greyThreshold: UInt8(threshold), jobs: jobs, progress: progress.update)
        progress.finish()
        filter.resizeNote(decisions).map { StandardError.print("ganfilter filter: note: \($0)") }
        return Applied(decisions: decisions, shardRecord: record, threshold: filter.threshold,
                       thresholdName: filter.thresholdName, stored: [],
                       greyThreshold: UInt8(threshold), hasStacks: listing.hasStacks)
    }

    private func chosenThreshold(_ model: MaskFilterModel) throws -> Double {
        if let acceptThreshold = decisionThreshold.acceptThreshold { return acceptThreshold }
        do {
            return try StrategyThreshold.stored(decisionThreshold.strategy ?? model.strategy, in: model.thresholds)
        } catch {
            throw ValidationError(error.description)
        }
    }

    private func printBadShare(_ decisions: [FilterDecision], labels: LabelTable) throws {
        let share: BadShare
        do {
            share = try BadShare(decisions, labels: labels)
        } catch {
            StandardError.print("ganfilter filter: --labels: \(error)")
            throw ExitCode(2)
        }
        func text(_ share: Double?, _ counts: (good: Int, bad: Int)) -> String {
            share.map { String(format: "%.1f%% bad (%d bad, %d good)", 100 * $0, counts.bad, counts.good) } ?? "none"
        }
        StandardError.print("ganfilter filter: labelled images: \(text(share.shareBefore, share.before)); "
            + "accepted: \(text(share.shareAfter, share.accepted))")
        if share.before.good + share.before.bad == 0, let note = labels.joinExplanation(decisions.map(\.file)) {
            StandardError.print("ganfilter filter: --labels: \(note)")
        }
    }
}
