import MaskFeatures
import MaskFilter
import SeededRandom
import Testing
import TestSupport

/// `LabelSuggestion` with labels: half the masks the current model is unsure of, half typical masks of every
/// region, so that a rule the model cannot yet express still gets labels where it bites.
struct LabelSuggestionTests {
    /// 600 masks in three regions of feature space (400 near (0, 0), 100 near (30, 0), 100 near (0, 30)), a
    /// realism column drawn at random; the labels so far all lie in the first region.
    private func table() -> (rows: [FeatureRow], columns: [String], region: [String: Int]) {
        var generator = SeededGenerator(seed: 5)
        var rows: [FeatureRow] = []
        var region: [String: Int] = [:]
        for index in 0..<600 {
            let place = index < 400 ? 0 : index < 500 ? 1 : 2
            let centre: (Double, Double) = [(0, 0), (30, 0), (0, 30)][place]
            let file = "m\(index).png"
            rows.append(.ok(file, [generator.uniform(), centre.0 + generator.normal(), centre.1 + generator.normal()]))
            region[file] = place
        }
        return (rows, ["realism_scaled_mean5", "x", "y"], region)
    }

    @Test func withLabelsHalfIsUncertainAndHalfTypicalOfEveryRegion() throws {
        let (rows, columns, region) = table()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // Eight labels in the first region, good where the realism column is high.
        var text = "file,label\n"
        for row in rows.prefix(8) { text += "\(row.file),\((row.values?[0] ?? 0) > 0.5 ? "good" : "bad")\n" }
        let path = try folder.write(Array(text.utf8), to: "labels.csv")
        let labels = try LabelTable(contentsOf: path)
        let suggestion = try LabelSuggestion(rows: rows, columns: columns, labels: labels, count: 6, seed: 3)
        #expect(suggestion.picks.count == 6)
        let labelled = Set(rows.prefix(8).map(\.file))
        #expect(suggestion.picks.allSatisfy { !labelled.contains($0.file) })
        let uncertain = suggestion.picks.filter { $0.reason.hasPrefix("uncertain") }
        let typical = suggestion.picks.filter { $0.reason.hasPrefix("typical") }
        #expect(uncertain.count == 3 && typical.count == 3, "\(suggestion.picks.map(\.reason))")
        // One typical mask from each region, the largest first; every pick carries its probability of good.
        #expect(typical.compactMap { region[$0.file] } == [0, 1, 2], "\(typical.map(\.file))")
        #expect(suggestion.picks.allSatisfy { ($0.score ?? -1) >= 0 && ($0.score ?? 2) <= 1 })
        let again = try LabelSuggestion(rows: rows, columns: columns, labels: labels, count: 6, seed: 3)
        #expect(again.picks == suggestion.picks)
    }

    /// Asking for more than is left suggests every unlabelled mask once, whatever the model and the clusters.
    @Test func asManyAsAreLeftAreAllSuggestedOnce() throws {
        let (rows, columns, _) = table()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var text = "file,label\n"
        for (offset, row) in rows.prefix(590).enumerated() { text += "\(row.file),\(offset % 2 == 0 ? "good" : "bad")\n" }
        let labels = try LabelTable(contentsOf: try folder.write(Array(text.utf8), to: "labels.csv"))
        let suggestion = try LabelSuggestion(rows: rows, columns: columns, labels: labels, count: 25)
        #expect(Set(suggestion.picks.map(\.file)) == Set(rows.suffix(10).map(\.file)) && suggestion.picks.count == 10)
        #expect(suggestion.notes.contains { $0.contains("suggesting all of them") })
    }
}
