import AnatomyFeatures
import MaskImage
import Realism

/// The label-free filter's anatomical gate: each anatomy column's range over the real reference masks, widened
/// by `tolerance` of its width on either side. A mask outside any range is rejected, whatever its realism score,
/// and the reason names the column, its value and the range (Painchaud et al.'s rule: one failed anatomical
/// criterion is enough).
public struct AnatomyGate: Sendable, Equatable {
    /// The design's widening: 25% of each range's width on either side.
    public static let defaultTolerance = 0.25

    /// The accepted range of each anatomy column, in `AnatomyFeatures.names` order.
    public let ranges: [ClosedRange<Double>]
    /// The share of each range's width added on either side.
    public let tolerance: Double

    /// The ranges of `reference`'s masks (masks the anatomy columns cannot measure are left out).
    public init(_ reference: ReferenceSet, tolerance: Double = AnatomyGate.defaultTolerance) {
        let values = reference.masks.compactMap { AnatomyFeatures.sizeProblem($0.mask) == nil ? AnatomyFeatures($0.mask)?.values : nil }
        self.tolerance = tolerance
        ranges = AnatomyFeatures.names.indices.map { column in
            let column = values.map { $0[column] }
            guard let low = column.min(), let high = column.max() else { return -Double.infinity...Double.infinity }
            let margin = tolerance * (high - low)
            return (low - margin)...(high + margin)
        }
    }

    /// Why `mask` fails the gate (the first column out of its range), nil when it passes.
    public func failure(_ mask: BinaryMask) -> String? {
        if let problem = AnatomyFeatures.sizeProblem(mask) { return "anatomy: \(problem)" }
        guard let values = AnatomyFeatures(mask)?.values else { return "anatomy: no foreground" }
        for (column, (value, range)) in zip(AnatomyFeatures.names, zip(values, ranges)) where !range.contains(value) {
            return "anatomy: \(column) \(value) is outside the reference's range [\(range.lowerBound), \(range.upperBound)] "
                + "(widened by \(tolerance) of its width)"
        }
        return nil
    }
}
