import ArgumentParser
import BatchFiles
import Foundation
import LatentPrefilter
import Learning

/// `ganfilter latent screen`: keep the promising latent vectors.
struct LatentScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Keep the latent vectors a prefilter expects to give good images (.npy/.npz in, .npy out).",
        discussion: """
            Scores every vector of --vectors (a NumPy .npy of shape (n, d), float32 or float64, C order, or an \
            .npz archive of one, stored or compressed) with \
            the group's model and keeps those at or above the threshold of --strategy (default: the model's) or \
            --accept-threshold. Streams the file in blocks, so memory stays bounded. --output writes the kept \
            vectors as .npy (same element type), --indices their 0-based row numbers, one per line; both atomically.

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

    @Option(help: "Use the threshold the model stores for this strategy.")
    var strategy: String?

    @Option(help: "Keep vectors whose score is at least P.")
    var acceptThreshold: Double?

    @Option(name: .shortAndLong, help: "Kept vectors (.npy).")
    var output: String?

    @Option(help: "0-based indices of the kept vectors, one per line.")
    var indices: String?

    func validate() throws {
        guard strategy == nil || acceptThreshold == nil else { throw ValidationError("give --strategy or --accept-threshold, not both") }
        guard [".npy", ".npz"].contains(where: vectors.lowercased().hasSuffix) else {
            throw ValidationError("--vectors must be a .npy or .npz file (np.save(path, z.astype(np.float32))); CSV input comes later")
        }
        if let output { try OutputPath.validate(output, option: "--output") }
        if let indices { try OutputPath.validate(indices, option: "--indices") }
    }

    func run() throws {
        let prefilter: PrefilterModel
        do {
            prefilter = try PrefilterModel.load(model)
        } catch {
            throw ValidationError("--model: \(error)")
        }
        guard let entry = prefilter.groups.first(where: { $0.group == group }) else {
            throw ValidationError("the model has no group '\(group)' (it has \(prefilter.groups.map(\.group).joined(separator: ", ")))")
        }
        let threshold: Double
        do {
            threshold = try acceptThreshold ?? StrategyThreshold.stored(strategy ?? entry.strategy, in: entry.thresholds)
        } catch {
            throw ValidationError("group \(group): \(error)")
        }
        let reader: NumpyReader
        var archive: NpzArchive?  // keeps an inflated member's temporary file until screening ends
        do {
            if vectors.lowercased().hasSuffix(".npz") {
                let opened = try NpzArchive(path: vectors)
                archive = opened
                reader = try opened.reader(member: member)
            } else {
                reader = try NumpyReader(path: vectors)
            }
        } catch {
            StandardError.print("ganfilter latent screen: \(error)")
            throw ExitCode(2)
        }
        guard reader.header.columns == prefilter.dimensions else {
            throw ValidationError("\(vectors) has \(reader.header.columns) dimensions; the model was trained on \(prefilter.dimensions)")
        }
        let classifier = try entry.classifier.fitted(featureCount: prefilter.inputCount)
        let screening = LatentScreening(classifier: classifier, threshold: threshold, addNorm: prefilter.addNorm)
        let writer = try output.map { path throws(OutputError) in
            try NumpyWriter(path: path, elementType: reader.header.elementType, columns: reader.header.columns)
        }
        let indexWriter = try indices.map { path throws(OutputError) in try IndexWriter(path: path) }
        let clock = ContinuousClock()
        let start = clock.now
        let progress = ProgressLine(label: "screen", total: reader.header.rows)
        let summary: ScreeningSummary
        do {
            summary = try screening.screen(reader, keptTo: writer, indicesTo: indexWriter, progress: progress.update)
            try writer?.finish()
            try indexWriter?.finish()
        } catch {
            progress.finish()
            StandardError.print("ganfilter latent screen: \(error)")
            throw ExitCode(2)
        }
        progress.finish()
        withExtendedLifetime(archive) {}
        let seconds = (clock.now - start).seconds
        print("group \(group): kept \(summary.kept) of \(summary.vectors) vectors (pass rate "
            + String(format: "%.4f", summary.passRate) + ", threshold \(threshold))")
        StandardError.print("ganfilter latent screen: " + String(format: "%.2f s, %.0f vectors/s", seconds,
                                                                    seconds > 0 ? Double(summary.vectors) / seconds : 0))
        if summary.vectors == 0 { throw ExitCode(2) }
    }
}
