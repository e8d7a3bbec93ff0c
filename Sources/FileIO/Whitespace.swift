extension StringProtocol {
    /// The text without leading and trailing white space (returned as it is, cheaply, when it has none: this
    /// runs on every field of a dataset).
    public func trimmingWhitespace() -> String {
        // ASCII bytes first: Character.isWhitespace is a Unicode property lookup, slow on every field.
        let blank = { (byte: UInt8) in byte == 32 || (9...13).contains(byte) || byte >= 0x80 }
        guard let first = utf8.first, let last = utf8.reversed().first, blank(first) || blank(last) else { return String(self) }
        return String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
