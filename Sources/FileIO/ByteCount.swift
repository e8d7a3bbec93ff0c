/// Sizes in bytes as people read them in messages about limits ("1.5 GiB", "512 MiB").
public enum ByteCount {
    /// `bytes` in the largest binary unit that keeps it at least 1, with at most one decimal.
    public static func text(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        guard unit > 0 else { return "\(bytes) bytes" }
        let rounded = (value * 10).rounded() / 10
        return (rounded == rounded.rounded() ? String(Int(rounded)) : "\(rounded)") + " " + units[unit]
    }
}
