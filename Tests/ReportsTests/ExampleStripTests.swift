import Foundation
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
}
