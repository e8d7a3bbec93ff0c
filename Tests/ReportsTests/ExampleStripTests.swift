import Foundation
import MaskImage
@testable import Reports
import TestSupport
import Testing

/// The report's example strips show what their headings say.
struct ExampleStripTests {
    /// Near the threshold, "just below" holds the rejected masks that score below the lowest accepted score; a mask
    /// rejected at or above it (by the anatomical gate) is in a strip of its own, never among them.
    @Test func justBelowTheThresholdHoldsOnlyMasksTheScoreRejected() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let scores: [(String, String, Double)] = [("a", "accept", 0.95), ("b", "accept", 0.9), ("gate", "reject", 0.93),
                                                  ("c", "reject", 0.85), ("d", "reject", 0.5)]
        let decisions = try folder.write(Array(("file,decision,probability,reason\n"
            + scores.map { "\($0.0).png,\($0.1),\($0.2),r\n" }.joined()).utf8), to: "decisions.csv")
        let features = try folder.write(Array("file,status,iou,error\n".utf8), to: "features.csv")
        let table = try #require(ReportTable<DecisionTable.Column>(path: decisions))
        let featureTable = try #require(ReportTable<FeatureColumn>(path: features))
        func strips(nearThreshold: Bool) -> [(heading: String, files: [String])] {
            var html = ""
            MaskSection.examples(table, features: featureTable, labels: nil, scoreName: "s", nearThreshold: nearThreshold).render(into: &html)
            return html.components(separatedBy: "<h4>").dropFirst().map { part in
                (String(part.prefix { $0 != "<" }),
                 part.components(separatedBy: "card-name\">").dropFirst().map { String($0.prefix { $0 != "<" }) })
            }
        }
        let near = strips(nearThreshold: true)
        #expect(near.map(\.files) == [["b.png", "a.png"], ["c.png", "d.png"], ["gate.png"]])
        #expect(near[1].heading.hasPrefix("Just below the threshold") && near[2].heading.contains("another rule"))
        #expect(strips(nearThreshold: false).map(\.files) == [["a.png", "b.png"], ["d.png", "c.png", "gate.png"]])
    }

    /// A strip draws every mask its run read, as the labelling page and the contact sheet do: a stack's rows
    /// (`FILE.npy[i]`, as `features` names an array's masks) encoded, a 0/1 image as the mask it is read as, a PNG
    /// file as it is; only a mask that cannot be read is a placeholder. A row's name may break before its index.
    @Test func masksOfStacksAndZeroOneImagesAreDrawn() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let stack = Fixtures.path("stacks/labels01.npy")
        let grey = (0..<(40 * 30)).map { UInt16($0 % 40 > 8 && $0 % 40 < 30 && $0 / 40 > 5 ? 1 : 0) }
        let ones = try folder.write(try PNGEncoder.encode(samples: grey, width: 40, height: 30, format: .grey8), to: "ones.png")
        let rows = [(stack + "[0]", "accept", 0.9), (ones, "accept", 0.8), (stack + "[1]", "reject", 0.4), (folder.path + "/gone.png", "reject", 0.3)]
        let decisions = try folder.write(Array(("file,decision,probability,reason\n"
            + rows.map { "\($0.0),\($0.1),\($0.2),r\n" }.joined()).utf8), to: "decisions.csv")
        let features = try folder.write(Array("file,status,iou,error\n".utf8), to: "features.csv")
        let table = try #require(ReportTable<DecisionTable.Column>(path: decisions))
        let featureTable = try #require(ReportTable<FeatureColumn>(path: features))
        var html = ""
        MaskSection.examples(table, features: featureTable, labels: nil, scoreName: "s").render(into: &html)
        let cards = html.components(separatedBy: "class=\"card\"").dropFirst()
        let drawn = cards.filter { $0.contains("data:image/png;base64,") }
            .map { $0.components(separatedBy: "card-name\">")[1].components(separatedBy: "</div>")[0] }
        // A stack's row may break before its index, and nowhere else first.
        #expect(drawn == ["labels01.npy<wbr>[0]", "ones.png", "labels01.npy<wbr>[1]"])
        #expect(cards.filter { $0.contains("image not found") }.count == 1)
        let shown = try #require(html.components(separatedBy: "alt=\"ones.png\"").first?.components(separatedBy: "base64,").last)
        let bytes = try #require(Data(base64Encoded: String(shown.prefix { $0 != "\"" })))
        #expect(try PNGReader().mask(decoding: Array(bytes), name: "shown", threshold: 128).foregroundCount > 0)
    }
}
