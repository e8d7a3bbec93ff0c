/// An 8-bit greyscale image, row-major, as a PNG reduces to under the design's rules
/// (16-bit keeps the high byte, palette and low bit depths expanded, colour as Pillow's `convert('L')`).
public struct GreyImage: Equatable, Sendable {
    /// Number of columns.
    public let width: Int
    /// Number of rows.
    public let height: Int
    /// Grey values, `width * height`, row by row.
    public var pixels: [UInt8]

    /// An image over the given pixels; `pixels.count` must equal `width * height`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height, "pixel count does not match size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The grey value at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> UInt8 {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }
}
