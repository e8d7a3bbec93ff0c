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
        self = Self.of([mask], in: reference)[0]
    }

    private init(mask: AlignedMask, query: ReferenceIndex.Query, values: [Double]) {
        self.mask = mask
        self.query = query
        self.values = values
    }

    /// The bounds of each of `masks` in `reference`, in order: the reference's index is read once for them all.
    static func of(_ masks: [AlignedMask], in reference: ReferenceSet) -> [DiceBounds] {
        let tile = masks.map { (mask: $0, query: reference.index.query($0)) }
        let values = reference.index.coarseBounds(tile, masks: reference.masks)
        return zip(tile, values).map { DiceBounds(mask: $0.mask, query: $0.query, values: $1) }
    }

    /// A bound of the Dice with reference mask `index` at most `values[index]` (from the fine blocks).
    func refined(_ index: Int, in reference: ReferenceSet) -> Double {
        min(values[index], reference.index.fineBound(mask, query, reference: index, masks: reference.masks))
    }
}
