/// What a screening run did.
public struct ScreeningSummary: Equatable, Sendable {
    /// Vectors read.
    public let vectors: Int
    /// Vectors kept.
    public let kept: Int
    /// Rows that could not be read (line and reason): counted in `vectors`, never kept.
    public var problems: [String] = []
    /// kept / vectors.
    public var passRate: Double { vectors == 0 ? 0 : Double(kept) / Double(vectors) }
    /// The scores of the first block's readable vectors: a sample on which to tell what share other
    /// thresholds would keep (`ExtremeAcceptance`).
    public var sampleScores: [Double] = []
}
