import ArgumentParser
import BatchRunning
import FileIO
import Foundation
import LatentPrefilter
import Learning
import NumpyFormats
import Parallelism

/// `ganfilter latent screen`: keep the promising latent vectors.
struct LatentScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Keep the latent vectors a prefilter expects to give good images (.npy/.npz/.csv in, .npy out).",
        discussion: """
            Scores every vector of --vectors with the group's model and keeps those at or above the threshold of \
            --strategy (default: the model's) or --accept-threshold. --vectors is a NumPy .npy of shape (n, d) \
            (or (n, d, 1, 1) as a DCGAN draws latents; float32 or float64, C or Fortran order), an .npz archive \
            of one (stored or compressed), or a CSV (.csv or \
            .csv.gz: the z0, z1, ... columns of a latent dataset, or every column; without a header when the \
            first line is all numbers, as np.savetxt writes). The file is streamed in blocks, so memory stays \
            bounded. --output writes the kept vectors as .npy (the input's element type; float64 for CSV), \
            --indices their 0-based row numbers, one per line; both atomically. A CSV row that cannot be read \
            keeps its index, is never kept, and is reported with its line (exit status 1).

            --shard I/N screens rows [I*n/N, (I+1)*n/N) only (I 0-based, as SLURM's --array=0-(N-1) or \
            Kubernetes' JOB_COMPLETION_INDEX), indices stay global, and OUTPUT.shard.json records the shard.

            Example: ganfilter latent screen --model prefilter.json --group 18_24f --vectors z.npy --output kept.npy

            \(ExitStatusHelp.text)
            """
    )

    @Option(help: "Model file from `ganfilter latent train`.")
    var model: String

    @Option(help: "The group (GAN) the vectors are for.")
    var group: String

    @Option(help: "Vectors to screen (.npy, or .npz holding one array or naming it with --member).")
    var vectors: String

    @Option(help: "The array to screen in an .npz archive with several.")
    var member: String?

    @OptionGroup var decisionThreshold: ThresholdOptions

    @Option(name: .shortAndLong, help: "Kept vectors (.npy; - for standard output, the summary then going to standard error).")
    var output: String?

    @Option(help: "0-based indices of the kept vectors, one per line (gzip-compressed when named .gz; - for standard output).")
    var indices: String?

    @OptionGroup var sharding: ShardOptions

    @Option(parsing: .unconditional, help: "Worker threads that score blocks of vectors (default: the CPUs this process may use); the output is the same for any number.")
    var jobs = AvailableProcessors.count

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard [".npy", ".npz", ".csv", ".csv.gz"].contains(where: vectors.lowercased().hasSuffix) else {
            throw ValidationError("--vectors must be a .npy, .npz, .csv or .csv.gz file")
        }
        try sharding.validate(output: output ?? indices)
        if let output { try OutputPath.validate(output, option: "--output", as: .numpyArray) }
        if [output, indices].allSatisfy({ $0.map { OutputDestination(path: $0).isStandardOutput } ?? false }) {
            throw ValidationError("--output and --indices cannot both be standard output")
        }
        if let indices { try OutputPath.validate(indices, option: "--indices", as: .textLines) }
    }

    func run() throws {
        let outputs = [("--output", output), ("--indices", indices)].compactMap { name, path in path.map { NamedPath(name, $0) } }
        let records = sharding.value == nil ? [] : outputs.map { NamedPath("\($0.name)'s shard record", ShardRecord.path(beside: $0.path)) }
        try OutputPath.refuseClobbering(outputs: outputs + records,
                                        inputs: [NamedPath("--vectors", vectors), NamedPath("--model", model)])
        let (prefilter, screening) = try Self.screening(model: model, group: group, threshold: decisionThreshold.choice)
        let threshold = screening.threshold
        let reader: any VectorSource
        let archive: NpzArchive?  // keeps an inflated member's temporary file until screening ends
        let rows: Range<Int>
        let total: Int?
        do {
            (reader, archive) = try VectorSourceInput.open(vectors, member: member)
            // A CSV is counted (one more pass) only when a shard needs the count; progress then has no total.
            total = sharding.value == nil ? reader.knownRowCount : try reader.rowCount()
            rows = sharding.value.map { $0.rows(of: total ?? 0) } ?? 0..<(total ?? 0)
            if sharding.value != nil { try reader.restrict(to: rows) }
        } catch {
            StandardError.print("ganfilter latent screen: \(error)")
            throw ExitCode(2)
        }
        guard reader.columns == prefilter.dimensions else {
            throw ValidationError("\(vectors) has \(reader.columns) dimensions; the model was trained on \(prefilter.dimensions)")
        }
        let writer = try output.map { path throws(OutputError) in
            try NumpyWriter(path: path, elementType: reader.elementType, columns: reader.columns)
        }
        let indexWriter = try indices.map { path throws(OutputError) in try IndexWriter(path: path) }
        let clock = ContinuousClock()
        let start = clock.now
        let progress = ProgressLine(label: "screen", total: total == nil ? 0 : rows.count)
        let summary: ScreeningSummary
        do {
            summary = try screening.screen(reader, firstIndex: rows.lowerBound, keptTo: writer, indicesTo: indexWriter, jobs: jobs,
                                           progress: progress.update)
            try writer?.finish()
            try indexWriter?.finish()
            if let shard = sharding.value {
                let input = "\(vectors)\n\(member ?? "")\n\(total ?? 0) rows"
                for path in [output, indices].compactMap({ $0 }) {
                    try ShardRecord(shard: shard, input: input, rows: summary.kept).write(beside: path)
                }
            }
        } catch {
            progress.finish()
            // An output not written (a full disk) is 70; unreadable vectors are 2.
            if case .output(let failure) = error as? ScreeningError { throw failure }
            if let failure = error as? OutputError { throw failure }
            StandardError.print("ganfilter latent screen: \(error)")
            throw ExitCode(2)
        }
        progress.finish()
        withExtendedLifetime(archive) {}
        let seconds = (clock.now - start).seconds
        for problem in summary.problems.prefix(20) { StandardError.print("\(vectors): \(problem)") }
        if summary.problems.count > 20 { StandardError.print("\(vectors): ... \(summary.problems.count - 20) more unreadable rows") }
        SummaryOutput(dataOutputs: [output, indices]).say("group \(group): kept \(summary.kept) of \(summary.vectors) vectors"
            + (sharding.value.map { " (shard \($0), rows \(rows.lowerBound)..<\(rows.upperBound))" } ?? "")
            + " (pass rate " + String(format: "%.4f", summary.passRate) + ", threshold \(threshold))"
            + (summary.problems.isEmpty ? "" : "; \(summary.problems.count) rows unreadable"))
        Self.warnIfExtreme(kept: summary.kept, of: summary.vectors - summary.problems.count, items: "vectors", prefilter: prefilter,
                           group: group, threshold: threshold, choice: decisionThreshold, sampleScores: summary.sampleScores)
        StandardError.print("ganfilter latent screen: " + String(format: "%.2f s, %.0f vectors/s", seconds,
                                                                    seconds > 0 ? Double(summary.vectors) / seconds : 0))
        if summary.vectors == summary.problems.count && !(sharding.value != nil && summary.vectors == 0) { throw ExitCode(2) }
        if !summary.problems.isEmpty { throw ExitCode(1) }
    }

    /// Prints a `warning:` line when keeping `kept` of `total` is extreme (`ExtremeAcceptance`), naming a stored
    /// strategy that keeps a moderate share of `sampleScores` (also `latent sample`'s).
    static func warnIfExtreme(kept: Int, of total: Int, items: String, prefilter: PrefilterModel, group: String, threshold: Double,
                              choice: ThresholdOptions, sampleScores: [Double]) {
        let entry = prefilter.groups.first { $0.group == group }
        let strategy = choice.strategy ?? entry?.strategy
        let source = choice.acceptThreshold != nil ? "--accept-threshold" : "strategy \(strategy.map(\.description) ?? "")"
        if let warning = ExtremeAcceptance.warning(accepted: kept, of: total, items: items, threshold: "\(threshold) (\(source))",
                                                   alternatives: ExtremeAcceptance.shares(of: entry?.thresholds ?? [], on: sampleScores)) {
            StandardError.print(warning)
        }
    }

    /// The model at `model` and its screen of `group` at `--strategy` or `--accept-threshold`, problems mapped
    /// to the option that caused them (also `latent sample`'s).
    static func screening(model: String, group: String,
                          threshold: LatentScreening.ThresholdChoice) throws -> (PrefilterModel, LatentScreening) {
        let prefilter = try load(model)
        return (prefilter, try screening(prefilter, group: group, threshold: threshold))
    }

    /// The prefilter at `model`, its problems a usage error naming `--model`.
    static func load(_ model: String) throws -> PrefilterModel {
        do {
            return try PrefilterModel.load(model)
        } catch {
            throw ValidationError("--model: \(error)")
        }
    }

    /// The screen of `group` in `prefilter`, problems mapped to the option that caused them.
    static func screening(_ prefilter: PrefilterModel, group: String, threshold: LatentScreening.ThresholdChoice) throws -> LatentScreening {
        do {
            return try LatentScreening(model: prefilter, group: group, threshold: threshold)
        } catch {
            switch error {
            case .unknownGroup: throw ValidationError("--group: \(error)")
            case .threshold: throw ValidationError("--strategy: \(error)")
            case .classifier: throw ValidationError("--model: \(error)")
            }
        }
    }
}
