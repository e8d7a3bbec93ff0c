/// What scoring a mask turned back every way (`MaskOrientation`) found: whether it matches the reference's real masks
/// best as it lies or turned back from one way. A batch most of whose sampled masks match best turned back from one
/// way lies so against the reference (`MaskDrawing.orientationNote`).
public enum OrientationMatch: Hashable, Sendable {
    /// It scores highest as it lies.
    case asItLies
    /// It scores highest turned back from lying this way, higher than as it lies.
    case turned(MaskOrientation)

    /// The match of a mask scoring `own` as it lies and `turned[i]` turned back from `MaskOrientation.allCases[i]`:
    /// the way of the highest score when it is higher than `own` (of equal scores, the first way), else `asItLies`.
    public init(own: Double, turned: [Double]) {
        var best = own, way: MaskOrientation?
        for (candidate, score) in zip(MaskOrientation.allCases, turned) where score > best {
            (best, way) = (score, candidate)
        }
        self = way.map(OrientationMatch.turned) ?? .asItLies
    }
}
