/// A mask as `MaskInput.read(threshold:maxPixels:)` read it, with what its image showed of how it was drawn.
public struct MaskReading: Sendable {
    /// The mask: the pixels read as lung.
    public let mask: BinaryMask
    /// The class levels of a label image whose classes the grey threshold splits, so that only the classes at or
    /// above it are in `mask` (`BinaryMask.splitLevels(_:threshold:)`); nil for any other image.
    public let splitLevels: [Int]?

    /// A reading of `mask`, with the split levels of its image if any.
    public init(mask: BinaryMask, splitLevels: [Int]? = nil) {
        self.mask = mask
        self.splitLevels = splitLevels
    }
}
