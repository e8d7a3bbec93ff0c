/// RFC 4180 fields: quoted only when they hold a comma, a quote, or a line break.
public enum CSVField {
    /// The field as it appears in a CSV line.
    public static func quoted(_ field: String) -> String {
        // Bytes, not characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A CSV line (without its line break) from fields.
    public static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",")
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
