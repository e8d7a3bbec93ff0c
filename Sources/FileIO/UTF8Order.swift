/// The order of the design's tables: by the UTF-8 bytes of a string (Swift's `<` on `String` compares
/// Unicode scalars after normalisation, which is not byte order).
public enum UTF8Order {
    /// Whether `a` sorts before `b` by UTF-8 bytes.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
