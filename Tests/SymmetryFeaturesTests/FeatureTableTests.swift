import FileIO
import Foundation
import MaskFeatures
import MaskImage
import SymmetryFeatures
import Testing
import TestSupport

struct FeatureTableTests {
    let features: SymmetryFeatures? = {
        var mask = BinaryMask(width: 7, height: 1)
        mask[0, 0] = true
        mask[1, 0] = true
        mask[6, 0] = true
        return SymmetryFeatures(of: mask, dilationRadius: 1)
    }()
    let settings = FeatureTableSettings(FeatureSettings(threshold: 100, dilationRadius: 1), toolVersion: "test")

    @Test func csvHasDesignsHeaderAndQuotesFields() throws {
        let rows: [FeatureRow] = [.ok("a,b.png", try #require(features).values), .empty("e.png"), .error("x\"y.png", "bad, really")]
        let text = FeatureTable.render(rows, as: .csv, settings: settings)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "file,status,iou,cosine,area_ratio,iou_dilated,cosine_dilated,area_ratio_dilated,error")
        #expect(lines[1].hasPrefix("\"a,b.png\",ok,0.5,0.7071067811865475,"))
        #expect(lines[1].hasSuffix(",0.6666666666666666,0.8164965809277261,0.009999999999999995,"))
        #expect(lines[2] == "e.png,empty,,,,,,,")
        #expect(lines[3] == "\"x\"\"y.png\",error,,,,,,,\"bad, really\"")
    }

    @Test func anOutputsNameSaysItsFormatWhenNoneIsGiven() {
        for name in ["f.jsonl", "F.JSONL", "f.ndjson", "f.jsonl.gz", "dir.csv/f.ndjson.GZ"] {
            #expect(FeatureTable.Format(outputNamed: name) == .jsonl, "\(name)")
        }
        for name in ["f.csv", "f.csv.gz", "-", "/dev/stdout", "f", "f.json", "f.jsonl.csv", "f.gz"] {
            #expect(FeatureTable.Format(outputNamed: name) == .csv, "\(name)")
        }
    }

    @Test func numbersReadBackToTheSameDouble() throws {
        let values = try #require(features).values
        let text = FeatureTable.render([.ok("f.png", try #require(features).values)], as: .csv, settings: settings)
        let fields = text.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(fields[2...7].compactMap { Double($0) } == values)
    }

    @Test func jsonLines() throws {
        let text = FeatureTable.render([.ok("f.png", try #require(features).values), .error("t\tab.png", "why\u{1}")], as: .jsonl, settings: settings)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("{\"file\":\"f.png\",\"status\":\"ok\",\"iou\":0.5,"))
        #expect(lines[0].hasSuffix("\"error\":null,\"grey_threshold\":100,\"dilation_radius\":1,\"feature_set\":\"symmetry\","
            + "\"reference_digest\":null,\"reference_folder\":null,\"tool_version\":\"test\"}"))
        #expect(lines[1] == "{\"file\":\"t\\tab.png\",\"status\":\"error\",\"iou\":null,\"cosine\":null,\"area_ratio\":null,"
            + "\"iou_dilated\":null,\"cosine_dilated\":null,\"area_ratio_dilated\":null,\"error\":\"why\\u0001\","
            + "\"grey_threshold\":100,\"dilation_radius\":1,\"feature_set\":\"symmetry\",\"reference_digest\":null,\"reference_folder\":null,"
            + "\"tool_version\":\"test\"}")
        // Read back: the same rows (escapes decoded, numbers to the same Double) and the settings the records carry.
        let path = NSTemporaryDirectory() + "ganfilter-lines-" + UUID().uuidString + ".jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let read = try FeatureTable.readWithSettings(path)
        #expect(read.rows == [.ok("f.png", try #require(features).values), .error("t\tab.png", "why\u{1}")])
        #expect(read.set == .symmetry && !read.realism && read.settings == settings)
    }

    @Test func settingsRoundTripThroughTheSidecarAndDifferencesNameBothValues() throws {
        let folder = NSTemporaryDirectory() + "ganfilter-sidecar-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try FeatureTableSettings.read(beside: folder + "/f.csv") == nil)
        try settings.write(beside: folder + "/f.csv")
        let read = try #require(try FeatureTableSettings.read(beside: folder + "/f.csv"))
        #expect(read == settings && read.measurement == FeatureSettings(threshold: 100, dilationRadius: 1))
        let other = FeatureTableSettings(FeatureSettings(threshold: 100, dilationRadius: 5), toolVersion: "other")
        #expect(settings.difference(from: other) == "dilation radius 1 vs 5")
        #expect(settings.difference(from: FeatureTableSettings(FeatureSettings(threshold: 100, dilationRadius: 1), toolVersion: "x")) == nil)
        try "{\"grey_threshold\": 300, \"dilation_radius\": 1, \"feature_set\": \"symmetry\", \"tool_version\": \"x\"}"
            .write(toFile: folder + "/g.csv.json", atomically: true, encoding: .utf8)
        #expect(throws: ModelFileError.self) { try FeatureTableSettings.read(beside: folder + "/g.csv") }
        // A settings file that is not JSON (cut short, nested without end) says so and where, not that a number is of
        // the wrong kind, which was Foundation's one message taken for all.
        for (text, said) in [("{\"grey_threshold\": 128, \"dilation_radius\": 1", "must follow the value of 'dilation_radius'"),
                             ("{\"a\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}", "nested deeper than 512 levels")] {
            try text.write(toFile: folder + "/j.csv.json", atomically: true, encoding: .utf8)
            #expect {
                try FeatureTableSettings.read(beside: folder + "/j.csv")
            } throws: { error in
                "\(error)".contains("j.csv.json is not valid JSON") && "\(error)".contains(said) && !"\(error)".contains("wrong kind")
            }
        }
        // A settings file is untrusted input: one larger than any the tool writes is refused before it is read.
        let padding = String(repeating: " ", count: FeatureTableSettings.maximumBytes)
        try (padding + "{\"grey_threshold\": 128, \"dilation_radius\": 1, \"feature_set\": \"symmetry\", \"tool_version\": \"x\"}")
            .write(toFile: folder + "/h.csv.json", atomically: true, encoding: .utf8)
        #expect {
            try FeatureTableSettings.read(beside: folder + "/h.csv")
        } throws: { error in
            "\(error)".contains("h.csv.json") && "\(error)".contains("features settings file may be at most")
        }
    }

    /// A table's sample: the `TableRowSample.size` ok rows whose files hash lowest, each with the digest of its
    /// values. It finds a sampled row measured otherwise or no longer ok, passes a table of some of its rows in
    /// another order, reads back from the settings file, and the union of shards' samples is the single run's.
    @Test func aRowSampleTellsItsTableFromAnother() throws {
        let rows: [FeatureRow] = (0..<40).map { index in
            index % 5 == 4 ? .empty("m\(index).png") : .ok("m\(index).png", [Double(index), 0.5, -0.0, 1e-300, 3, 4])
        }
        let sample = try #require(TableRowSample(of: rows))
        #expect(sample.rows.count == TableRowSample.size && Set(sample.rows.map(\.file)).count == TableRowSample.size)
        #expect(sample.rows.allSatisfy { !$0.file.hasSuffix("4.png") && !$0.file.hasSuffix("9.png") }, "ok rows only")
        #expect(TableRowSample(of: Array(rows.reversed())) == sample, "the table's order does not matter")
        #expect(sample.mismatch(in: rows) == nil)
        let sampled = sample.rows[3].file
        #expect(sample.mismatch(in: Array(rows.filter { $0.file != sample.rows[0].file }.reversed())) == nil)
        var remeasured = rows
        let position = try #require(rows.firstIndex { $0.file == sampled })
        remeasured[position] = .ok(sampled, [Double(position), 0.5, 0.0, 1e-300, 3, 4])  // -0.0 became 0.0: other bits
        #expect(sample.mismatch(in: remeasured) == "the features of \(sampled) differ")
        remeasured[position] = .empty(sampled)
        #expect(sample.mismatch(in: remeasured) == "\(sampled) was measured ok, and is empty in the table")
        #expect(TableRowSample(of: [.empty("e.png"), .error("x.png", "bad")]) == nil)
        #expect(TableRowSample(of: Array(rows.prefix(3)))?.rows.count == 3)

        // Shards of any cut give the single run's sample.
        for shards in [2, 3, 7] {
            let parts = (0..<shards).map { shard in TableRowSample(of: rows.enumerated().filter { $0.offset % shards == shard }.map(\.element)) }
            #expect(TableRowSample.merged(parts + [nil]) == sample, "\(shards) shards")
        }
        #expect(TableRowSample.merged([nil, nil]) == nil)

        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var withSample = settings
        withSample.rowSample = sample
        try withSample.write(beside: folder.path + "/f.csv")
        let written = try String(contentsOfFile: folder.path + "/f.csv.json", encoding: .utf8)
        #expect(written.contains("\"row_sample\" : [") && written.contains("\"digest\" : \"\(sample.rows[0].digest)\""))
        #expect(try FeatureTableSettings.read(beside: folder.path + "/f.csv") == withSample)
        #expect(withSample.difference(from: settings) == nil)
    }

    /// The sizes a table records: each once, in order, up to `MaskSizes.limit`; none when a measured row has none.
    @Test func maskSizesRecordEachSizeOnceUpToTheLimit() throws {
        let (square, wide) = (try #require(MaskSize(width: 256, height: 256)), try #require(MaskSize(width: 96, height: 64)))
        #expect(MaskSize(width: 0, height: 5) == nil && MaskSize(width: 5, height: Int(Int32.max) + 1) == nil)
        let sizes = try #require(MaskSizes([square, wide, square]))
        #expect(sizes.sizes == [wide, square] && "\(sizes)" == "96x64, 256x256")
        let many = (1...MaskSizes.limit + 1).compactMap { MaskSize(width: $0, height: 1) }
        #expect(MaskSizes(many) == nil && MaskSizes(many.dropLast())?.sizes.count == MaskSizes.limit)
        #expect("\(try #require(MaskSizes(many.prefix(5))))" == "1x1, 2x1, 3x1 and 2 more")
        #expect(MaskSizes.union(sizes, MaskSizes([wide])) == sizes && MaskSizes.union(sizes, nil) == nil)
        #expect(MaskSizes.union(MaskSizes(many.prefix(40)), MaskSizes(many.suffix(40))) == nil)

        let values = try #require(features).values
        var measured = FeatureRow.ok("a.png", values), empty = FeatureRow.empty("b.png")
        (measured.size, empty.size) = (square, wide)
        #expect(MaskSizes(of: [measured, empty, .error("c.png", "unreadable")]) == sizes)
        #expect(MaskSizes(of: [measured, .ok("d.png", values)]) == nil, "a row read from a CSV table says no size")
        #expect(measured == .ok("a.png", values), "the size is no part of a row's data")

        // Through a settings file and JSON Lines records, and refused when more than the limit.
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var recorded = settings
        recorded.maskSizes = sizes
        try recorded.write(beside: folder.path + "/f.csv")
        #expect(try FeatureTableSettings.read(beside: folder.path + "/f.csv") == recorded)
        #expect(recorded.difference(from: settings) == nil, "sizes are a record of the masks, not of how they were measured")
        let lines = FeatureTable.render([measured, empty], as: .jsonl, settings: settings)
        #expect(lines.contains("\"error\":null,\"width\":256,\"height\":256,\"grey_threshold\":100"))
        let read = try FeatureTable.readWithSettings(try folder.write(Array(lines.utf8), to: "t.jsonl"))
        #expect(read.settings?.maskSizes == sizes && read.rows.map(\.size) == [square, wide])
        // pandas writes an integer column that holds a null as floats (`df.to_json(orient="records", lines=True)`).
        let pandas = lines.replacingOccurrences(of: "\"width\":256,\"height\":256", with: "\"width\":256.0,\"height\":2.56e2,\"index\":7.0")
        let again = try FeatureTable.readWithSettings(try folder.write(Array(pandas.utf8), to: "p.jsonl"))
        #expect(again.settings?.maskSizes == sizes && again.rows.first?.index == 7)
        // Compressed as a user may keep it: the same table.
        try Gzip.write(Array(lines.utf8), to: folder.path + "/t.jsonl.gz")
        let compressed = try FeatureTable.readWithSettings(folder.path + "/t.jsonl.gz")
        #expect(compressed.rows == read.rows && compressed.settings == read.settings)
        let half = lines.replacingOccurrences(of: "\"width\":256,", with: "\"width\":256.5,")
        #expect(throws: CSVTable.ParseError.self) { try FeatureTable.readWithSettings(try folder.write(Array(half.utf8), to: "h.jsonl")) }
        let entries = (1...MaskSizes.limit + 1).map { "{\"width\": \($0), \"height\": 1}" }.joined(separator: ",")
        try "{\"grey_threshold\": 100, \"dilation_radius\": 1, \"feature_set\": \"symmetry\", \"tool_version\": \"x\", \"mask_sizes\": [\(entries)]}"
            .write(toFile: folder.path + "/g.csv.json", atomically: true, encoding: .utf8)
        #expect(throws: ModelFileError.self) { try FeatureTableSettings.read(beside: folder.path + "/g.csv") }
    }

    /// Writes a symmetry table of `body` (its lines after the header) in a new folder, and gives `check` its path
    /// while the folder exists.
    private func withTable(_ body: String, _ check: (_ path: String) throws -> Void) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let header = "file,status,iou,cosine,area_ratio,iou_dilated,cosine_dilated,area_ratio_dilated,error\n"
        try check(try folder.write(Array((header + body).utf8), to: "t.csv"))
    }

    /// Masks measured at another size than the reference's are said once for the run: how many, their sizes, and
    /// the proportions the resizing changes; masks of the reference's size, and rows in error, say nothing.
    @Test func masksOfAnotherSizeThanTheReferencesAreSaidToBeResized() throws {
        let reference = try #require(MaskSize(width: 256, height: 256))
        let row = { (width: Int, height: Int) -> FeatureRow in
            var row = FeatureRow.ok("m.png", [1])
            row.size = MaskSize(width: width, height: height)
            return row
        }
        let sizes = { (rows: [FeatureRow]) in rows.compactMap(\.size) }
        #expect(MaskSizes.resizeNote(sizes([row(256, 256), .error("x.png", "truncated")]), reference: reference) == nil)
        #expect(MaskSizes.resizeNote(sizes([row(256, 256), row(128, 128), row(128, 128)]), reference: reference)
            == "2 of the 3 masks are 128x128 and not the reference's 256x256: each is compared resized to 256x256 by the nearest pixel")
        #expect(MaskSizes.resizeNote(sizes([row(256, 320), row(512, 512)]), reference: reference)
            == "2 of the 2 masks are 256x320, 512x512 and not the reference's 256x256: each is compared resized to 256x256 by the "
            + "nearest pixel; that changes their proportions (width over height 0.80 for 256x320, 1.00 for the reference's)")
        #expect(MaskSizes.resizeNote(sizes([row(300, 290)]), reference: reference)?.contains("1.03 for 300x290, 1.00") == true)
    }

    @Test func aBadRowIsReadAsAnErrorNamingItsLineAndTheRestStand() throws {
        let good = try #require(features).values.map { "\($0)" }.joined(separator: ",")
        let body = "a.png,ok,\(good),\n"
            + "b.png,ok,0.5,nan,0.1,0.5,0.5,0.1,\n"
            + "c.png,ok,0.5,0.5,0.1,0.5,0.5,,\n"
            + "d.png,fine,0.5,0.5,0.1,0.5,0.5,0.1,\n"
            + "e.png,ok,0.5,0.5,0.1,0.5,0.5,1e999,\n"
            + "f.png,empty,,,,,,,\n"
        try withTable(body) { path in
            let rows = try FeatureTable.read(path).rows
            #expect(rows.map(\.file) == ["a.png", "b.png", "c.png", "d.png", "e.png", "f.png"])
            #expect(rows.map(\.status) == [.ok, .error, .error, .error, .error, .empty])
            #expect(rows[0].values == (try #require(features).values))
            #expect(rows[1].error == "\(path):3: cosine is not a finite number: 'nan'")
            #expect(rows[2].error == "\(path):4: area_ratio_dilated is not a finite number: ''")
            #expect(rows[3].error == "\(path):5: status must be ok, empty or error, got 'fine'")
            #expect(rows[4].error?.hasPrefix("\(path):6: area_ratio_dilated is not a finite number") == true)
        }
        // A malformed table is still refused whole, naming its line.
        try withTable(body + "g.png,ok,0.5\n") { path in
            #expect(throws: CSVTable.ParseError.self) { try FeatureTable.read(path) }
        }
    }

    /// Columns are found by name: a table that went through pandas (`to_csv` with its index, columns reordered,
    /// a column added) reads as written; a feature column missing or twice is still refused.
    @Test func columnsAreFoundByNameAndOthersIgnored() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let names = FeatureSet.all.columns(realism: true)
        let values = names.indices.map { 0.5 + Double($0) / 100 }
        let canonical = "file,status," + names.joined(separator: ",") + ",error\n"
            + "a.png,ok," + values.map { "\($0)" }.joined(separator: ",") + ",\n"
            + "b.png,empty," + String(repeating: ",", count: names.count) + "\n"
        let written = try folder.write(Array(canonical.utf8), to: "written.csv")
        let expected = try FeatureTable.read(written)
        #expect(expected.set == .all && expected.realism && expected.rows[0].values == values)
        let order = Array(names.indices.reversed())
        let pandas = ",status," + order.map { names[$0] }.joined(separator: ",") + ",generator,file,error\n"
            + "0,ok," + order.map { "\(values[$0])" }.joined(separator: ",") + ",g1,a.png,\n"
            + "1,empty," + String(repeating: ",", count: names.count) + "g1,b.png,\n"
        let read = try FeatureTable.read(try folder.write(Array(pandas.utf8), to: "pandas.csv"))
        #expect(read.set == .all && read.realism && read.rows == expected.rows)
        let missing = "file,status," + names.dropFirst().joined(separator: ",") + "\n"
        #expect {
            try FeatureTable.read(try folder.write(Array(missing.utf8), to: "missing.csv"))
        } throws: { error in
            "\(error)".contains("missing.csv:1: the feature columns (" + names.dropFirst().joined(separator: ",") + ") are not those of a feature set")
        }
        let twice = "file,status,iou," + names.joined(separator: ",") + "\n"
        #expect {
            try FeatureTable.read(try folder.write(Array(twice.utf8), to: "twice.csv"))
        } throws: { error in
            "\(error)".contains("twice.csv:1: the column iou appears 2 times")
        }
    }

    @Test func aFileListedTwiceIsOneErrorRowInItsFirstPlace() throws {
        let body = "a.png,ok,0.5,0.5,0.1,0.5,0.5,0.1,\n"
            + "b.png,ok,0.5,0.5,0.1,0.5,0.5,0.1,\n"
            + "c.png,empty,,,,,,,\n"
            + "a.png,ok,0.9,0.9,0.1,0.9,0.9,0.1,\n"
            + "a.png,error,,,,,,,gone\n"
        try withTable(body) { path in
            let rows = try FeatureTable.read(path).rows
            #expect(rows.map(\.file) == ["a.png", "b.png", "c.png"])
            #expect(rows.map(\.status) == [.error, .ok, .empty])
            #expect(rows[0].error == "listed 3 times in the features; none of its rows is used")
        }
        let once: [FeatureRow] = [.ok("x", [1]), .empty("y")]
        #expect(FeatureRow.listedOnce(once) == once)
    }
}
