#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Numbers as people read them in the report. Each formatter rounds half away from zero and never prints
/// `-0`; a missing value (a 0/0 metric) reads "–".
public enum NumberFormat {
    /// `value` with `digits` decimals: 0.76012 -> "0.760".
    public static func decimal(_ value: Double?, digits: Int = 3) -> String {
        guard let value, value.isFinite else { return value.map { $0.isNaN ? "–" : ($0 > 0 ? "∞" : "−∞") } ?? "–" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (abs(value) * scale).rounded() / scale
        let sign = value < 0 && rounded != 0 ? "−" : ""
        let whole = Int(rounded.rounded(.down))
        guard digits > 0 else { return sign + grouped(whole) }
        let fraction = Int(((rounded - Double(whole)) * scale).rounded())
        let fractionText = String(fraction)
        return sign + grouped(whole) + "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }

    /// A share as a percentage: 0.4209 -> "42.1%".
    public static func percent(_ share: Double?, digits: Int = 1) -> String {
        guard let share else { return "–" }
        let text = decimal(share * 100, digits: digits)
        return text == "–" ? text : text + "%"
    }

    /// A ratio: 1.8512 -> "1.85×".
    public static func times(_ value: Double?, digits: Int = 2) -> String {
        guard let value else { return "–" }
        return decimal(value, digits: digits) + "×"
    }

    /// A count with thin-space thousands separators: 60000 -> "60 000".
    public static func count(_ value: Int) -> String {
        (value < 0 ? "−" : "") + grouped(abs(value))
    }

    /// A value with three significant digits, in scientific form when very small or large: 2.4e-7 -> "2.40e−7".
    public static func significant(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        if value == 0 { return "0" }
        let exponent = Int(log10(abs(value)).rounded(.down))
        if exponent >= -3 && exponent < 6 { return decimal(value, digits: max(0, 2 - exponent)) }
        let mantissa = value / pow(10, Double(exponent))
        return decimal(mantissa, digits: 2) + "e" + (exponent < 0 ? "−" : "") + String(abs(exponent))
    }

    private static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 && digits.count > 4 { result += "\u{2009}" }
            result.append(digit)
        }
        return result
    }
}
