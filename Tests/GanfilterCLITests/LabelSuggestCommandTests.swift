import Foundation
import TestSupport
import Testing

/// `ganfilter label suggest`: which masks to label next, on the shipped generator's masks.
struct LabelSuggestCommandTests {
    private func table(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { CSVLine.fields(String($0)) }
    }

    /// The shipped generator's 1,000 masks measured (all sets, against the Montgomery masks), once for the suite.
    static let features: Result<String, any Error> = Result {
        let folder = try TemporaryFolder.removedAtExit()
        let run = try CommandRunner.run(["features", Fixtures.root + "/bench/generator/masks", "--set", "all", "--reference",
                                         Fixtures.root + "/masks/lung256", "-o", "f.csv"], in: folder.path)
        guard run.status == 0 else { throw CocoaError(.fileReadUnknown) }
        return folder.path + "/f.csv"
    }

    @Test func withoutLabelsItSpreadsOverTheScoreAndIsRepeatable() throws {
        let features = try Self.features.get()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try CommandRunner.run(["label", "suggest", "--features", features, "--count", "25", "-o", "a.csv"], in: folder.path)
        #expect(first.status == 0, "\(first.standardError)")
        let again = try CommandRunner.run(["label", "suggest", "--features", features, "--count", "25", "-o", "b.csv"], in: folder.path)
        let other = try CommandRunner.run(["label", "suggest", "--features", features, "--count", "25", "-o", "c.csv", "--seed", "9"],
                                          in: folder.path)
        #expect(again.status == 0 && other.status == 0)
        let a = try table(folder.path + "/a.csv")
        #expect(a[0] == ["file", "score", "reason"] && a.count == 26)
        #expect(try a == table(folder.path + "/b.csv"))
        #expect(try a != table(folder.path + "/c.csv"))
        let okFiles = Set(try table(features).dropFirst().filter { $0[1] == "ok" }.map(\.[0]))
        let files = a.dropFirst().map(\.[0])
        #expect(Set(files).count == 25 && files.allSatisfy(okFiles.contains))
        #expect(a.dropFirst().filter { $0[2].hasPrefix("near the label-free threshold") }.count == 13)
        // The spread half covers the score's range: its picks reach both the lowest and the highest fifth.
        let measured = try table(features)
        let column = try #require(measured[0].firstIndex(of: "realism_scaled_mean5"))
        let scores = measured.dropFirst().filter { $0[1] == "ok" }.compactMap { Double($0[column]) }.sorted()
        let spread = a.dropFirst().filter { $0[2].hasPrefix("spread") }.compactMap { Double($0[1]) }
        #expect(spread.count == 12 && spread.min() ?? 1 <= scores[scores.count / 5] && spread.max() ?? 0 >= scores[4 * scores.count / 5],
                "\(spread)")
    }

    @Test func withLabelsItAsksAboutUncertainTypicalAndFarOnesAndNeverALabelledOne() throws {
        let features = try Self.features.get()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try CommandRunner.run(["label", "suggest", "--features", features, "--count", "25", "-o", "first.csv"], in: folder.path)
        // Label the first 25 as the bench's outline rule does.
        let truth = Dictionary(uniqueKeysWithValues: try table(Fixtures.root + "/bench/generator/masks/labels.csv").dropFirst().map { ($0[0], $0[1]) })
        let first = try table(folder.path + "/first.csv").dropFirst().map(\.[0])
        var labels = "file,label\n"
        for file in first { labels += "\(file),\(truth[(file as NSString).lastPathComponent] ?? "bad")\n" }
        try labels.write(toFile: folder.path + "/labels.csv", atomically: true, encoding: .utf8)
        let next = try CommandRunner.run(["label", "suggest", "--features", features, "--labels", "labels.csv", "--count", "25", "-o", "next.csv"],
                                         in: folder.path)
        #expect(next.status == 0, "\(next.standardError)")
        let rows = try table(folder.path + "/next.csv").dropFirst()
        #expect(rows.count == 25 && Set(rows.map(\.[0])).isDisjoint(with: first))
        let probabilities = rows.compactMap { Double($0[1]) }
        #expect(probabilities.count == 25 && probabilities.allSatisfy { (0...1).contains($0) })
        // Half (rounded up) the masks the model train would fit is unsure of, the rest typical of the masks left;
        // when that model is the challenger's trees (the labels do not show the realism ranking), half of the rest
        // far from every label instead. None drawn at random: the table has a label-free score.
        let anchored = !rows.contains { $0[2].contains("extremely randomised trees") }
        let counts = ["uncertain", "typical", "random", "diverse"].map { reason in rows.filter { $0[2].hasPrefix(reason) }.count }
        #expect(counts == (anchored ? [13, 12, 0, 0] : [13, 6, 0, 6]), "\(rows.map { $0[2] })")
    }

    /// A label line that cannot be read is named with its file and line, and the run ends with status 1; the
    /// labels that can be read are used.
    @Test func anUnusableLabelLineIsNamedNeverDropped() throws {
        let features = try Self.features.get()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let files = try table(features).dropFirst().filter { $0[1] == "ok" }.map(\.[0])
        let labels = "file,label\n\(files[0]),good\n\(files[1]),maybe\n\(files[2]),bad\n\(files[3]),good,extra\n"
        try labels.write(toFile: folder.path + "/labels.csv", atomically: true, encoding: .utf8)
        let run = try CommandRunner.run(["label", "suggest", "--features", features, "--labels", "labels.csv", "--count", "5", "-o", "next.csv"],
                                        in: folder.path)
        #expect(run.status == 1, "\(run.standardError)")
        #expect(run.standardError.contains("labels.csv:3: label must be good, bad") && run.standardError.contains("labels.csv:5: 3 fields"),
                "\(run.standardError)")
        let picked = try table(folder.path + "/next.csv").dropFirst().map(\.[0])
        #expect(picked.count == 5 && !picked.contains(files[0]) && !picked.contains(files[2]))
    }

    @Test func aRecordedReferenceThatIsGoneOrChangedIsSaidAndTheMedianUsed() throws {
        let features = try Self.features.get()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.copyItem(atPath: features, toPath: folder.path + "/f.csv")
        let sidecar = try String(contentsOfFile: features + ".json", encoding: .utf8)
        try sidecar.write(toFile: folder.path + "/f.csv.json", atomically: true, encoding: .utf8)
        let intact = try CommandRunner.run(["label", "suggest", "--features", "f.csv", "--count", "4", "-o", "intact.csv"], in: folder.path)
        #expect(intact.status == 0 && intact.standardError.contains("the reference the table records"))
        let near = { (name: String) throws -> Set<String> in
            Set(try self.table(folder.path + "/\(name).csv").dropFirst().map(\.[2]).filter { $0.hasPrefix("near the label-free threshold") })
        }
        let recorded = try near("intact")
        #expect(recorded.count == 1, "every pick near one threshold: \(recorded)")
        let settings = try #require(try JSONSerialization.jsonObject(with: Data(sidecar.utf8)) as? [String: Any])
        for (name, key, value, said) in [("gone", "reference_folder", folder.path + "/nowhere", "cannot be read"),
                                         ("changed", "reference_digest", "0000000000000000", "holds other masks now")] {
            var edited = settings
            edited[key] = value
            try JSONSerialization.data(withJSONObject: edited).write(to: URL(fileURLWithPath: folder.path + "/f.csv.json"))
            let run = try CommandRunner.run(["label", "suggest", "--features", "f.csv", "--count", "4", "-o", name + ".csv"], in: folder.path)
            #expect(run.status == 0 && run.standardError.contains(said) && run.standardError.contains("using the median realism_scaled_mean5"),
                    "\(name): \(run.standardError)")
            let median = try near(name)
            #expect(median.count == 1 && median.isDisjoint(with: recorded), "\(name): \(median) against \(recorded)")
        }
    }

    /// A `--reference` of other masks than the table's realism columns were measured against is refused, naming
    /// both: its threshold would mean nothing for those columns.
    @Test func aReferenceOfOtherMasksThanTheTablesIsRefused() throws {
        let features = try Self.features.get()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root + "/masks/lung256").filter { $0.hasSuffix(".png") }.sorted()
        try FileManager.default.createDirectory(atPath: folder.path + "/fewer", withIntermediateDirectories: true)
        for name in names.prefix(20) {
            try FileManager.default.copyItem(atPath: Fixtures.root + "/masks/lung256/" + name, toPath: folder.path + "/fewer/" + name)
        }
        let run = try CommandRunner.run(["label", "suggest", "--features", features, "--count", "4", "--reference", folder.path + "/fewer",
                                         "-o", "next.csv"], in: folder.path)
        #expect(run.status == 64 && run.standardError.contains("holds other masks") && run.standardError.contains("masks/lung256"),
                "\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/next.csv"))
        let same = try CommandRunner.run(["label", "suggest", "--features", features, "--count", "4", "--reference", Fixtures.root + "/masks/lung256",
                                          "-o", "next.csv"], in: folder.path)
        #expect(same.status == 0, "\(same.standardError)")
    }

    @Test func onlyOkRowsAreSuggestedAndTooManyAsksForAllThatIsLeft() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let run = try CommandRunner.run(["features", Fixtures.path("stacks/grey.npy"), Fixtures.path("stacks/nan.npy"), "-o", "f.csv"],
                                        in: folder.path)
        #expect(run.status == 1)
        let all = try CommandRunner.run(["label", "suggest", "--features", "f.csv", "--count", "50", "-o", "s.csv"], in: folder.path)
        // The table's error row (the NaN mask) is never suggested, and said: some inputs were unusable.
        #expect(all.status == 1 && all.standardError.contains("suggesting all of them")
            && all.standardError.contains("1 rows of f.csv are errors, never suggested"), "\(all.standardError)")
        let rows = try table(folder.path + "/s.csv")
        #expect(rows[0] == ["file", "score", "reason", "index"])
        // 14 masks: two empty ones and one with NaN are not ok; the 11 others are suggested, each with its index.
        #expect(rows.count == 1 + 11 && rows.dropFirst().allSatisfy { !$0[0].hasSuffix("[5]") && !$0[0].hasSuffix("nan.npy[2]") })
        #expect(rows.dropFirst().allSatisfy { $0[0].hasSuffix("[\($0[3])]") })
        let none = try CommandRunner.run(["label", "suggest", "--features", "f.csv", "--count", "0"], in: folder.path)
        #expect(none.status == 64)
    }
}

/// Splits one CSV line with quoted fields.
enum CSVLine {
    static func fields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var characters = line.makeIterator()
        while let c = characters.next() {
            if quoted {
                if c == "\"" { quoted = false } else { current.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        return fields + [current]
    }
}

/// `label suggest --page`: one offline page, the masks embedded (from a stack too), real masks beside them.
struct LabellingPageCommandTests {
    @Test func thePageIsOneOfflineFileWithEveryMaskInIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let features = try CommandRunner.run(["features", Fixtures.root + "/bench/generator/masks/gan_0000.png", Fixtures.root + "/bench/generator/masks/gan_0001.png",
                                              Fixtures.root + "/bench/generator/masks/gan_0002.png", "--reference", Fixtures.root + "/masks/lung256",
                                              "-o", "f.csv"], in: folder.path)
        #expect(features.status == 0, "\(features.standardError)")
        let run = try CommandRunner.run(["label", "suggest", "--features", "f.csv", "--count", "3", "--reference", Fixtures.root + "/masks/lung256",
                                         "--page", "page", "-o", "next.csv"], in: folder.path)
        #expect(run.status == 0, "\(run.standardError)")
        let html = try String(contentsOfFile: folder.path + "/page/index.html", encoding: .utf8)
        #expect(html.components(separatedBy: "data:image/png;base64,").count - 1 == 3 + 8)
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script src") && !html.contains("<link"))
        #expect(html.contains("gan_0001.png") && html.contains("Save labels.csv") && html.contains("localStorage"))
        // The same choice gives the same page, byte for byte, from run to run (each process orders a dictionary's
        // keys anew, which an encoder without sorted keys let into the page's data).
        for _ in 0..<3 {
            let again = try CommandRunner.run(["label", "suggest", "--features", "f.csv", "--count", "3", "--reference", Fixtures.root + "/masks/lung256",
                                               "--page", "page", "-o", "next.csv"], in: folder.path)
            let page = try String(contentsOfFile: folder.path + "/page/index.html", encoding: .utf8)
            #expect(again.status == 0 && page == html)
        }
        let stack = try CommandRunner.run(["features", Fixtures.path("stacks/grey.npy"), "-o", "s.csv"], in: folder.path)
        #expect(stack.status == 0)
        let fromStack = try CommandRunner.run(["label", "suggest", "--features", "s.csv", "--count", "2", "--page", "stack-page"], in: folder.path)
        #expect(fromStack.status == 0, "\(fromStack.standardError)")
        let stackHTML = try String(contentsOfFile: folder.path + "/stack-page/index.html", encoding: .utf8)
        #expect(stackHTML.components(separatedBy: "data:image/png;base64,").count - 1 == 2 && !stackHTML.contains("image not readable"))
        // A mask moved since it was measured is still suggested, shown as not readable, and said: exit 1.
        let table = try String(contentsOfFile: folder.path + "/f.csv", encoding: .utf8)
        try table.replacingOccurrences(of: Fixtures.root + "/bench/generator/masks/gan_0001.png", with: folder.path + "/moved.png")
            .write(toFile: folder.path + "/m.csv", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: folder.path + "/f.csv.json", toPath: folder.path + "/m.csv.json")
        let moved = try CommandRunner.run(["label", "suggest", "--features", "m.csv", "--count", "3", "--page", "moved-page", "-o", "m-next.csv"],
                                          in: folder.path)
        #expect(moved.status == 1 && moved.standardError.contains("1 of the 3 masks could not be read for the page")
            && moved.standardError.contains("moved.png"), "\(moved.standardError)")
        let movedHTML = try String(contentsOfFile: folder.path + "/moved-page/index.html", encoding: .utf8)
        #expect(movedHTML.components(separatedBy: "image not readable").count - 1 == 1)
    }
}
