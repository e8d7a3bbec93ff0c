import Foundation
import MaskFeatures
import TestSupport
import Testing

/// A model records the sizes of the masks it learned from (`MaskSizes`), and `filter` says when it is given
/// masks of another size: some features are measured in pixels, so its probabilities need not hold for them.
struct MaskSizeCommandTests {
    private func setup() throws -> HostileInputTests.Setup { try HostileInputTests.Setup.shared.get() }

    @Test func masksOfAnotherSizeThanTheModelLearnedFromAreSaid() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try SampleStack.write(count: 20, to: folder.path + "/same.npy")
        try SampleStack.write(count: 20, step: 2, to: folder.path + "/half.npy")
        let recorded = try #require(FeatureTableSettings.read(beside: s.features)?.maskSizes)
        #expect(recorded.sizes.map(\.description) == ["256x256"])
        let stored = try #require(s.maskModelJSON["feature_settings"] as? [String: Any])
        #expect(stored["mask_sizes"] as? [[String: Int]] == [["height": 256, "width": 256]])

        let same = try CommandRunner.run(["filter", "same.npy", "--model", s.maskModel, "-o", "same.csv"], in: folder.path)
        #expect(same.status == 0 && same.errorLines.filter { $0.hasPrefix("warning: ") }.isEmpty, "\(same.standardError)")
        let half = try CommandRunner.run(["filter", "half.npy", "--model", s.maskModel, "-o", "half.csv"], in: folder.path)
        #expect(half.status == 0, "\(half.standardError)")
        #expect(half.errorLines.filter { $0.hasPrefix("warning: ") } == ["warning: 20 of 20 masks are of a size the model never learned from (128x128; the first is "
            + "half.npy[0]): it learned from masks of 256x256. Some features are measured in pixels (the dilation radius is 5 pixels), so its "
            + "probabilities may not hold for them; resize the masks to a size it learned from, or train a model on masks of theirs"])
        // The masks are decided all the same: a row for each.
        #expect(try String(contentsOfFile: folder.path + "/half.csv", encoding: .utf8).split(separator: "\n").count == 21)
        let both = try CommandRunner.run(["filter", "same.npy", "half.npy", "--model", s.maskModel, "-o", "both.csv"], in: folder.path)
        #expect(both.errorLines.filter { $0.hasPrefix("warning: ") }.first?.hasPrefix("warning: 20 of 40 masks are of a size the model never learned from (128x128; "
            + "the first is half.npy[0])") == true, "\(both.standardError)")

        // A features table says it by its settings file (CSV) or its records (JSON Lines); one of the model's size says nothing.
        for (format, table) in [("csv", "halftable.csv"), ("jsonl", "half.jsonl")] {
            _ = try CommandRunner.run(["features", "half.npy", "--format", format, "-o", table], in: folder.path)
            let run = try CommandRunner.run(["filter", "--features", table, "--model", s.maskModel, "-o", "d.csv"], in: folder.path)
            #expect(run.status == 0, "\(run.standardError)")
            let expected = format == "csv" ? "warning: \(table) holds masks of a size the model never learned from (128x128, by \(table).json): "
                : "warning: 20 of 20 masks are of a size the model never learned from (128x128; the first is half.npy[0]): "
            #expect(run.errorLines.filter { $0.hasPrefix("warning: ") }.first?.hasPrefix(expected) == true, "\(format): \(run.standardError)")
        }
        _ = try CommandRunner.run(["features", "same.npy", "--format", "jsonl", "-o", "same.jsonl"], in: folder.path)
        let sameTable = try CommandRunner.run(["filter", "--features", "same.jsonl", "--model", s.maskModel, "-o", "d.csv"], in: folder.path)
        #expect(sameTable.status == 0 && sameTable.errorLines.filter { $0.hasPrefix("warning: ") }.isEmpty, "\(sameTable.standardError)")

        // A model of an earlier ganfilter records no sizes, and is applied without a word about them.
        var model = s.maskModelJSON
        var settings = stored
        settings["mask_sizes"] = nil
        model["feature_settings"] = settings
        try JSONSerialization.data(withJSONObject: model).write(to: URL(fileURLWithPath: folder.path + "/old.json"))
        let old = try CommandRunner.run(["filter", "half.npy", "--model", "old.json", "-o", "old.csv"], in: folder.path)
        #expect(old.status == 0 && old.errorLines.filter { $0.hasPrefix("warning: ") }.isEmpty, "\(old.standardError)")
        #expect(try String(contentsOfFile: folder.path + "/old.csv", encoding: .utf8) == String(contentsOfFile: folder.path + "/half.csv", encoding: .utf8))
    }

    /// Sizes in a model or a table are read as any other field of an untrusted file: out of range, or too many,
    /// they are refused by name and line.
    @Test func damagedSizesAreRefusedByName() throws {
        let s = try setup()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let stored = try #require(s.maskModelJSON["feature_settings"] as? [String: Any])
        let damaged: [(Any, String)] = [
            ([["height": 256, "width": -1]], "width"),
            ([["height": 0, "width": 256]], "height"),
            ([["height": 256]], "width"),
            ("256x256", "mask_sizes"),
            ((0...MaskSizes.limit).map { ["height": 1 + $0, "width": 1] }, "at most \(MaskSizes.limit) mask sizes"),
        ]
        for (sizes, named) in damaged {
            var model = s.maskModelJSON
            var settings = stored
            settings["mask_sizes"] = sizes
            model["feature_settings"] = settings
            try JSONSerialization.data(withJSONObject: model).write(to: URL(fileURLWithPath: folder.path + "/m.json"))
            let run = try CommandRunner.run(["filter", "--features", s.features, "--model", "m.json", "-o", "d.csv"], in: folder.path)
            #expect(run.status == 64 && run.standardError.contains(named), "\(sizes): \(run.standardError)")
            #expect(!FileManager.default.fileExists(atPath: folder.path + "/d.csv"))
        }

        try SampleStack.write(count: 3, step: 2, to: folder.path + "/half.npy")
        _ = try CommandRunner.run(["features", "half.npy", "--format", "jsonl", "-o", "t.jsonl"], in: folder.path)
        let lines = try String(contentsOfFile: folder.path + "/t.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 3 && lines.allSatisfy { $0.contains("\"width\":128,\"height\":128") })
        for (from, to) in [("\"width\":128", "\"width\":-128"), ("\"width\":128,", ""), ("\"height\":128", "\"height\":\"128\"")] {
            var edited = lines
            edited[1] = edited[1].replacingOccurrences(of: from, with: to)
            try (edited.joined(separator: "\n") + "\n").write(toFile: folder.path + "/e.jsonl", atomically: true, encoding: .utf8)
            let run = try CommandRunner.run(["train", "--features", "e.jsonl", "--labels", Fixtures.root + "/masks/labels.csv", "-o", "m.json"],
                                            in: folder.path)
            #expect(run.status == 2 && run.standardError.contains("e.jsonl:2") && run.standardError.contains("width and height"),
                    "\(from): \(run.standardError)")
        }
    }
}
