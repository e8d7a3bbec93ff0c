/// A yes/no field of a table, as people and pandas write one: `good`/`bad` (the labels format), `1`/`0`,
/// `true`/`false` (a boolean column) and `1.0`/`0.0` (a column of 1s and 0s with a missing value among them),
/// trimmed, any case.
///
/// The one reading of such a field: hand labels (`file,label`), a latent dataset's targets and the outcomes
/// `latent assemble` joins all take the same words, so a labels file the labelling page saves is an outcome too.
public enum BinaryField {
    /// True for `good`, `1`, `true`, `1.0`; false for `bad`, `0`, `false`, `0.0`; nil for anything else.
    public static func value(_ text: some StringProtocol) -> Bool? {
        switch text.trimmingWhitespace().lowercased() {
        case "good", "1", "true", "1.0": return true
        case "bad", "0", "false", "0.0": return false
        default: return nil
        }
    }

    /// The words `value` reads, for messages.
    public static let spellings = "good, bad, 1 or 0 (or true, false, 1.0, 0.0)"
}
