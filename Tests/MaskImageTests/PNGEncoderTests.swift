import MaskImage
import SeededRandom
import Testing

/// The encoder writes every PNG kind, and reading back gives the design's grey for the samples written.
struct PNGEncoderTests {
    /// the design's reduction of one pixel's samples to 8-bit grey, written out independently of the shim.
    static func expectedGrey(_ samples: ArraySlice<UInt16>, format: PNGPixelFormat,
                             palette: [(red: UInt8, green: UInt8, blue: UInt8)]) -> UInt8 {
        func eight(_ value: UInt16) -> Int {
            switch format.bitDepth {
            case 16: return Int(value >> 8)
            case 8: return Int(value)
            default: return Int(value) * 255 / format.maxSample
            }
        }
        func luma(_ r: Int, _ g: Int, _ b: Int) -> UInt8 {
            UInt8((19595 * r + 38470 * g + 7471 * b + 32768) >> 16)
        }
        let s = Array(samples)
        switch format.colorType {
        case .grey, .greyAlpha: return UInt8(eight(s[0]))
        case .rgb, .rgba: return luma(eight(s[0]), eight(s[1]), eight(s[2]))
        case .palette:
            let entry = palette[Int(s[0])]
            return luma(Int(entry.red), Int(entry.green), Int(entry.blue))
        }
    }

    @Test(arguments: PNGPixelFormat.all)
    func roundTripsEveryFormat(format: PNGPixelFormat) throws {
        var random = SeededGenerator(seed: UInt64(format.colorType.rawValue * 100 + format.bitDepth))
        for interlaced in [false, true] {
            for (width, height) in [(1, 1), (3, 1), (1, 7), (17, 9), (64, 2), (65, 3), (200, 5)] {
                let channels = format.colorType.channels
                let paletteCount = format.colorType == .palette ? 1 + random.integer(below: 1 << format.bitDepth) : 0
                let palette = (0..<paletteCount).map { _ in
                    (red: UInt8(random.integer(below: 256)), green: UInt8(random.integer(below: 256)),
                     blue: UInt8(random.integer(below: 256)))
                }
                let top = format.colorType == .palette ? paletteCount : format.maxSample + 1
                let samples = (0..<width * height * channels).map { _ in UInt16(random.integer(below: top)) }
                let png = try PNGEncoder.encode(samples: samples, width: width, height: height, format: format,
                                                palette: palette, interlaced: interlaced)
                let image = try PNGReader().greyImage(decoding: png, name: "\(format)")
                let expected = (0..<width * height).map {
                    Self.expectedGrey(samples[$0 * channels..<($0 + 1) * channels], format: format, palette: palette)
                }
                #expect(image.width == width && image.height == height)
                #expect(image.pixels == expected, "\(format) interlaced=\(interlaced) \(width)x\(height)")
            }
        }
    }

    @Test func masksRoundTrip() throws {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<50 {
            var mask = BinaryMask(width: 1 + random.integer(below: 150), height: 1 + random.integer(below: 20))
            for y in 0..<mask.height {
                for x in 0..<mask.width where random.bernoulli(0.4) { mask[x, y] = true }
            }
            let png = try PNGEncoder.encode(mask)
            #expect(try PNGReader().mask(decoding: png, name: "mask", threshold: 128) == mask)
        }
    }

    @Test func refusesBadSamples() {
        #expect(throws: PNGEncodingError.self) {
            try PNGEncoder.encode(samples: [2], width: 1, height: 1, format: PNGPixelFormat(.grey, bitDepth: 1)!)
        }
        #expect(throws: PNGEncodingError.self) {
            try PNGEncoder.encode(samples: [0, 0], width: 1, height: 1, format: .grey8)
        }
        #expect(throws: PNGEncodingError.self) {
            try PNGEncoder.encode(samples: [], width: 0, height: 0, format: .grey8)
        }
        #expect(throws: PNGEncodingError.self) {
            try PNGEncoder.encode(samples: [3], width: 1, height: 1, format: PNGPixelFormat(.palette, bitDepth: 8)!,
                                  palette: [(1, 2, 3)])
        }
        #expect(PNGPixelFormat(.palette, bitDepth: 16) == nil)
        #expect(PNGPixelFormat.all.count == 15)
    }
}
