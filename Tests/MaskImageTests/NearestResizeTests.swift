import Foundation
import MaskImage
import SeededRandom
import Testing
import TestSupport

/// The nearest-pixel resize against scikit-image (`Tests/Fixtures/make_resize_golden.py`).
struct NearestResizeTests {
    struct Golden: Decodable {
        struct Case: Decodable {
            let width: Int, height: Int, result_width: Int, result_height: Int
            let source: [String], result: [String]
        }
        let cases: [Case]
    }

    static func mask(_ rows: [String], width: Int) -> BinaryMask {
        var mask = BinaryMask(width: width, height: rows.count)
        for (y, row) in rows.enumerated() {
            for (x, bit) in row.utf8.enumerated() where bit == UInt8(ascii: "1") { mask[x, y] = true }
        }
        return mask
    }

    /// Up and down, by whole and fractional factors, width and height apart, across words, to and from one pixel.
    @Test func matchesScikitImage() throws {
        let data = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/resize.json")))
        let golden = try JSONDecoder().decode(Golden.self, from: data)
        #expect(golden.cases.count >= 10)
        for item in golden.cases {
            let resize = try #require(NearestResize(width: item.result_width, height: item.result_height))
            let result = resize(Self.mask(item.source, width: item.width))
            #expect(result == Self.mask(item.result, width: item.result_width),
                    "\(item.width)x\(item.height) -> \(item.result_width)x\(item.result_height)")
        }
    }

    /// A whole factor up repeats each pixel; the same factor down gives the mask back; its own size is itself.
    @Test func wholeFactorsRoundTrip() throws {
        var random = SeededGenerator(seed: 3)
        for (width, height) in [(5, 4), (64, 2), (70, 33)] {
            var mask = BinaryMask(width: width, height: height)
            for y in 0..<height { for x in 0..<width where random.next() % 3 == 0 { mask[x, y] = true } }
            let enlarge = try #require(NearestResize(width: 3 * width, height: 2 * height))
            let back = try #require(NearestResize(width: width, height: height))
            let up = enlarge(mask)
            #expect(up.foregroundCount == 6 * mask.foregroundCount)
            #expect((0..<up.height).allSatisfy { y in (0..<up.width).allSatisfy { x in up[x, y] == mask[x / 3, y / 2] } })
            #expect(back(up) == mask)
            #expect(back(mask) == mask)
        }
        #expect(NearestResize(width: 0, height: 4) == nil && NearestResize(width: 4, height: -1) == nil)
        let small = try #require(NearestResize(width: 3, height: 2))
        #expect(small(BinaryMask(width: 0, height: 5)) == BinaryMask(width: 3, height: 2))
    }
}
