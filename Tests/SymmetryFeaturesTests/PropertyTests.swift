import MaskImage
import SeededRandom
import SymmetryFeatures
import TestSupport
import Testing

/// The bit-packed features agree exactly with the plain pixel-by-pixel reference on thousands of random
/// masks: random sizes (odd widths, 1-pixel widths, widths around word boundaries), densities and radii.
struct PropertyTests {
    static func randomMask(_ random: inout SeededGenerator, maxHeight: Int = 16) -> (BinaryMask, ReferenceSymmetry.Image) {
        let widths = [1, 2, 3, 63, 64, 65, 127, 128, 129, 130, 257]
        let width = random.bernoulli(0.3) ? widths[random.integer(below: widths.count)] : 1 + random.integer(below: 300)
        let height = 1 + random.integer(below: maxHeight)
        let density = [0.0, 0.01, 0.1, 0.5, 0.9, 1.0][random.integer(below: 6)]
        var mask = BinaryMask(width: width, height: height)
        var image = ReferenceSymmetry.Image(repeating: Array(repeating: false, count: width), count: height)
        for y in 0..<height {
            for x in 0..<width where random.uniform() < density {
                mask[x, y] = true
                image[y][x] = true
            }
        }
        return (mask, image)
    }

    static func image(of mask: BinaryMask) -> ReferenceSymmetry.Image {
        (0..<mask.height).map { y in (0..<mask.width).map { x in mask[x, y] } }
    }

    @Test func halvesMatchTheReference() {
        var random = SeededGenerator(seed: 1)
        for _ in 0..<2000 {
            let (mask, image) = Self.randomMask(&random)
            let halves = MaskHalves(splitting: mask)
            let reference = ReferenceSymmetry.halves(image, width: mask.width)
            #expect(Self.image(of: halves.left) == reference.left)
            #expect(Self.image(of: halves.right) == reference.right, "width \(mask.width)")
        }
    }

    @Test func dilationMatchesTheReference() {
        var random = SeededGenerator(seed: 2)
        for trial in 0..<1500 {
            // Radii of 64 and more make shifts of whole words; the naive reference is slow there, so keep those masks low.
            let large = trial % 15 == 0
            let (mask, image) = Self.randomMask(&random, maxHeight: large ? 3 : 16)
            let radius = large ? 60 + random.integer(below: 80) : random.integer(below: 10)
            let dilated = binaryDilation(mask, radius: radius)
            #expect(Self.image(of: dilated) == ReferenceSymmetry.dilate(image, radius: radius),
                    "\(mask.width)x\(mask.height) r=\(radius)")
            #expect(BinaryMask(width: dilated.width, height: dilated.height, words: dilated.words) != nil,
                    "padding bits stay clear")
        }
    }

    @Test func featuresMatchTheReference() {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<2000 {
            let (mask, image) = Self.randomMask(&random)
            let radius = random.integer(below: 7)
            let features = SymmetryFeatures(of: mask, dilationRadius: radius)
            let reference = ReferenceSymmetry.features(image, width: mask.width, radius: radius)
            #expect(features?.values == reference, "\(mask.width)x\(mask.height) r=\(radius)")
        }
    }

    @Test func featuresAreMirrorInvariantAndBounded() {
        var random = SeededGenerator(seed: 4)
        for _ in 0..<500 {
            let (mask, _) = Self.randomMask(&random)
            var mirrored = BinaryMask(width: mask.width, height: mask.height)
            for y in 0..<mask.height {
                for x in 0..<mask.width where mask[x, y] { mirrored[mask.width - 1 - x, y] = true }
            }
            let a = SymmetryFeatures(of: mask, dilationRadius: 3)
            let b = SymmetryFeatures(of: mirrored, dilationRadius: 3)
            #expect(a?.plain.iou == b?.plain.iou && a?.dilated.iou == b?.dilated.iou)
            #expect(abs((a?.plain.areaRatio ?? 0) - (b?.plain.areaRatio ?? 0)) <= 1e-15)
            if let values = a?.values {
                #expect(values.allSatisfy { $0 >= 0 && $0 <= 1 })
                #expect(values[0] <= values[1] + 1e-15, "iou <= cosine")
                #expect(values[2] <= 0.25 && values[5] <= 0.25)
            }
        }
    }
}
