/// The position an `index` column names (a row of a stack of masks, or a latent vector): a whole number >= 0,
/// written as digits, or as a decimal number (digits, a point, an exponent) that is exactly whole, as pandas
/// writes an integer column that held a missing value (`57.0`). CSV tables and JSON Lines records read it alike.
public enum RowIndex {
    /// Whether `byte` may be part of a decimal number: a digit, a sign, a point or an exponent's `e`.
    static func isDecimal(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): true
        default: false
        }
    }

    /// The largest whole number a decimal number names exactly (2^53); digits name any `Int`.
    static let largestExactDecimal = 9_007_199_254_740_992.0

    /// The whole number >= 0 that `text` writes (surrounding whitespace allowed), nil when it writes none.
    public static func parse(_ text: some StringProtocol) -> Int? {
        let trimmed = String(text).trimmingWhitespace()
        if let value = Int(trimmed) { return value >= 0 ? value : nil }
        guard trimmed.utf8.allSatisfy(isDecimal), let value = DoubleParser.parse(trimmed), value >= 0, value <= largestExactDecimal else {
            return nil
        }
        return Int(exactly: value)
    }
}
