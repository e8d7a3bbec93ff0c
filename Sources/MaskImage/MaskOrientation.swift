/// How masks may lie turned against the reference's real masks: any of the seven ways a square can be turned or
/// flipped onto itself. One reader's axis order, an image origin at the bottom or a flip augmentation leaves them
/// so: most often mirrored or upside down, and transposed (rows and columns swapped) or turned by a quarter when the
/// masks came from a reader that puts the image's x axis first, as NIfTI and ITK readers do. Real lungs turned are
/// unlike every real mask to the realism scores, so such masks are rejected as unreal; `MaskDrawing.orientationNote`
/// says it.
public enum MaskOrientation: CaseIterable, Sendable {
    /// Mirrored left to right: the patient's right lung on the other side of the image.
    case mirrored
    /// Upside down: the apices of the lungs at the bottom.
    case upsideDown
    /// Turned by 180 degrees: mirrored and upside down.
    case halfTurned
    /// Rows and columns swapped (mirrored across the diagonal from the top left): the lungs lie on their side,
    /// apices to the left.
    case transposed
    /// Mirrored across the other diagonal (transposed and turned by 180 degrees): the lungs lie on their side, apices
    /// to the right.
    case antiTransposed
    /// Turned by a quarter clockwise: the apices to the right.
    case quarterTurnedClockwise
    /// Turned by a quarter counterclockwise: the apices to the left.
    case quarterTurnedCounterclockwise

    /// How a mask lies so, in the note's words.
    public var phrase: String {
        switch self {
        case .mirrored: return "mirrored left to right (the patient's right lung on the other side of the image)"
        case .upsideDown: return "upside down (the apices of the lungs at the bottom)"
        case .halfTurned: return "turned by 180 degrees"
        case .transposed: return "transposed (rows and columns swapped, as readers that put the x axis first give them)"
        case .antiTransposed: return "mirrored across the other diagonal (transposed and turned by 180 degrees)"
        case .quarterTurnedClockwise: return "turned by a quarter clockwise"
        case .quarterTurnedCounterclockwise: return "turned by a quarter counterclockwise"
        }
    }

    /// The NumPy call that turns an N x H x W stack of masks lying so back.
    public var numpyFix: String {
        switch self {
        case .mirrored: return "np.flip(masks, axis=-1)"
        case .upsideDown: return "np.flip(masks, axis=-2)"
        case .halfTurned: return "np.rot90(masks, 2, axes=(-2, -1))"
        case .transposed: return "np.swapaxes(masks, -1, -2)"
        case .antiTransposed: return "np.flip(np.swapaxes(masks, -1, -2), axis=(-2, -1))"
        case .quarterTurnedClockwise: return "np.rot90(masks, 1, axes=(-2, -1))"
        case .quarterTurnedCounterclockwise: return "np.rot90(masks, -1, axes=(-2, -1))"
        }
    }

    /// What turns a mask lying so back, in the order done: first rows and columns swapped, then the columns
    /// reversed (left to right), then the rows (top to bottom). A mask `width` x `height` turned back is `height` x
    /// `width` when `swapsAxes`.
    public var back: (swapsAxes: Bool, reversesColumns: Bool, reversesRows: Bool) {
        switch self {
        case .mirrored: return (false, true, false)
        case .upsideDown: return (false, false, true)
        case .halfTurned: return (false, true, true)
        case .transposed: return (true, false, false)
        case .antiTransposed: return (true, true, true)
        // Turning back a quarter clockwise turns a quarter counterclockwise: column x of row y goes to column y of
        // row width − 1 − x.
        case .quarterTurnedClockwise: return (true, false, true)
        case .quarterTurnedCounterclockwise: return (true, true, false)
        }
    }

    /// Where the pixel at column `x`, row `y` of a mask `width` x `height` lying so lies once turned back (`back`).
    public func placeTurnedBack(x: Int, y: Int, width: Int, height: Int) -> (x: Int, y: Int) {
        let (swaps, columns, rows) = back
        let (x0, y0, w0, h0) = swaps ? (y, x, height, width) : (x, y, width, height)
        return (columns ? w0 - 1 - x0 : x0, rows ? h0 - 1 - y0 : y0)
    }
}
