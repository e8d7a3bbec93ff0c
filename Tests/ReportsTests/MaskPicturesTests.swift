import MaskImage
@testable import Reports
import SeededRandom
import TestSupport
import Testing

/// `MaskPictures` finds a picture for every mask a run could read.
struct MaskPicturesTests {
    /// A PNG file larger than the page's limit is shown as the mask it is read as, which encodes small: noise in
    /// the grey levels on either side of the threshold makes a large file of a plain mask. A mask that cannot be
    /// read has no picture.
    @Test func aFileLargerThanTheLimitIsShownAsItsMask() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var random = SeededGenerator(seed: 7)
        let (width, height) = (200, 160)
        let grey = (0..<(width * height)).map { pixel -> UInt16 in
            let inside = (20..<90).contains(pixel % width) && (30..<130).contains(pixel / width)
            return UInt16(inside ? 128 + Int.random(in: 0...127, using: &random) : Int.random(in: 0...127, using: &random))
        }
        let path = try folder.write(try PNGEncoder.encode(samples: grey, width: width, height: height, format: .grey8), to: "noisy.png")
        let limit = 8_000
        let fileMask = try PNGReader().mask(atPath: path, threshold: 128)
        #expect(try PNGEncoder.encode(samples: grey, width: width, height: height, format: .grey8).count > 3 * limit)
        var pictures = MaskPictures(limit: limit)
        let picture = pictures.png(of: path)
        let shown = try #require(picture)
        #expect(shown.count <= limit)
        #expect(try PNGReader().mask(decoding: shown, name: "shown", threshold: 128) == fileMask)
        #expect(fileMask.foregroundCount == 70 * 100)
        #expect(pictures.png(of: folder.path + "/gone.png") == nil)
        // Even read as a mask, a picture larger than the limit is not shown.
        var tiny = MaskPictures(limit: 10)
        #expect(tiny.png(of: path) == nil)
    }
}
