/// A PNG colour type with its bit depth, as IHDR states them.
public struct PNGPixelFormat: Hashable, Sendable, CustomStringConvertible {
    /// PNG colour types.
    public enum ColorType: Int, Sendable, CaseIterable {
        /// Grey, 1/2/4/8/16 bits.
        case grey = 0
        /// Red, green, blue, 8/16 bits.
        case rgb = 2
        /// Palette indices, 1/2/4/8 bits.
        case palette = 3
        /// Grey and alpha, 8/16 bits.
        case greyAlpha = 4
        /// Red, green, blue and alpha, 8/16 bits.
        case rgba = 6

        /// Samples per pixel.
        public var channels: Int {
            switch self {
            case .grey, .palette: return 1
            case .greyAlpha: return 2
            case .rgb: return 3
            case .rgba: return 4
            }
        }

        var allowedBitDepths: [Int] {
            switch self {
            case .grey: return [1, 2, 4, 8, 16]
            case .palette: return [1, 2, 4, 8]
            case .rgb, .greyAlpha, .rgba: return [8, 16]
            }
        }
    }

    /// The colour type.
    public let colorType: ColorType
    /// Bits per sample.
    public let bitDepth: Int

    /// A format; nil for combinations PNG does not allow (such as 16-bit palette).
    public init?(_ colorType: ColorType, bitDepth: Int) {
        guard colorType.allowedBitDepths.contains(bitDepth) else { return nil }
        self.colorType = colorType
        self.bitDepth = bitDepth
    }

    /// Every format PNG allows.
    public static let all: [PNGPixelFormat] = ColorType.allCases.flatMap { type in
        type.allowedBitDepths.compactMap { PNGPixelFormat(type, bitDepth: $0) }
    }

    /// 8-bit grey, the format masks are written in.
    public static let grey8 = PNGPixelFormat(.grey, bitDepth: 8).unsafelyUnwrapped

    /// Largest sample value.
    public var maxSample: Int { (1 << bitDepth) - 1 }

    /// For example `grey 16-bit`.
    public var description: String { "\(colorType) \(bitDepth)-bit" }
}
