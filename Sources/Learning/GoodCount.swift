/// A count of good images among images: `good / total`, written `TP/N`.
public struct GoodCount: Equatable, Sendable, CustomStringConvertible {
    /// Good images.
    public let good: Int
    /// All images.
    public let total: Int

    /// A count; nil unless `0 <= good <= total` and `total > 0`.
    public init?(good: Int, total: Int) {
        guard total > 0, good >= 0, good <= total else { return nil }
        self.good = good
        self.total = total
    }

    /// Parses `TP/N`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        func integer(_ part: Substring) -> Int? {
            Int(String(part.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()))
        }
        guard parts.count == 2, let good = integer(parts[0]), let total = integer(parts[1]) else {
            return nil
        }
        self.init(good: good, total: total)
    }

    /// The share of good images: the precision.
    public var precision: Double { Double(good) / Double(total) }

    /// `TP/N`.
    public var description: String { "\(good)/\(total)" }
}
