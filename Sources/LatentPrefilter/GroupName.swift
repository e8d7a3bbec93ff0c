/// The rules for a group's name (a GAN's sex/age group, `18_24f`): it names files and rows, so it must be
/// non-empty and hold no line breaks or other control characters.
public enum GroupName {
    /// What is wrong with `name` as a group name, nil when nothing is.
    public static func problem(_ name: String) -> String? {
        if name.isEmpty { return "a group name must not be empty" }
        if name.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 }) {
            return "a group name must not hold line breaks or control characters"
        }
        return nil
    }
}
