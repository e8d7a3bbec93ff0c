/// How masks may lie turned against the reference's real masks: flipped or turned by half a turn, as one reader's axis
/// order, an image origin at the bottom or a flip augmentation leaves them. Real lungs turned are unlike every real
/// mask to the realism scores, so such masks are rejected as unreal; `MaskDrawing.orientationNote` says it.
public enum MaskOrientation: CaseIterable, Sendable {
    /// Mirrored left to right: the patient's right lung on the other side of the image.
    case mirrored
    /// Upside down: the apices of the lungs at the bottom.
    case upsideDown
    /// Turned by 180 degrees: mirrored and upside down.
    case halfTurned

    /// How a mask lies so, in the note's words.
    public var phrase: String {
        switch self {
        case .mirrored: return "mirrored left to right (the patient's right lung on the other side of the image)"
        case .upsideDown: return "upside down (the apices of the lungs at the bottom)"
        case .halfTurned: return "turned by 180 degrees"
        }
    }

    /// The NumPy call that turns an N x H x W stack of masks back.
    public var numpyFix: String {
        switch self {
        case .mirrored: return "np.flip(masks, axis=-1)"
        case .upsideDown: return "np.flip(masks, axis=-2)"
        case .halfTurned: return "np.rot90(masks, 2, axes=(-2, -1))"
        }
    }
}
