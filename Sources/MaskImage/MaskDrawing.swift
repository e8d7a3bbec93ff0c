/// How masks are drawn, as far as a batch of them shows it: lungs are read as the pixels at or above the grey
/// threshold, so masks drawn the other way round (the lungs dark on a light ground) are read as their
/// background, which reaches every edge of the image (`BinaryMask.reachesEveryEdge`) as no lung mask does. Every
/// measure of such masks is the background's; the note says so and how to mend it, and the masks are read as
/// drawn all the same.
public enum MaskDrawing {
    /// The note for a batch of `count` masks read at the grey `threshold` of which `edged` reach every edge, when
    /// they are most of them; nil otherwise. `effect` says what reading them as drawn does to the command's
    /// results; `prefix` begins the note ("reference: ").
    public static func invertedNote(edged: Int, of count: Int, threshold: UInt8, effect: String, prefix: String = "") -> String? {
        guard 2 * edged > count else { return nil }
        return "\(prefix)\(edged) of the \(count) masks reach all four edges of the image, as masks drawn inverted do (the lungs dark on "
            + "a light ground): pixels at or above \(threshold) are read as lung, so \(effect); invert them (255 - value) if they are drawn so"
    }
}
