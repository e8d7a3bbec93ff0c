import Parallelism

/// The realism score with local radii (Kynkäänniemi et al., "Improved precision and recall metric for assessing
/// generative models", NeurIPS 2019), in aligned-mask space: `realism_knn`.
///
/// - The distance of mask `a` to mask `b` is `d(a, b) = max(1 − IoU(a, b′), 1 / (H·W))`, `b′` being `b` moved so
///   that its centroid falls on `a`'s (`AlignedMask`; the reference is the mask moved). `IoU = D / (2 − D)` of
///   the aligned Dice `D`. The floor keeps a mask equal to a reference finite.
/// - Each reference mask `r` has a radius `NND_k(r)`: its distance to its `k`-th nearest other reference (the
///   other moved onto `r`), `k = min(3, R − 1)`; `R` is at least `ReferenceSet.minimumCount`.
/// - The references whose radius lies above the median radius (NumPy's median) are dropped, so atypical real
///   masks cannot vouch for bad ones; the others are `retained`.
/// - The score of a mask `x` is `max over retained r of NND_k(r) / d(x, r)`: above 1 when `x` lies within some
///   typical reference's radius.
///
/// The table of reference radii is made once, when the reference is read. Scoring compares the retained
/// references in decreasing order of an upper bound (from `AlignedMask.diceBound`) and stops when the bound can
/// no longer beat the best: the result is exactly that of comparing with every one.
public struct LocalRealism: Equatable, Sendable {
    /// The design's neighbour count, k.
    public static let defaultNeighbours = 3

    /// The fewest reference masks the leave-one-out scores need: with one left out, every other still has a
    /// neighbour.
    public static let minimumLeaveOneOutCount = 3

    /// The real masks.
    public let reference: ReferenceSet
    /// The neighbour count used: `min(k, R − 1)`.
    public let neighbours: Int
    /// Each reference's radius `NND_k`, in reference order.
    public let radii: [Double]
    /// The median radius.
    public let medianRadius: Double
    /// The references whose radius is at most the median, in reference order.
    public let retained: [Int]
    /// Each reference's `neighbours + 1` nearest other references (distance, index), nearest first: enough to
    /// give its radius with any one reference left out.
    let nearest: [[(distance: Double, index: Int)]]
    /// `1 / (H·W)`.
    let floor: Double

    /// The width of the table of nearest references (`ReferenceNeighbours`) the radii need with `neighbours`
    /// neighbours: one more, so that any one reference can be left out.
    public static func tableWidth(neighbours: Int = LocalRealism.defaultNeighbours) -> Int {
        max(1, neighbours) + 1
    }

    /// The table of `reference`'s nearest masks that the radii and both leave-one-out calibrations read
    /// (`tableWidth()` a mask): from the cache in `folder` when a sound one is there, else built on `jobs` threads
    /// and written there (`ReferenceNeighbours.cached`); built alone without a `folder`. `note` hears why a cache
    /// file was not used or could not be written, `progress` how many masks of a table being built are done.
    public static func table(of reference: ReferenceSet, folder: String?, jobs: Int = 1, note: (String) -> Void = { _ in },
                             progress: (@Sendable (Int) -> Void)? = nil) -> ReferenceNeighbours {
        let width = tableWidth()
        return folder.map { ReferenceNeighbours.cached(reference, width: width, folder: $0, jobs: jobs, note: note, progress: progress) }
            ?? ReferenceNeighbours(reference, width: width, jobs: jobs, progress: progress)
    }

    /// The radii of `reference` (at least two masks), with `neighbours` nearest neighbours, from `table` when it
    /// is the reference's and wide enough (`tableWidth`), else from a table built here on one thread.
    public init(_ reference: ReferenceSet, neighbours: Int = LocalRealism.defaultNeighbours, table: ReferenceNeighbours? = nil) {
        self.reference = reference
        let count = reference.masks.count
        let k = max(1, min(neighbours, count - 1))
        self.neighbours = k
        floor = 1 / Double(reference.width * reference.height)
        let floor = floor
        let width = Self.tableWidth(neighbours: k)
        let table = table.flatMap { $0.serves(reference, width: width) ? $0 : nil } ?? ReferenceNeighbours(reference, width: width)
        self.nearest = table.nearest.map { row in row.prefix(width).map { (Self.distance(dice: $0.dice, floor: floor), $0.index) } }
        let radii = nearest.map { $0.count >= k ? $0[k - 1].distance : .infinity }
        let median = Self.median(radii)
        self.radii = radii
        medianRadius = median
        retained = radii.indices.filter { radii[$0] <= median }
    }

    /// NumPy's median: the middle value, or the mean of the two middle ones.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// `max(1 − IoU, floor)` of an aligned Dice.
    static func distance(dice: Double, floor: Double) -> Double {
        max(1 - dice / (2 - dice), floor)
    }

    /// The score of `mask` against the retained references.
    ///
    /// `bounds`, when given, are `reference.diceBounds(mask)` (shared with the best-Dice search).
    public func score(_ mask: AlignedMask, bounds: DiceBounds? = nil) -> Double {
        best(mask, radii: radii, retained: retained, bounds: bounds)
    }

    /// Whether both are made from the same masks with the same neighbour count.
    public static func == (lhs: LocalRealism, rhs: LocalRealism) -> Bool {
        lhs.reference == rhs.reference && lhs.neighbours == rhs.neighbours
    }

    /// Each reference mask's score against the others with it left out of everything: of every radius (its
    /// neighbours' lists skip it, and `k = min(3, R − 2)`, that of the `R − 1` masks left), of the median and of
    /// the retained set. In reference order, on `jobs` threads. Needs `minimumLeaveOneOutCount` masks.
    public func leaveOneOutScores(jobs: Int = 1) throws(ReferenceSet.Problem) -> [Double] {
        let count = reference.masks.count
        guard count >= Self.minimumLeaveOneOutCount else {
            throw ReferenceSet.Problem(description: "realism_knn is calibrated leave-one-out on at least \(Self.minimumLeaveOneOutCount) "
                + "reference masks (with one left out, each other needs a neighbour for its radius); the reference holds \(count)")
        }
        // The held-out mask's set has `count - 1` masks, so its neighbour count is that of such a set.
        let k = max(1, min(neighbours, count - 2))
        return ParallelMap.map(count: count, jobs: jobs, chunkSize: 8) { held in
            var radii: [Double] = []
            var others: [Int] = []
            for index in reference.masks.indices where index != held {
                let remaining = nearest[index].filter { $0.index != held }
                radii.append(remaining.count >= k ? remaining[k - 1].distance : .infinity)
                others.append(index)
            }
            let median = Self.median(radii)
            var all = [Double](repeating: .infinity, count: reference.masks.count)
            for (position, index) in others.enumerated() { all[index] = radii[position] }
            let retained = others.filter { all[$0] <= median }
            return best(reference.masks[held], radii: all, retained: retained, bounds: nil)
        }
    }

    /// `max over retained r of radii[r] / d(mask, r)`, pruned by the Dice bounds (exact): the reference of largest
    /// bound first, then, in decreasing order of bound, those whose bound (and finer bound) exceeds the best so far.
    private func best(_ mask: AlignedMask, radii: [Double], retained: [Int], bounds given: DiceBounds?) -> Double {
        guard mask.count > 0 else { return 0 }
        let dice = reference.diceBounds(mask, reusing: given)
        let bounds = retained.map { radii[$0] / Self.distance(dice: dice.values[$0], floor: floor) }
        let score = { (index: Int, overlap: Double) in radii[index] / Self.distance(dice: overlap, floor: self.floor) }
        guard let first = ReferenceSet.largest(1, of: bounds, excluding: nil).first else { return 0 }
        var best = score(retained[first], mask.dice(reference.masks[retained[first]]))
        let rest = bounds.indices.filter { $0 != first && bounds[$0] > best }.sorted { (bounds[$0], $1) > (bounds[$1], $0) }
        for position in rest {
            guard bounds[position] > best else { break }
            let index = retained[position]
            guard score(index, dice.refined(index, in: reference)) > best else { continue }
            best = max(best, score(index, mask.dice(reference.masks[index])))
        }
        return best
    }
}
