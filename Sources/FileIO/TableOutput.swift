/// A table written in pieces, as its name says: gzip-compressed as it streams when the name ends in `.gz`
/// (`GzipStream`), plain otherwise, into a `PartialFile` published by `finish()`. What `Gzip.writeAsNamed` writes
/// at once, without holding the whole text: the same bytes, however the pieces fall.
public final class TableOutput {
    private let file: PartialFile
    private let gzip: GzipStream?

    /// Starts writing `path`; `durable` as `PartialFile`'s (bulk outputs that can be regenerated skip the flush).
    public init(path: String, durable: Bool = true) throws(OutputError) {
        file = try PartialFile(path: path, durable: durable)
        gzip = Gzip.isCompressedName(path) ? try GzipStream(path: path) : nil
    }

    /// Appends `bytes` of the table's text.
    public func append(_ bytes: [UInt8]) throws(OutputError) {
        guard !bytes.isEmpty else { return }
        try file.append(gzip.map { stream throws(OutputError) in try stream.compress(bytes) } ?? bytes)
    }

    /// Ends the text (and the gzip stream) and publishes the file.
    public func finish() throws(OutputError) {
        if let gzip { try file.append(try gzip.finish()) }
        try file.finish()
    }
}
