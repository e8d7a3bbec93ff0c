/// A row of a latent dataset left out, with its 1-based physical line (the header is line 1) and why.
public struct DatasetIssue: Equatable, Sendable {
    /// The line.
    public let line: Int
    /// Why the row was left out.
    public let reason: String
}
