/// The size of a mask in pixels: what a features table and a model trained on it record of the masks measured
/// (`MaskSizes`), since some columns are measured in pixels (the dilation radius is a number of pixels) and move
/// with a mask's size.
public struct MaskSize: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// The sizes a record may hold: at least a pixel, and at most what a PNG may declare (2^31 - 1).
    public static let sides = 1...Int(Int32.max)

    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int

    /// A size of `width` columns and `height` rows; nil when either lies outside `sides`.
    public init?(width: Int, height: Int) {
        guard Self.sides.contains(width), Self.sides.contains(height) else { return nil }
        self.width = width
        self.height = height
    }

    enum CodingKeys: String, CodingKey {
        case width, height
    }

    /// Decodes and checks the range of both sides.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let (width, height) = (try container.decode(Int.self, forKey: .width), try container.decode(Int.self, forKey: .height))
        guard let size = MaskSize(width: width, height: height) else {
            throw DecodingError.dataCorruptedError(forKey: Self.sides.contains(width) ? .height : .width, in: container,
                                                   debugDescription: "a mask's width and height must be in \(Self.sides), got \(width)x\(height)")
        }
        self = size
    }

    /// Ordered by height, then width.
    public static func < (lhs: MaskSize, rhs: MaskSize) -> Bool {
        (lhs.height, lhs.width) < (rhs.height, rhs.width)
    }

    /// `WIDTHxHEIGHT`, as the tool's messages write a size.
    public var description: String { "\(width)x\(height)" }
}
