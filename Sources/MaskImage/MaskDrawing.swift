/// How masks are drawn, as far as a batch of them shows it: lungs are read as the pixels at or above the grey
/// threshold, so masks drawn the other way round (the lungs dark on a light ground) are read as their
/// background, which reaches every edge of the image (`BinaryMask.reachesEveryEdge`) as no lung mask does, and
/// masks drawn in a PNG's alpha channel (which is not read) are read empty. Every measure of such masks is the
/// background's, or none; a note says so and how to mend it, and the masks are read as drawn all the same.
public enum MaskDrawing {
    /// The note for a batch of `count` masks read at the grey `threshold` of which `edged` reach every edge, when
    /// they are most of them; nil otherwise. `effect` says what reading them as drawn does to the command's
    /// results; `prefix` begins the note ("reference: ").
    public static func invertedNote(edged: Int, of count: Int, threshold: UInt8, effect: String, prefix: String = "") -> String? {
        guard 2 * edged > count else { return nil }
        return "\(prefix)\(edged) of the \(count) masks reach all four edges of the image, as masks drawn inverted do (the lungs dark on "
            + "a light ground): pixels at or above \(threshold) are read as lung, so \(effect); invert them (255 - value) if they are drawn so"
    }

    /// The note for a batch of `count` masks read at the grey `threshold` of which `empty` have no foreground in
    /// either half (the centre column of an odd width lies in neither), when they are most of them; nil otherwise. An
    /// empty mask is rejected whatever a filter's threshold.
    public static func emptyNote(empty: Int, of count: Int, threshold: UInt8) -> String? {
        guard 2 * empty > count else { return nil }
        return "\(empty) of the \(count) masks are empty (no lung pixel at the grey threshold \(threshold) in either half of the image), "
            + "so they have no features and "
            + "are rejected whatever a filter's threshold; a mask drawn in a PNG's alpha channel, which is not read, reads empty: save the "
            + "lungs white (255) on black"
    }

    /// Whether the mask at `position` of a batch measured against a reference is also scored turned back every way
    /// (`MaskOrientation`), for `orientationNote(_:)`: each of the first 48, every 4th up to 256, then every 64th, so
    /// that a batch of a dozen masks has enough for the note and a large one pays little (a position in the inputs,
    /// never depending on `--jobs`).
    public static func isOrientationSample(position: Int) -> Bool {
        position < 48 || (position < 256 ? position % 4 == 0 : position % 64 == 0)
    }

    /// The least count of sampled masks for `orientationNote(_:)` to speak, and the least share of them that match
    /// best turned back from one way. Against the Montgomery masks, in a batch as it lies a few match best mirrored
    /// (6% to 18% of the first 512 masks of the bench's three generators, 19% of the Shenzhen masks) and none any
    /// other way; in a batch that lies any of the seven ways, 82% to 94% match best turned back from that way (the
    /// Shenzhen masks 81%; the rest match best turned back from that way and mirrored). Of 12 masks of a batch at
    /// 19%, 8 match best mirrored by chance once in about 2,500 batches.
    public static let orientationSampleMinimum = 12, orientationShare = 0.6

    /// The note for a batch of masks of which some were scored turned back every way as well as they lie (`matches`:
    /// how each matched the reference best), when at least `orientationSampleMinimum` were and `orientationShare` of
    /// them matched best turned back from one way (the way most did); nil otherwise. The scores compare a mask's
    /// outline with real ones, so masks that lie otherwise than the reference's score low, and would be rejected as
    /// unlike real lungs without a word.
    public static func orientationNote(_ matches: [OrientationMatch]) -> String? {
        guard matches.count >= orientationSampleMinimum,
              let (way, count) = MaskOrientation.allCases.map({ way in (way, matches.filter { $0 == .turned(way) }.count) })
                  .max(by: { $0.1 < $1.1 }),
              Double(count) >= orientationShare * Double(matches.count) else { return nil }
        return "\(count) of the \(matches.count) masks scored turned as well match the real masks better by realism_boundary \(way.phrase): "
            + "they seem to lie so against the reference, and their realism is that of turned lungs; if so, turn one set back (\(way.numpyFix))"
    }

    /// The note for a batch of masks read at the grey `threshold`, each a file and the class levels its image's
    /// threshold split (`MaskReading.splitLevels`, nil for most), when any was split; nil otherwise. Only the
    /// classes at or above the threshold are read as lung.
    public static func splitNote(_ masks: [(file: String, splitLevels: [Int]?)], threshold: UInt8) -> String? {
        let split = masks.filter { $0.splitLevels != nil }
        guard let first = split.first else { return nil }
        let shown = (first.splitLevels ?? []).map(String.init).joined(separator: ", ")
        return "\(split.count) of the \(masks.count) masks are label images whose classes the grey threshold \(threshold) splits (\(first.file) has classes "
            + "at grey levels \(shown)): only the classes at or above \(threshold) are read as lung, so a lung drawn darker is left out; "
            + "if every class is lung, save the masks as one level ((labels > 0) * 255), or read every level other than 0 as lung with "
            + "--threshold 1"
    }
}
