import FileIO
import Testing

/// An `index` column's position, however a table writer spells a whole number.
struct RowIndexTests {
    @Test func wholeNumbersAreReadAsWrittenAndNothingElse() {
        let read: [(String, Int?)] = [
            ("0", 0), ("57", 57), (" 57 ", 57), ("57.0", 57), ("5.7e1", 57), ("9007199254740992.0", 1 << 53),
            ("9223372036854775807", Int.max),
            ("-1", nil), ("-1.0", nil), ("0.5", nil), ("57.000001", nil), ("", nil), ("nan", nil), ("inf", nil),
            ("1e300", nil), ("9007199254740994.0", nil), ("9223372036854775808", nil), ("12a", nil), ("0x10", nil),
        ]
        for (text, expected) in read { #expect(RowIndex.parse(text) == expected, "\(text)") }
    }
}
