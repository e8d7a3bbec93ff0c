import ArgumentParser
import BatchRunning
import FileIO
import LatentPrefilter
import MaskFeatures
import NumpyFormats

/// `ganfilter merge`: one output from the outputs of a `--shard I/N` run's N shards.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the outputs of the N shards of a --shard run into the output of one run.",
        discussion: """
            Give every shard's output (features or decisions CSV/JSONL, latent screen's kept .npy or indices \
            .txt; tables and indices may be gzip-compressed, named .gz, as the output may be); each must have its \
            OUTPUT.shard.json beside it. Merging refuses when a shard is missing or \
            given twice, when the shards were made from different inputs, or when a row (file) appears twice. \
            Tables come out sorted by file, exactly as a single run writes them; kept vectors and indices in shard \
            order (their indices are global).

            Example: ganfilter merge features-*.csv --output features.csv

            \(ExitStatusHelp.text)
            """
    )

    @Argument(help: "The shard outputs, in any order. A name beginning with - goes after -- or as ./-name.")
    var outputs: [String]

    @Option(name: .shortAndLong, help: "The merged output (same kind as the inputs).")
    var output: String

    func validate() throws {
        guard !outputs.isEmpty else { throw ValidationError("give the shard outputs to merge") }
        let kinds = outputs.map(ShardMerge.Kind.init(outputNamed:))
        guard let kind = kinds[0], kinds.allSatisfy({ $0 == kind }) else {
            throw ValidationError("the outputs must all be .csv, .jsonl, .txt (each may be .gz) or .npy files of one kind")
        }
        guard ShardMerge.Kind(outputNamed: output) == kind else {
            throw ValidationError("--output must be a \(kind.suffix) file like the inputs")
        }
        try OutputPath.validate(output, option: "--output")
    }

    func run() throws {
        try OutputPath.refuseClobbering(outputs: [NamedPath("--output", output),
                                                  NamedPath("the settings file", FeatureTableSettings.sidecarPath(beside: output))],
                                        inputs: outputs.flatMap { [NamedPath("shard", $0), NamedPath("shard record", ShardRecord.path(beside: $0))] })
        do {
            let records = try ShardMerge.records(outputs)
            // Every check before the first write: a refused merge leaves no output.
            let settings: FeatureTableSettings?
            switch Result(catching: { () throws(ModelFileError) in try FeatureTableSettings.shared(beside: outputs) }) {
            case .success(let shared): settings = shared
            case .failure(let error): throw ShardMerge.Refusal(description: error.description)
            }
            // The table and its settings file as one pair (`PairLock`).
            try PairLock.withLock(beside: output, exclusive: true) {
                switch ShardMerge.Kind(outputNamed: output) {
                case .csv: try ShardMerge.csv(outputs, records: records).write(to: output)
                case .jsonLines: try ShardMerge.jsonLines(outputs, records: records).write(to: output)
                case .indices: try Gzip.writeAsNamed(Array(try ShardMerge.indices(outputs, records: records).utf8), to: output)
                case .npy, nil: try ShardMerge.npy(outputs, records: records, to: output)
                }
                if OutputDestination(path: output).isFile { try settings?.write(beside: output) }
            }
            SummaryOutput(dataOutputs: [output]).say("merged \(records.count) shards (\(records.reduce(0) { $0 + $1.rows }) rows) into \(output)")
        } catch let refusal as ShardMerge.Refusal {
            StandardError.print("ganfilter merge: \(refusal)")
            throw ExitCode(2)
        }
    }
}
