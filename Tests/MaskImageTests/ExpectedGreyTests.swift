import Foundation
import MaskImage
import Testing
import TestSupport

/// Every colour type and bit depth, interlaced or not, written by pypng (an independent encoder), decodes
/// to the grey image the design's rules give, as computed by `Tests/Fixtures/make_golden.py`.
struct ExpectedGreyTests {
    struct Expected: Decodable {
        let file: String
        let width: Int
        let height: Int
        let grey: [UInt8]
    }

    static let expected: [Expected] = {
        let lines = (try? Fixtures.lines("png/expected_grey.jsonl")) ?? []
        return lines.compactMap { try? JSONDecoder().decode(Expected.self, from: Data($0.utf8)) }
    }()

    @Test func fixturesArePresent() {
        #expect(Self.expected.count >= 200)
        let kinds = Set(Self.expected.map { $0.file.split(separator: "_").first.map(String.init) ?? "" })
        for kind in ["grey1", "grey2", "grey4", "grey8", "grey16", "palette1", "palette2", "palette4", "palette8",
                     "rgb8", "rgb16", "rgba8", "rgba16", "grey"] {
            #expect(kinds.contains(kind), "missing fixture kind \(kind)")
        }
        #expect(Self.expected.contains { $0.file.contains("adam7") })
    }

    @Test func greyImagesMatch() throws {
        let reader = PNGReader()
        for item in Self.expected {
            let image = try reader.greyImage(atPath: Fixtures.path("png/" + item.file))
            #expect(image.width == item.width && image.height == item.height, "\(item.file)")
            #expect(image.pixels == item.grey, "\(item.file)")
        }
    }

    @Test(arguments: [UInt8(0), 1, 64, 128, 200, 255])
    func masksAreTheThresholdedGrey(threshold: UInt8) throws {
        let reader = PNGReader()
        for item in Self.expected {
            let mask = try reader.mask(atPath: Fixtures.path("png/" + item.file), threshold: threshold)
            let grey = GreyImage(width: item.width, height: item.height, pixels: item.grey)
            #expect(mask == BinaryMask(grey, threshold: threshold), "\(item.file)")
        }
    }

    @Test func realLungMasksHaveTwoGreyLevelsAndEdges() throws {
        let path = Fixtures.root + "/masks/lung/MCUCXR_0001_0.png"
        let image = try PNGReader().greyImage(atPath: path)
        #expect(image.width == 512 && image.height == 512)
        #expect(Set(image.pixels).count > 50, "anti-aliased edges give many grey levels")
        let mask = try PNGReader().mask(atPath: path, threshold: 128)
        #expect(mask.foregroundCount == image.pixels.filter { $0 >= 128 }.count)
    }
}
