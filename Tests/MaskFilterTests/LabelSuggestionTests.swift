import MaskFeatures
import MaskFilter
import SeededRandom
import Testing
import TestSupport

/// `LabelSuggestion` with labels: half the masks the current model is unsure of, the rest typical masks of every
/// region, and when the labels do not follow the label-free score, half of those far from every mask labelled or
/// chosen; so that a rule the model cannot yet express still gets labels where it bites.
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
        let diverse = suggestion.picks.filter { $0.reason.hasPrefix("diverse") }
        // The labels follow the realism column, so the model is anchored on it and no pick is asked for its distance.
        #expect(uncertain.count == 3 && typical.count == 3 && diverse.isEmpty, "\(suggestion.picks.map(\.reason))")
        // One typical mask from each region, the largest first; every pick carries its probability of good.
        #expect(typical.compactMap { region[$0.file] } == [0, 1, 2], "\(typical.map(\.file)) \(uncertain.map { ($0.file, region[$0.file] ?? -1, $0.score ?? -1) })")
        #expect(suggestion.picks.allSatisfy { ($0.score ?? -1) >= 0 && ($0.score ?? 2) <= 1 })
        let again = try LabelSuggestion(rows: rows, columns: columns, labels: labels, count: 6, seed: 3)
        #expect(again.picks == suggestion.picks)
        // The table's row order is not the choice's: a shuffled copy gives the same picks.
        var generator = SeededGenerator(seed: 11)
        let shuffled = try LabelSuggestion(rows: rows.shuffled(using: &generator), columns: columns, labels: labels, count: 6, seed: 3)
        #expect(shuffled.picks == suggestion.picks)
    }

    /// A two-sided rule (bad beyond 2.5 either way on `x`, which the realism column does not rank) whose labels have
    /// met only one side: neither the model's boundary nor the typical masks lead to the other side, the masks far
    /// from every label do. Whatever the seed.
    @Test func theSideNoLabelHasReachedIsAskedAbout() throws {
        var generator = SeededGenerator(seed: 8)
        let rows = (0..<600).map { FeatureRow.ok("m\($0).png", [generator.uniform(), -3 + 6 * generator.uniform()]) }
        let columns = ["realism_scaled_mean5", "x"]
        let labelled = rows.filter { ($0.values?[1] ?? 0) > -1 }.prefix(12)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let text = "file,label\n" + labelled.map { "\($0.file),\(abs($0.values?[1] ?? 0) > 2.5 ? "bad" : "good")\n" }.joined()
        #expect(text.contains(",bad\n") && text.contains(",good\n"))
        let labels = try LabelTable(contentsOf: try folder.write(Array(text.utf8), to: "labels.csv"))
        let x = Dictionary(uniqueKeysWithValues: rows.map { ($0.file, $0.values?[1] ?? 0) })
        for seed: UInt64 in 0..<4 {
            let suggestion = try LabelSuggestion(rows: rows, columns: columns, labels: labels, count: 8, seed: seed)
            let diverse = suggestion.picks.filter { $0.reason.hasPrefix("diverse") }
            #expect(diverse.count == 2 && diverse.contains { (x[$0.file] ?? 0) < -2.5 }, "seed \(seed): \(diverse.map { x[$0.file] ?? 0 })")
        }
    }

    /// Without a label-free score and without labels there is nothing to spread the picks over: half (rounded up)
    /// are the masks farthest from each other, which find the rare kinds, and the rest are drawn at random, which
    /// keeps the labels a fair sample of the table. Over many seeds the drawn masks centre on the table's centre,
    /// while the far ones lie out at its edges.
    @Test func withoutAScoreHalfIsFarAndHalfDrawnAtRandom() throws {
        var generator = SeededGenerator(seed: 4)
        let rows = (0..<500).map { FeatureRow.ok("m\($0).png", [generator.normal(), generator.normal()]) }
        let point = Dictionary(uniqueKeysWithValues: rows.map { ($0.file, (x: $0.values?[0] ?? 0, y: $0.values?[1] ?? 0)) })
        let radius = point.mapValues { ($0.x * $0.x + $0.y * $0.y).squareRoot() }
        var drawnRadii: [Double] = [], farRadii: [Double] = []
        var drawnX = 0.0
        for seed: UInt64 in 0..<20 {
            let suggestion = try LabelSuggestion(rows: rows, columns: ["x", "y"], labels: nil, count: 9, seed: seed)
            let far = suggestion.picks.filter { $0.reason.hasPrefix("diverse") }
            let drawn = suggestion.picks.filter { $0.reason.hasPrefix("random") }
            #expect(far.count == 5 && drawn.count == 4 && Set(suggestion.picks.map(\.file)).count == 9, "\(suggestion.picks.map(\.reason))")
            #expect(try LabelSuggestion(rows: rows, columns: ["x", "y"], labels: nil, count: 9, seed: seed).picks == suggestion.picks)
            farRadii += far.compactMap { radius[$0.file] }
            drawnRadii += drawn.compactMap { radius[$0.file] }
            drawnX += drawn.reduce(0) { sum, pick in sum + (point[pick.file]?.x ?? 0) }
        }
        // 80 draws of a standard normal: their mean lies within 0.35 of 0 (about three standard errors); the mean
        // radius of a 2-D standard normal is 1.25, and the far picks lie well beyond it.
        #expect(abs(drawnX / 80) < 0.35, "\(drawnX / 80)")
        let mean = { (values: [Double]) in values.reduce(0, +) / Double(values.count) }
        #expect(abs(mean(drawnRadii) - 1.25) < 0.25 && mean(farRadii) > 2, "drawn \(mean(drawnRadii)), far \(mean(farRadii))")
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

    /// A generator that collapsed onto one mask: its copies (the very same features) are asked about once, with
    /// labels and without, unless fewer distinct masks are left than asked for.
    @Test func copiesOfOneMaskAreAskedAboutOnce() throws {
        var rows = (0..<40).map { FeatureRow.ok("copy\($0).png", [0.5, 1, 1]) }
        rows += (0..<30).map { FeatureRow.ok("m\($0).png", [Double($0) / 30, Double($0 % 7), Double($0 % 5)]) }
        let columns = ["realism_scaled_mean5", "x", "y"]
        let without = try LabelSuggestion(rows: rows, columns: columns, labels: nil, count: 10, seed: 1)
        #expect(without.picks.count == 10 && without.picks.filter { $0.file.hasPrefix("copy") }.count <= 1, "\(without.picks.map(\.file))")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let text = "file,label\nm0.png,bad\nm29.png,good\nm15.png,good\nm3.png,bad\n"
        let labels = try LabelTable(contentsOf: try folder.write(Array(text.utf8), to: "labels.csv"))
        let with = try LabelSuggestion(rows: rows, columns: columns, labels: labels, count: 10, seed: 1)
        #expect(with.picks.count == 10 && with.picks.filter { $0.file.hasPrefix("copy") }.count <= 1, "\(with.picks.map(\.file))")
        // More asked for than distinct masks left: the copies fill the rest.
        let all = try LabelSuggestion(rows: rows, columns: columns, labels: labels, count: 40, seed: 1)
        #expect(all.picks.count == 40 && Set(all.picks.map(\.file)).count == 40)
    }

    /// Labels of masks the table does not hold are not used, and the notes say so (with how labels join when
    /// none did), rather than drop them unseen.
    @Test func labelsOfMasksNotInTheTableAreNamed() throws {
        let (rows, columns, _) = table()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let some = try LabelTable(contentsOf: try folder.write(Array("file,label\nm1.png,good\nm2.png,bad\nelsewhere/x.png,bad\n".utf8),
                                                               to: "some.csv"))
        let suggestion = try LabelSuggestion(rows: rows, columns: columns, labels: some, count: 4, seed: 1)
        #expect(suggestion.picks.count == 4)
        #expect(suggestion.notes.contains { $0.contains("1 of the labels in") && $0.contains("'elsewhere/x.png' (line 4): not used") },
                "\(suggestion.notes)")
        let none = try LabelTable(contentsOf: try folder.write(Array("file,label\nx.png,good\n".utf8), to: "none.csv"))
        let alone = try LabelSuggestion(rows: rows, columns: columns, labels: none, count: 4, seed: 1)
        #expect(alone.picks.count == 4 && alone.notes.contains { $0.contains("600 of 600 masks have no label") }, "\(alone.notes)")
        let all = try LabelTable(contentsOf: try folder.write(Array("file,label\nm1.png,good\nm2.png,bad\n".utf8), to: "all.csv"))
        #expect(try LabelSuggestion(rows: rows, columns: columns, labels: all, count: 4, seed: 1).notes.isEmpty)
    }
}
