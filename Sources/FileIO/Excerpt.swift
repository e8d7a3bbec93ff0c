/// Text from an input quoted in a message, cut to a readable length: a 26 MB field must not flood a terminal.
public enum Excerpt {
    /// The longest excerpt, in characters, before it is cut.
    public static let maximumLength = 60

    /// `text` in single quotes, cut after `limit` characters with its full size noted, and with line breaks
    /// and other control characters shown as `?`.
    public static func quoted(_ text: some StringProtocol, limit: Int = maximumLength) -> String {
        quoted(prefix: Substring(text.prefix(limit + 1)), totalBytes: text.utf8.count, limit: limit)
    }

    /// UTF-8 bytes from an input, quoted as `quoted(_:)` does (only their start is decoded).
    public static func quoted(bytes: some Collection<UInt8>) -> String {
        quoted(prefix: String(decoding: bytes.prefix(4 * (maximumLength + 1)), as: UTF8.self).prefix(maximumLength + 1),
               totalBytes: bytes.count, limit: maximumLength)
    }

    private static func quoted(prefix: Substring, totalBytes: Int, limit: Int) -> String {
        let shown = prefix.prefix(limit).map { $0.isASCII && ($0.asciiValue ?? 0) < 32 ? "?" : String($0) }.joined()
        return prefix.count > limit ? "'\(shown)...' (\(totalBytes) bytes)" : "'\(shown)'"
    }
}
