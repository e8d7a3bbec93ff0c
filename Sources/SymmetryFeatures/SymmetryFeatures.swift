import CBitCount
import MaskImage

/// How alike two halves are: the design's three measures of a pair of binary images.
public struct HalfSimilarity: Equatable, Sendable {
    /// `|L ∧ R| / |L ∨ R|`.
    public let iou: Double
    /// `|L ∧ R| / sqrt(|L| |R|)`, the cosine of the halves as 0/1 vectors.
    public let cosine: Double
    /// `(|L| / (|L| + |R|) - 1/2)^2`: 0 for equal areas, 0.25 when one half is empty.
    public let areaRatio: Double

    /// Measures known already (read back from a features table).
    public init(iou: Double, cosine: Double, areaRatio: Double) {
        self.iou = iou
        self.cosine = cosine
        self.areaRatio = areaRatio
    }

    /// The measures from pixel counts; nil when both halves are empty.
    public init?(leftCount: Int, rightCount: Int, overlapCount: Int) {
        guard leftCount + rightCount > 0 else { return nil }
        if leftCount == 0 || rightCount == 0 {
            iou = 0
            cosine = 0
            areaRatio = 0.25
            return
        }
        let left = Double(leftCount)
        let right = Double(rightCount)
        let overlap = Double(overlapCount)
        iou = overlap / Double(leftCount + rightCount - overlapCount)
        cosine = overlap / (left * right).squareRoot()
        let share = left / (left + right) - 0.5
        areaRatio = share * share
    }

    /// The measures of two halves of the same size; nil when both are empty.
    public init?(_ left: BinaryMask, _ right: BinaryMask) {
        precondition(left.width == right.width && left.height == right.height, "halves differ in size")
        var (leftCount, rightCount, overlap) = (0, 0, 0)
        left.words.withUnsafeBufferPointer { leftWords in
            right.words.withUnsafeBufferPointer { rightWords in
                guard let a = leftWords.baseAddress, let b = rightWords.baseAddress else { return }
                gf_popcount_pair(a, b, leftWords.count, &leftCount, &rightCount, &overlap)
            }
        }
        self.init(leftCount: leftCount, rightCount: rightCount, overlapCount: overlap)
    }
}

/// The six left/right symmetry features of a mask, in the design's order.
public struct SymmetryFeatures: Equatable, Sendable {
    /// The feature names, in order, as they head the features CSV.
    public static let names = ["iou", "cosine", "area_ratio", "iou_dilated", "cosine_dilated", "area_ratio_dilated"]

    /// The measures on the halves as they are.
    public let plain: HalfSimilarity
    /// The measures on the halves each dilated on its own.
    public let dilated: HalfSimilarity

    /// The features of `mask`, or nil when both halves are empty (the mask's status is then `empty`).
    ///
    /// - Parameter dilationRadius: the radius `r` of the square `(2r+1)x(2r+1)` element (default 5).
    public init?(of mask: BinaryMask, dilationRadius: Int) {
        let halves = MaskHalves(splitting: mask)
        guard let plain = HalfSimilarity(halves.left, halves.right) else { return nil }
        let left = binaryDilation(halves.left, radius: dilationRadius)
        let right = binaryDilation(halves.right, radius: dilationRadius)
        guard let dilated = HalfSimilarity(left, right) else { return nil }
        self.plain = plain
        self.dilated = dilated
    }

    /// Features from their six values in the design's order; nil unless there are six.
    public init?(values: [Double]) {
        guard values.count == 6 else { return nil }
        plain = HalfSimilarity(iou: values[0], cosine: values[1], areaRatio: values[2])
        dilated = HalfSimilarity(iou: values[3], cosine: values[4], areaRatio: values[5])
    }

    /// The six values in the design's order: iou, cosine, area_ratio, and the same on dilated halves.
    public var values: [Double] {
        [plain.iou, plain.cosine, plain.areaRatio, dilated.iou, dilated.cosine, dilated.areaRatio]
    }
}
