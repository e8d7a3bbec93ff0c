import ArgumentParser
import BatchRunning
import FileIO
import MaskImage

/// `--shard I/N`, shared by the commands that can split their work across machines.
struct ShardOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("Do only shard I of N (0-based; SLURM --array=0-(N-1), Kubernetes JOB_COMPLETION_INDEX); "
        + "OUTPUT.shard.json records it for `ganfilter merge`.", valueName: "I/N"))
    var shard: String?

    /// The shard, nil without `--shard`.
    var value: Shard? { shard.flatMap(Shard.init) }

    /// Checks the value, and that the output is a file the record can sit beside.
    func validate(output: String?) throws {
        guard let shard else { return }
        guard Shard(shard) != nil else { throw ValidationError("--shard must be I/N with 0 <= I < N, e.g. 0/4; got '\(shard)'") }
        guard let output, OutputDestination(path: output).isFile else {
            throw ValidationError("--shard needs an output file (the shard record is written beside it and reads it back), not standard output, a device or a FIFO")
        }
    }

    /// The items of this shard (by the path `file` gives), and the record of it over all `items` given the
    /// rows written (nil without `--shard`).
    func select<Item>(_ items: [Item], file: (Item) -> String) -> (items: [Item], record: (Int) -> ShardRecord?) {
        guard let shard = value else { return (items, { _ in nil }) }
        let description = items.map(file).joined(separator: "\n")
        return (items.filter { shard.owns(file: file($0)) }, { rows in ShardRecord(shard: shard, input: description, rows: rows) })
    }

    /// This shard's masks of `batch`, and the record of it; a stream on standard input is not sharded.
    func select(_ batch: MaskBatch) throws -> (batch: MaskBatch, record: (Int) -> ShardRecord?) {
        switch batch {
        case .listed(let listing):
            let (inputs, record) = select(listing.inputs, file: \.name)
            return (.listed(MaskInputListing(inputs: inputs, notes: listing.notes, hasStacks: listing.hasStacks)), record)
        case .stream:
            guard value == nil else { throw ValidationError("--shard splits files and stacks named on the command line, not standard input") }
            return (batch, { _ in nil })
        }
    }
}
