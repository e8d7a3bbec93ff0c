import FileIO
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `DoubleParser` against the C library's `strtod` (correctly rounded in glibc), bit for bit.
struct DoubleParserTests {
    /// `strtod`'s value of the whole text, or nil when it does not read every byte.
    func strtodValue(_ text: String) -> Double? {
        text.withCString { start -> Double? in
            var stop: UnsafeMutablePointer<CChar>?
            let value = strtod(start, &stop)
            guard let stop, stop - UnsafeMutablePointer(mutating: start) == text.utf8.count, !text.isEmpty else { return nil }
            return value
        }
    }

    func expectSame(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let parsed = DoubleParser.parse(text)
        let expected = strtodValue(text)
        #expect(parsed?.bitPattern == expected?.bitPattern, "\(text): \(String(describing: parsed)) vs strtod \(String(describing: expected))",
                sourceLocation: sourceLocation)
        // The same text as a field inside a buffer, followed by digits and points that a wrong mask would take in.
        for padding in ["", "1234567", "98765432.1", ".5.5.5.5.5", ",9,9,9,9,9"] {
            let bytes = Array((text + padding).utf8)
            let field = bytes.withUnsafeBufferPointer {
                DoubleParser.parse(UnsafeBufferPointer(rebasing: $0[..<text.utf8.count]), readable: bytes.count)
            }
            #expect(field?.bitPattern == expected?.bitPattern, "\(text) before \(padding): \(String(describing: field))",
                    sourceLocation: sourceLocation)
        }
    }

    /// Short numbers, the ones read eight digits at a time, every length of each side of the point (past the
    /// limits too: nine digits before it, more than 19 in all).
    @Test func shortNumbersEitherSideOfThePointMatchStrtod() {
        var state: UInt64 = 7
        func digit() -> String {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return String(state >> 60 % 10)
        }
        for integerDigits in 0...10 {
            for fractionDigits in 0...24 {
                for sign in ["", "-", "+"] {
                    for point in fractionDigits == 0 ? ["", "."] : ["."] {
                        for _ in 0..<20 {
                            let text = sign + (0..<integerDigits).map { _ in digit() }.joined() + point
                                + (0..<fractionDigits).map { _ in digit() }.joined()
                            expectSame(text)
                        }
                    }
                }
            }
        }
        for text in ["0", "-0", "+0.0", "0.00000000", "99999999.99999999", "-12345678.87654321", "1.", ".1", "00000000.5", "9007199254740993",
                     "0.08535973356365892", "-1.2004594595789921", "9999999999999999999", "0.9999999999999999999", "12345678.90123456789",
                     "0.0000000000000000001", "1.7976931348623157"] {
            expectSame(text)
        }
    }

    @Test func randomDecimalTextMatchesStrtod() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
        for _ in 0..<200_000 {
            let digitCount = Int(next() % 24) + 1
            var digits = (0..<digitCount).map { _ in String(next() % 10) }.joined()
            if next() % 4 == 0 { digits = String(repeating: "0", count: Int(next() % 4)) + digits }
            let point = Int(next() % UInt64(digits.count + 1))
            var text = next() % 3 == 0 ? "-" : (next() % 10 == 0 ? "+" : "")
            text += String(digits.prefix(point)) + (next() % 5 == 0 ? "" : ".") + String(digits.dropFirst(point))
            if text.last == "." && point == 0 { text += "5" }
            if next() % 2 == 0 {
                let exponent = Int(next() % 700) - 350
                text += (next() % 2 == 0 ? "e" : "E") + String(exponent)
            }
            expectSame(text)
        }
    }

    @Test func halfwayAndBoundaryCasesMatchStrtod() {
        var state: UInt64 = 42
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            // Integers exactly halfway between two doubles (and their neighbours) need the tie rule.
            let base = (state | (1 << 63)) >> ((state >> 59) % 11)
            let spacing = UInt64(64 - base.leadingZeroBitCount - 53)
            let halfway = ((base >> spacing) << spacing) | (1 << (spacing - 1))
            for value in [halfway, halfway - 1, halfway + 1] { expectSame(String(value)) }
            // The shortest text of a random double, and that text with one digit changed.
            let double = Double(bitPattern: state & 0x7FEF_FFFF_FFFF_FFFF)
            let text = "\(double)"
            expectSame(text)
            if let last = text.lastIndex(where: \.isNumber), let digit = text[last].wholeNumberValue {
                expectSame(text.replacingCharacters(in: last...last, with: String((digit + 1) % 10)))
            }
        }
        for text in ["1e23", "8.98846567431158e307", "1.7976931348623157e308", "1.7976931348623159e308", "2.2250738585072011e-308",
                     "2.2250738585072014e-308", "4.9e-324", "2.4703282292062327e-324", "1e-400", "1e400", "-0", "0e999999999",
                     "9007199254740993", "9007199254740992.5", "0.1", "-1.5e-5", "123456789012345678901234567890", "1" + String(repeating: "0", count: 400),
                     "0.000000000000000000000000000000000000000000001", "18446744073709551615", "18446744073709551616"] {
            expectSame(text)
        }
    }

    @Test func textThatIsNotADecimalNumberIsReadAsSwiftReadsIt() {
        for text in ["", " ", "1e", ".", "-", "+.e1", "1.2.3", "0x1p3", "-0x1.8p1", "inf", "-Infinity", "nan", "1,5", "e5", "--1", "1e+", "1 2",
                     "1..", "..5", "-.", "+-1", "1-2", "1.-2", "12.3.45", "1.2345.7", "1234567.", "12345678.9.", "1:2", "1/2", "9.9/"] {
            let expected = Double(text)
            #expect(DoubleParser.parse(text)?.bitPattern == expected?.bitPattern
                    || (DoubleParser.parse(text)?.isNaN == true && expected?.isNaN == true), "\(text)")
            // Read inside a larger buffer too, where the eight-byte steps take it (digits after the field).
            let bytes = Array((text + "12345678.12345678").utf8)
            let field = bytes.withUnsafeBufferPointer {
                DoubleParser.parse(UnsafeBufferPointer(rebasing: $0[..<text.utf8.count]), readable: bytes.count)
            }
            #expect(field?.bitPattern == expected?.bitPattern || (field?.isNaN == true && expected?.isNaN == true), "\(text) in a buffer")
        }
        #expect(DoubleParser.parse(" 2.5\t") == 2.5)
        #expect(DoubleParser.parse("\u{00A0}3") == 3)
        #expect(DoubleParser.parse("1\u{0}") == nil)
    }
}
