import SymmetryFeatures
import AnatomyFeatures
import MaskImage

/// Which columns a features table holds (`features --set`): the design's six symmetry features, the nine anatomy
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

    /// The columns `--reference` appends after any set's: the best translation-aligned Dice against the
    /// reference masks, the mean of the 5 best (`Realism.ReferenceSet.scores`), the realism score with local
    /// radii (`Realism.LocalRealism`), the mean of the 5 best Dice with every mask centred and scaled to one
    /// area (`Realism.ScaledMask`, `Realism.ReferenceSet.scaledScore`), and the mean of the 5 best boundary F1
    /// scores of those frames' outlines (`Realism.ScaledBoundary`, `Realism.ReferenceSet.boundaryScore`).
    public static let realismColumns = ["realism_dice", "realism_dice_mean5", "realism_knn", "realism_scaled_mean5", "realism_boundary"]

    /// The realism columns of tables and models made by earlier versions (before `realism_scaled_mean5`, then
    /// before `realism_boundary`): read by no command, named in the message that asks for the masks to be
    /// measured again.
    public static let earlierRealismColumns = [["realism_dice", "realism_dice_mean5", "realism_knn"],
                                               ["realism_dice", "realism_dice_mean5", "realism_knn", "realism_scaled_mean5"]]

    /// The set's columns, then the realism columns when `realism`.
    public func columns(realism: Bool) -> [String] {
        columns + (realism ? Self.realismColumns : [])
    }

    /// The set whose columns (then, when `realism`, the realism columns) are exactly `names`, in that order;
    /// nil when no set has them.
    public static func parse(columns names: [String]) -> (set: FeatureSet, realism: Bool)? {
        for set in allCases {
            for realism in [false, true] where set.columns(realism: realism) == names { return (set, realism) }
        }
        return nil
    }

    /// Every name a set's columns or the realism columns hold.
    public static let featureColumns = Set(FeatureSet.all.columns(realism: true))

    /// The set of a table whose header holds `names`: the set whose columns (then, when `realism`, the realism
    /// columns) are the feature columns (`featureColumns`) among `names`, each once, in any order; other names
    /// (a pandas index, a column the user added) are no feature's. Nil when no set has them.
    public static func parse(header names: [String]) -> (set: FeatureSet, realism: Bool)? {
        let features = names.filter(featureColumns.contains)
        guard Set(features).count == features.count else { return nil }
        for set in allCases {
            for realism in [false, true] where Set(set.columns(realism: realism)) == Set(features) { return (set, realism) }
        }
        return nil
    }

    /// Why `names` cannot be read when they are a set's columns followed by `earlierRealismColumns`; nil when
    /// they are not.
    public static func earlierRealism(columns names: [String]) -> String? {
        guard let earlier = earlierRealismColumns.first(where: { columns in allCases.contains { $0.columns + columns == names } })
        else { return nil }
        let missing = realismColumns.filter { !earlier.contains($0) }.joined(separator: " and ")
        return "its realism columns are those of an earlier ganfilter, without \(missing); measure the masks again "
            + "(`ganfilter features --reference DIR`)"
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
