/// Upper bounds of one mask's aligned Dice with every mask of a reference set (`ReferenceSet.diceBounds`): a
/// coarse one for each reference, and a finer one on demand, so that the searches of `ReferenceSet.best` and
/// `LocalRealism.score` can share the work and compare exactly only the references the bounds cannot rule out.
public struct DiceBounds: Sendable {
    /// The mask.
    let mask: AlignedMask
    /// Its block counts in the reference's index.
    let query: ReferenceIndex.Query
    /// The coarse bound for each reference mask, in reference order.
    public let values: [Double]

    /// The bounds of `mask` in `reference`.
    init(_ mask: AlignedMask, in reference: ReferenceSet) {
        self.mask = mask
        query = reference.index.query(mask)
        values = reference.index.coarseBounds(mask, query, masks: reference.masks)
    }

    /// A bound of the Dice with reference mask `index` at most `values[index]` (from the fine blocks).
    func refined(_ index: Int, in reference: ReferenceSet) -> Double {
        min(values[index], reference.index.fineBound(mask, query, reference: index, masks: reference.masks))
    }
}
