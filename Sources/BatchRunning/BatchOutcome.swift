/// The exit status of a batch command, from the design's contract: 0 when every input was read,
/// 1 when some were unreadable or rejected as bad (the output still has a row for each),
/// 2 when nothing was usable (no inputs, or none readable).
public struct BatchOutcome: Equatable, Sendable {
    /// Inputs in the batch.
    public let total: Int
    /// Inputs that could not be used.
    public let failed: Int

    /// An outcome from counts.
    public init(total: Int, failed: Int) {
        self.total = total
        self.failed = failed
    }

    /// 0, 1 or 2 as described above.
    public var exitStatus: Int32 {
        if total == 0 || failed >= total { return 2 }
        return failed > 0 ? 1 : 0
    }
}
