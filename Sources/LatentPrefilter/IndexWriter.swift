import FileIO

/// Writes 0-based indices, one per line, streamed to a temporary file renamed into place by `finish()` (without
/// `fsync`: a bulk output that can be regenerated), gzip-compressed as they stream when the name ends in `.gz`
/// (`TableOutput`).
public final class IndexWriter {
    private let output: TableOutput

    /// Starts writing `path`.
    public init(path: String) throws(OutputError) {
        output = try TableOutput(path: path, durable: false)
    }

    /// Appends indices.
    public func append(_ indices: [Int]) throws(OutputError) {
        guard !indices.isEmpty else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(indices.count * 8)
        var digits = [UInt8](repeating: 0, count: 20)
        for index in indices {
            var value = index, count = 0
            repeat {
                digits[count] = UInt8(truncatingIfNeeded: 48 + value % 10)
                value /= 10
                count += 1
            } while value > 0
            for position in stride(from: count - 1, through: 0, by: -1) { bytes.append(digits[position]) }
            bytes.append(10)
        }
        try output.append(bytes)
    }

    /// Flushes and renames into place.
    public func finish() throws(OutputError) {
        try output.finish()
    }
}
