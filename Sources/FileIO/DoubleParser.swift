#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decimal text to `Double`, correctly rounded (the same value as `strtod` and `Double(String)`), fast.
///
/// Text of the form `[+-]digits[.digits][(e|E)[+-]digits]` with at most 19 significant digits, the form of every
/// number a CSV writer prints, is converted without leaving the bytes: exactly when the significand and the
/// power of ten are both exact doubles (Clinger's fast path), else by the Eisel-Lemire algorithm (one 128-bit
/// product against `PowersOfTen`). Anything else (more digits, hexadecimal, `inf`, `nan`, a halfway case the
/// product cannot settle, an exponent out of range) goes to `strtod`, whose answer is the definition.
public enum DoubleParser {
    /// The number `bytes` spell, leading and trailing white space ignored (ASCII, or any Unicode white space
    /// through `String`); nil when they are not a number to `strtod`.
    @inline(__always)
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        // The usual field, a bare number, goes straight to the fast steps; text they cannot read, to strtod.
        guard !isASCIIWhitespace(base[0]), !isASCIIWhitespace(base[bytes.count - 1]) else { return trimmed(bytes) }
        return decimal(base, from: 0, to: bytes.count) ?? fallback(bytes)
    }

    /// `parse` for text with white space at an end.
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let base = bytes.baseAddress else { return nil }
        var start = 0, end = bytes.count
        while start < end, isASCIIWhitespace(bytes[start]) { start += 1 }
        while end > start, isASCIIWhitespace(bytes[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        if let value = decimal(base, from: start, to: end) { return value }
        return fallback(UnsafeBufferPointer(rebasing: bytes[start..<end]))
    }

    /// The number `bytes` spell, as `parse(_:)`, where the `readable` bytes from their start may be read
    /// (`readable >= bytes.count`; a field inside a larger buffer). With eight bytes to spare, a number of at most
    /// eight digits either side of the point (`-0.6607`, `123.25`) is read eight digits at a time.
    @inline(__always)
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, readable: Int) -> Double? {
        if let base = bytes.baseAddress, bytes.count > 0, readable >= bytes.count + 8, let value = short(base, count: bytes.count) {
            return value
        }
        return parse(bytes)
    }

    /// `[+-]digits[.digits]` with at most eight digits either side and at least one, read eight bytes at a time;
    /// nil for anything else. Reads up to `count + 8` bytes from `p`.
    @inline(__always)
    private static func short(_ p: UnsafePointer<UInt8>, count: Int) -> Double? {
        let negative = p[0] == UInt8(ascii: "-")
        let sign = negative || p[0] == UInt8(ascii: "+") ? 1 : 0
        let body = p + sign, length = count - sign
        let integer = load(body)
        var significand: UInt64
        var fractionDigits = 0
        if length <= 8 {
            // The whole number in one word: the point (if any) taken out, the digits converted at once.
            guard let packed = packedDigits(integer, length: length) else { return nil }
            significand = packed.value
            fractionDigits = packed.fractionDigits
        } else {
            // Fewer than `length` digits lead; eight may be followed by more, and those numbers take the
            // general steps.
            let integerDigits = leadingDigits(integer)
            guard body[integerDigits] == UInt8(ascii: "."), length - integerDigits - 1 <= 8 else { return nil }
            fractionDigits = length - integerDigits - 1
            let fraction = load(body + integerDigits + 1)
            guard leadingDigits(fraction) >= fractionDigits else { return nil }
            significand = value(integer, digits: integerDigits) &* smallPowers[fractionDigits] &+ value(fraction, digits: fractionDigits)
        }
        let magnitude: Double
        if significand <= 1 << 53 {
            magnitude = Double(significand) / exactPowers[fractionDigits]
        } else {
            guard let value = eiselLemire(significand, -fractionDigits) else { return nil }
            magnitude = value
        }
        // The sign goes in as a bit, not by a branch: in a column of random signs a branch fails every other
        // field.
        let signBit: UInt64 = negative ? 1 << 63 : 0
        return Double(bitPattern: magnitude.bitPattern | signBit)
    }

    /// The number the first `length` bytes of `word` (at most eight) spell when they are digits with at most one
    /// point among them, and how many digits follow the point; nil otherwise, or when there is no digit.
    @inline(__always)
    private static func packedDigits(_ word: UInt64, length: Int) -> (value: UInt64, fractionDigits: Int)? {
        // The first byte equal to `.` (the lowest flagged byte of a zero-byte test is always exact).
        let x = word ^ 0x2E2E_2E2E_2E2E_2E2E
        let points = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
        let point = points == 0 ? 8 : points.trailingZeroBitCount >> 3
        var digits = word, count = length
        if point < length {
            // The bytes above the point move down one, over it.
            let below: UInt64 = (1 << UInt64(8 * point)) &- 1
            digits = (word & below) | ((word >> 8) & ~below)
            count -= 1
        }
        guard count > 0, leadingDigits(digits) >= count else { return nil }
        return (value(digits, digits: count), point < length ? length - 1 - point : 0)
    }

    /// Eight bytes from `p`, the first in the lowest byte.
    @inline(__always)
    private static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// How many of the eight bytes of `word`, from the lowest, are ASCII digits before the first that is not.
    /// (A digit adds no carry or borrow to the next byte, so the first non-digit is always flagged.)
    @inline(__always)
    private static func leadingDigits(_ word: UInt64) -> Int {
        let flagged = ((word &+ 0x4646_4646_4646_4646) | (word &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080
        return flagged == 0 ? 8 : flagged.trailingZeroBitCount >> 3
    }

    /// The number the lowest `digits` bytes (ASCII digits, at most eight) of `word` spell: they are moved to the
    /// top, behind zeros, and the eight digits combined in three multiplications.
    @inline(__always)
    private static func value(_ word: UInt64, digits: Int) -> UInt64 {
        guard digits > 0 else { return 0 }
        var v = (word &- 0x3030_3030_3030_3030) &<< UInt64((8 - digits) * 8)
        v = v &* 10 &+ (v >> 8)
        let pairs: UInt64 = 0x0000_00FF_0000_00FF, high: UInt64 = 100 + (1_000_000 << 32), low: UInt64 = 1 + (10_000 << 32)
        return ((v & pairs) &* high &+ ((v >> 16) & pairs) &* low) >> 32
    }

    /// 10^0 ... 10^8.
    private static let smallPowers: [UInt64] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// The number `text` spells, as `parse` reads its UTF-8 bytes.
    public static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    @inline(__always)
    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool { byte == 32 || byte &- 9 < 5 }

    /// The plain decimal form of `p[start..<end]` (not empty), or nil when the text is not in it or the fast
    /// steps cannot decide.
    @inline(__always)
    private static func decimal(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Double? {
        let negative = p[start] == UInt8(ascii: "-")
        var i = start + (negative || p[start] == UInt8(ascii: "+") ? 1 : 0)
        // Every digit into the significand; more than 19 (which may wrap) are taken again below.
        let digitsStart = i
        var significand: UInt64 = 0
        i = digitRun(p, from: i, to: end, into: &significand)
        var digitCount = i - digitsStart
        var exponent = 0         // the power of ten `significand` is scaled by
        if i < end, p[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            i = digitRun(p, from: i, to: end, into: &significand)
            exponent = fractionStart - i
            digitCount += i - fractionStart
        }
        guard digitCount > 0 else { return nil }
        if digitCount > 19 {
            guard let significant = significantDigits(p, from: digitsStart, to: i) else { return nil }
            (significand, exponent) = significant
        }
        if i < end, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < end, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                exponentNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            var written = 0
            var sawExponentDigit = false
            while i < end, case let d = p[i] &- 48, d < 10 {
                sawExponentDigit = true
                guard written < 100_000 else { return nil }
                written = written * 10 + Int(d)
                i += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard i == end else { return nil }
        if significand == 0 { return negative ? -0.0 : 0.0 }
        let magnitude: Double
        if significand <= 1 << 53, (-22...22).contains(exponent) {
            let power = exactPowers[abs(exponent)]
            magnitude = exponent < 0 ? Double(significand) / power : Double(significand) * power
        } else {
            guard let value = eiselLemire(significand, exponent) else { return nil }
            magnitude = value
        }
        let signBit: UInt64 = negative ? 1 << 63 : 0  // as in `short`
        return Double(bitPattern: magnitude.bitPattern | signBit)
    }

    /// Appends the digits from `start` up to the first other byte or `end` to `significand` (wrapping past 19
    /// digits) and returns where they stop. (Eight digits at a time by SWAR was slower on these short fields.)
    @inline(__always)
    private static func digitRun(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int, into significand: inout UInt64) -> Int {
        var i = start
        while i < end, case let d = p[i] &- 48, d < 10 {
            significand = significand &* 10 &+ UInt64(d)
            i += 1
        }
        return i
    }

    /// The digits of `p[start..<end]` (digits and at most one `.`) as a significand and power of ten, leading
    /// zeros dropped; nil when more than 19 significant digits remain.
    private static func significantDigits(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> (UInt64, Int)? {
        var significand: UInt64 = 0
        var digits = 0, exponent = 0
        var inFraction = false
        for index in start..<end {
            guard case let d = p[index] &- 48, d < 10 else {
                inFraction = true
                continue
            }
            if inFraction { exponent -= 1 }
            guard significand != 0 || d != 0 else { continue }
            guard digits < 19 else { return nil }
            significand = significand &* 10 &+ UInt64(d)
            digits += 1
        }
        return (significand, exponent)
    }

    /// 10^0 ... 10^22, each exactly a double.
    private static let exactPowers: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    /// `significand` x 10^`exponent` rounded to the nearest double, or nil when the 128-bit product cannot tell
    /// (Lemire, "Number Parsing at a Gigabyte per Second", 2021; the steps follow Go's `strconv`).
    private static func eiselLemire(_ significand: UInt64, _ exponent: Int) -> Double? {
        guard (PowersOfTen.lowest...PowersOfTen.highest).contains(exponent) else { return nil }
        let leadingZeros = significand.leadingZeroBitCount
        let normalised = significand << leadingZeros
        var binaryExponent = UInt64(bitPattern: Int64((217_706 * exponent) >> 16 + 64 + 1023)) &- UInt64(leadingZeros)
        let entry = 2 * (exponent - PowersOfTen.lowest)
        let (high, low) = PowersOfTen.words.withUnsafeBufferPointer { ($0[entry], $0[entry + 1]) }
        var (productHigh, productLow) = normalised.multipliedFullWidth(by: high)
        if productHigh & 0x1FF == 0x1FF, productLow &+ normalised < normalised {
            // The truncated table may be short by up to one unit: widen with the low word.
            let (wideHigh, wideLow) = normalised.multipliedFullWidth(by: low)
            var mergedHigh = productHigh
            let mergedLow = productLow &+ wideHigh
            if mergedLow < productLow { mergedHigh &+= 1 }
            if mergedHigh & 0x1FF == 0x1FF, mergedLow &+ 1 == 0, wideLow &+ normalised < normalised { return nil }
            (productHigh, productLow) = (mergedHigh, mergedLow)
        }
        let top = productHigh >> 63
        var mantissa = productHigh >> (top + 9)
        binaryExponent &-= 1 ^ top
        if productLow == 0, productHigh & 0x1FF == 0, mantissa & 3 == 1 { return nil }  // exactly halfway: undecided
        mantissa &+= mantissa & 1
        mantissa >>= 1
        if mantissa >> 53 > 0 {
            mantissa >>= 1
            binaryExponent &+= 1
        }
        // Zero or wrapped below zero: subnormal; 0x7FF and above: infinite. Both go to strtod.
        guard binaryExponent &- 1 < 0x7FF - 1 else { return nil }
        return Double(bitPattern: binaryExponent << 52 | mantissa & 0x000F_FFFF_FFFF_FFFF)
    }

    /// `strtod` over the whole text; nil unless it reads every byte (a NUL byte ends no number). Non-ASCII text
    /// goes through `Double(String)`, which trims Unicode white space the same way the rest of the tables do.
    private static func fallback(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.contains(0) else { return nil }
        guard !bytes.contains(where: { $0 >= 0x80 }) else {
            return Double(String(decoding: bytes, as: UTF8.self).trimmingWhitespace())
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { text -> Double? in
            guard let base = text.baseAddress else { return nil }
            for (index, byte) in bytes.enumerated() { text[index] = CChar(bitPattern: byte) }
            text[bytes.count] = 0
            var stop: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &stop)
            guard let stop, stop == base + bytes.count else { return nil }
            return value
        }
    }
}
