import Foundation
import MaskImage
import Reports
import TestSupport
import Testing

/// The masks a labelling page (and a contact sheet) embeds are the masks the tool measures.
struct LabellingPageTests {
    /// A PNG file is embedded as it is, but a 0/1 label image, which would show black, as the mask it is read as;
    /// a 0/1 stack's mask likewise.
    @Test func aZeroOneMaskIsShownAsTheMaskItIsReadAs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let grey = (0..<(40 * 30)).map { UInt16($0 % 40 > 8 && $0 % 40 < 30 && $0 / 40 > 5 ? 1 : 0) }
        let ones = try folder.write(try PNGEncoder.encode(samples: grey, width: 40, height: 30, format: .grey8), to: "ones.png")
        let scaled = try folder.write(try PNGEncoder.encode(samples: grey.map { $0 * 255 }, width: 40, height: 30, format: .grey8), to: "scaled.png")
        let stack = Fixtures.path("stacks/labels01.npy")
        var pictures = MaskPictures()
        let onesPicture = pictures.png(of: ones), scaledPicture = pictures.png(of: scaled), stackPicture = pictures.png(of: stack + "[0]")
        let shown = try #require(onesPicture)
        let expected = try PNGReader().mask(atPath: scaled, threshold: 128)
        #expect(try PNGReader().mask(decoding: shown, name: "shown", threshold: 128) == expected && expected.foregroundCount > 0)
        #expect(scaledPicture == Array(try Data(contentsOf: URL(fileURLWithPath: scaled))))

        let fromStack = try #require(stackPicture)
        let zeroOne = try MaskStack(path: stack)
        #expect(try PNGReader().mask(decoding: fromStack, name: "stack", threshold: 128)
            == MaskInput(stack: zeroOne, index: 0, path: stack).mask(threshold: 128, maxPixels: 1 << 20))
        #expect(try PNGReader().mask(decoding: fromStack, name: "stack", threshold: 128).foregroundCount > 0)
    }

    /// File names are data: whatever markup they hold, the page's data script holds them as JSON strings and ends
    /// where the page ends it, so the script after it runs.
    @Test func fileNamesWithMarkupStayInsideTheirScript() throws {
        let names = ["a</script><script>alert(1)</script>.png", "b<!--<script>.png", "c\"'&<>.png"]
        let items = names.map { LabellingPage.Item(file: $0, reason: "r", png: nil) }
        let html = LabellingPage.html(items: items, references: [], labels: [(file: "d<!--.png", isGood: true)])
        let open = try #require(html.range(of: "<script type=\"application/json\" id=\"data\">"))
        let close = try #require(html.range(of: "</script>", range: open.upperBound..<html.endIndex))
        let data = String(html[open.upperBound..<close.lowerBound])
        #expect(!data.contains("<"))
        let decoded = try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any]
        #expect(decoded?["files"] as? [String] == names)
        #expect((decoded?["labels"] as? [[String]])?.first == ["d<!--.png", "good"])
        #expect(html.components(separatedBy: "<script").count == 3)
    }
}
