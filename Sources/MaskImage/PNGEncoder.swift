import CPNGShim

/// An error encoding a PNG (bad sample counts or values, or libpng's refusal).
public struct PNGEncodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}

/// Writes images as PNG bytes in any colour type, bit depth, palette and interlacing.
public enum PNGEncoder {
    /// Encodes `samples` (row-major, `colorType.channels` samples per pixel, each in `0...format.maxSample`).
    /// `palette` is required for palette images (RGB triples, at most `2^bitDepth` entries).
    public static func encode(
        samples: [UInt16], width: Int, height: Int, format: PNGPixelFormat,
        palette: [(red: UInt8, green: UInt8, blue: UInt8)] = [], interlaced: Bool = false
    ) throws(PNGEncodingError) -> [UInt8] {
        let channels = format.colorType.channels
        guard width > 0, height > 0, width <= 0x7fff_ffff, height <= 0x7fff_ffff else {
            throw PNGEncodingError(description: "PNG dimensions must be positive, got \(width)x\(height)")
        }
        guard samples.count == width * height * channels else {
            throw PNGEncodingError(description: "expected \(width * height * channels) samples, got \(samples.count)")
        }
        guard samples.allSatisfy({ Int($0) <= format.maxSample }) else {
            throw PNGEncodingError(description: "a sample exceeds \(format.maxSample) for \(format)")
        }
        if format.colorType == .palette {
            guard !palette.isEmpty, palette.count <= 1 << format.bitDepth,
                  samples.allSatisfy({ Int($0) < palette.count }) else {
                throw PNGEncodingError(description: "palette images need a palette covering every index")
            }
        }
        let rowSamples = width * channels
        let stride = (rowSamples * format.bitDepth + 7) / 8
        var rows = [UInt8](repeating: 0, count: stride * height)
        for y in 0..<height {
            for i in 0..<rowSamples {
                let value = samples[y * rowSamples + i]
                switch format.bitDepth {
                case 16:
                    rows[y * stride + 2 * i] = UInt8(value >> 8)
                    rows[y * stride + 2 * i + 1] = UInt8(value & 0xff)
                case 8:
                    rows[y * stride + i] = UInt8(value)
                default:
                    let bitOffset = i * format.bitDepth
                    let shift = 8 - format.bitDepth - bitOffset % 8
                    rows[y * stride + bitOffset / 8] |= UInt8(value) << UInt8(shift)
                }
            }
        }
        let paletteBytes = palette.flatMap { [$0.red, $0.green, $0.blue] }
        var encoded = gf_png_encoded()
        rows.withUnsafeBufferPointer { rowBuffer in
            paletteBytes.withUnsafeBufferPointer { paletteBuffer in
                gf_png_encode(rowBuffer.baseAddress, stride, UInt32(width), UInt32(height), Int32(format.bitDepth),
                              Int32(format.colorType.rawValue), interlaced ? 1 : 0, paletteBuffer.baseAddress,
                              Int32(palette.count), &encoded)
            }
        }
        defer { gf_png_encoded_free(&encoded) }
        guard encoded.status == GF_PNG_OK else {
            let message = withUnsafeBytes(of: encoded.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw PNGEncodingError(description: "libpng could not encode the image: \(message)")
        }
        return Array(UnsafeBufferPointer(start: encoded.data, count: encoded.size))
    }

    /// Encodes a mask as 8-bit grey, foreground 255 and background 0.
    public static func encode(_ mask: BinaryMask) throws(PNGEncodingError) -> [UInt8] {
        var samples = [UInt16](repeating: 0, count: mask.width * mask.height)
        for y in 0..<mask.height {
            for x in 0..<mask.width where mask[x, y] {
                samples[y * mask.width + x] = 255
            }
        }
        return try encode(samples: samples, width: mask.width, height: mask.height, format: .grey8)
    }
}
