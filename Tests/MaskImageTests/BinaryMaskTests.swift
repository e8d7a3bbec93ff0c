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

    @Test func lowBits() {
        #expect(BinaryMask.lowBits(0) == 0)
        #expect(BinaryMask.lowBits(3) == 0b111)
        #expect(BinaryMask.lowBits(64) == ~0)
    }
}
