/// File names for group-specific report files: characters outside `[A-Za-z0-9_-]` are percent-encoded.
public enum ReportFileName {
    /// `roc_<group>_<target>.csv` and the like, with the group and target encoded.
    public static func name(_ prefix: String, group: String, target: String) -> String {
        "\(prefix)_\(encode(group))_\(encode(target)).csv"
    }

    /// Percent-encodes every UTF-8 byte outside `[A-Za-z0-9_-]`.
    public static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}
