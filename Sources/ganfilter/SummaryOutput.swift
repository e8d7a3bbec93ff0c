import FileIO

/// Where a command's summary for people goes: standard output, unless one of the command's data outputs goes
/// there (`-`, `/dev/stdout`), when it moves to standard error so that the data stay readable (a model's JSON,
/// a `.npy`, indices).
struct SummaryOutput {
    /// Whether the summary goes to standard error.
    let toStandardError: Bool

    /// The summary of a command whose data outputs are `outputs` (nil where one is not written).
    init(dataOutputs outputs: [String?]) {
        toStandardError = outputs.contains { $0.map { OutputDestination(path: $0).isStandardOutput } ?? false }
    }

    /// The summary on standard output.
    static let standardOutput = SummaryOutput(dataOutputs: [])

    /// Writes a line of the summary.
    func say(_ line: String) {
        if toStandardError { StandardError.print(line) } else { Swift.print(line) }
    }
}
