import MaskImage
import Testing

struct BinaryMaskTests {
    @Test func setsAndCountsPixelsAcrossWordBoundaries() {
        var mask = BinaryMask(width: 130, height: 3)
        #expect(mask.wordsPerRow == 3)
        for x in [0, 63, 64, 127, 128, 129] { mask[x, 1] = true }
        #expect(mask.foregroundCount == 6)
        #expect(mask[129, 1] && !mask[129, 0] && !mask[1, 1])
        mask[64, 1] = false
        #expect(mask.foregroundCount == 5)
    }

    @Test func refusesWordsThatDoNotFit() {
        #expect(BinaryMask(width: 10, height: 2, words: [0]) == nil)
        #expect(BinaryMask(width: 10, height: 1, words: [1 << 10]) == nil, "padding bit set")
        #expect(BinaryMask(width: 10, height: 1, words: [1 << 9]) != nil)
        #expect(BinaryMask(width: 64, height: 1, words: [~0]) != nil)
        #expect(BinaryMask(width: 0, height: 4, words: []) != nil)
    }

    @Test func thresholdsGreyImages() {
        let grey = GreyImage(width: 3, height: 1, pixels: [127, 128, 255])
        let mask = BinaryMask(grey, threshold: 128)
        #expect(!mask[0, 0] && mask[1, 0] && mask[2, 0])
        #expect(BinaryMask(grey, threshold: 0).foregroundCount == 3)
    }

    /// Only an image of grey levels 0 and 1 with some 1s changes: it reads its 1s (else it would be empty). An
    /// image empty for other reasons, and every image with a pixel at the threshold, reads as before; so does a
    /// 0/1 image at threshold 0 or 1.
    @Test func aZeroOneImageReadsItsOnes() throws {
        let image = { (levels: [UInt8]) in GreyImage(width: 70, height: 2, pixels: (0..<140).map { levels[$0 % levels.count] }) }
        func read(_ grey: GreyImage, at threshold: UInt8) throws -> BinaryMask {
            try BinaryMask.reading(at: threshold) { threshold throws(MaskImageError) in BinaryMask(grey, threshold: threshold) }
        }
        #expect(try read(image([0, 1, 1]), at: 128) == BinaryMask(image([0, 1, 1]), threshold: 1))
        #expect(try read(image([0, 1, 1]), at: 128).foregroundCount == 93)
        #expect(try read(image([0, 1, 1]), at: 2).foregroundCount == 93)
        #expect(try read(image([0, 0]), at: 128).foregroundCount == 0)
        #expect(try read(image([0, 1, 2]), at: 128).foregroundCount == 0, "levels above 1: a dark grey image, not a 0/1 mask")
        #expect(try read(image([0, 1, 200]), at: 128).foregroundCount == 46)
        #expect(try read(image([0, 1]), at: 0).foregroundCount == 140)
        // The same as PNG files: a 0/1 PNG reads as its 0/255 twin.
        let reader = PNGReader()
        let png = { (levels: [UInt8]) in
            try PNGEncoder.encode(samples: image(levels).pixels.map(UInt16.init), width: 70, height: 2, format: .grey8)
        }
        let (ones, scaled) = (try png([0, 1, 1]), try png([0, 255, 255]))
        #expect(try BinaryMask.reading(at: 128) { t throws(MaskImageError) in try reader.mask(decoding: ones, name: "ones", threshold: t) }
            == reader.mask(decoding: scaled, name: "scaled", threshold: 128))
    }

    @Test func lowBits() {
        #expect(BinaryMask.lowBits(0) == 0)
        #expect(BinaryMask.lowBits(3) == 0b111)
        #expect(BinaryMask.lowBits(64) == ~0)
    }
}
