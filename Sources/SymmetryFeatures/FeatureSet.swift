import AnatomyFeatures
import MaskImage

/// Which columns a features table holds (`features --set`): DESIGN's six symmetry features, the nine anatomy
/// columns (`AnatomyFeatures`), or both, symmetry first.
public enum FeatureSet: String, Sendable, CaseIterable, Codable {
    /// `iou, cosine, area_ratio` and their dilated forms.
    case symmetry
    /// The shape-plausibility columns.
    case anatomy
    /// Symmetry, then anatomy.
    case all

    /// The column names, in order.
    public var columns: [String] {
        switch self {
        case .symmetry: return SymmetryFeatures.names
        case .anatomy: return AnatomyFeatures.names
        case .all: return SymmetryFeatures.names + AnatomyFeatures.names
        }
    }

    /// The set whose columns are exactly `names`, in that order; nil when no set has them.
    public init?(columns names: [String]) {
        guard let set = FeatureSet.allCases.first(where: { $0.columns == names }) else { return nil }
        self = set
    }

    /// The values of `mask`, in `columns` order; nil when the mask is empty for this set (both halves empty
    /// for the symmetry columns, no foreground for the anatomy columns).
    public func measure(_ mask: BinaryMask, dilationRadius: Int) -> [Double]? {
        switch self {
        case .symmetry:
            return SymmetryFeatures(of: mask, dilationRadius: dilationRadius)?.values
        case .anatomy:
            return AnatomyFeatures(mask)?.values
        case .all:
            guard let symmetry = SymmetryFeatures(of: mask, dilationRadius: dilationRadius), let anatomy = AnatomyFeatures(mask) else {
                return nil
            }
            return symmetry.values + anatomy.values
        }
    }
}
