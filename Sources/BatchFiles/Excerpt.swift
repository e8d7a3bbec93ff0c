/// Text from an input quoted in a message, cut to a readable length: a 26 MB field must not flood a terminal.
public enum Excerpt {
    /// The longest excerpt, in characters, before it is cut.
    public static let maximumLength = 60

    /// `text` in single quotes, cut after `maximumLength` characters with its full size noted, and with
    /// line breaks and other control characters shown as `?`.
    public static func quoted(_ text: some StringProtocol) -> String {
        let shown = text.prefix(maximumLength).map { $0.isASCII && ($0.asciiValue ?? 0) < 32 ? "?" : String($0) }.joined()
        guard text.count > maximumLength else { return "'\(shown)'" }
        return "'\(shown)...' (\(text.utf8.count) bytes)"
    }

    /// UTF-8 bytes from an input, quoted as `quoted(_:)` does.
    public static func quoted(bytes: some Collection<UInt8>) -> String {
        quoted(String(decoding: bytes.prefix(maximumLength * 4), as: UTF8.self))
            + (bytes.count > maximumLength * 4 ? " (\(bytes.count) bytes)" : "")
    }
}
