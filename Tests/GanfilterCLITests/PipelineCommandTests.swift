import Foundation
import MaskFilter
import Testing
import TestSupport

/// `ganfilter pipeline`: the whole study on the shipped masks and a small synthetic latent set, its report's
/// numbers checked against the files they come from, and the outputs' independence of `--jobs`.
struct PipelineCommandTests {
    static func pipeline(_ output: String, jobs: Int, in folder: String) throws -> CommandRunner.Outcome {
        try CommandRunner.run(["pipeline", "--masks", Fixtures.root + "/masks", "--labels", Fixtures.root + "/masks/labels.csv",
                               "--generator-masks", Fixtures.root + "/bench/generator/masks",
                               "--generator-labels", Fixtures.root + "/bench/generator/masks/labels.csv",
                               "--generator-reference", Fixtures.root + "/masks/lung256",
                               "--generator-latents", Fixtures.root + "/bench/generator/latent.csv.gz",
                               "--generator-fresh-run", Fixtures.root + "/bench/generator/fresh.csv.gz",
                               "--records", "3000", "--output", output, "--jobs", String(jobs)], in: folder)
    }

    @Test func reportNumbersAreTheFilesNumbersAndOutputsDoNotDependOnJobs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try Self.pipeline("one", jobs: 1, in: folder.path)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("open one/index.html"))
        let html = try String(contentsOfFile: folder.path + "/one/index.html", encoding: .utf8)

        // Self-contained: no scripts, nothing fetched (the SVG namespace is a name, not a request).
        #expect(!html.contains("<script"))
        #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "http") == nil)
        #expect(html.contains("data:image/png;base64,"))
        // Masks named by another path than the shipped bench's are described by their folder and labels, never as
        // the bench's GAN and rule.
        #expect(html.contains("Generated masks from \(Fixtures.root)/bench/generator/masks, labelled in \(Fixtures.root)/bench/generator/masks/labels.csv."))
        #expect(!html.contains("small GAN"))
        for heading in ["Calibration check", "ROC curve, synthetic ellipse masks", "ROC curve, generated masks, with labels", "Promise against outcome", "Latent prefilter", "Confusion matrix", "ROC curve, 18_24m", "Precision and recall, 58_64f",
                        "A real generator", "The features that separate", "Accepted (highest realism_boundary)", "Its latents",
                        "The promise on a fresh run"] {
            #expect(html.contains(heading), "\(heading)")
        }

        // Every number cell carries its file's exact text, and shows it rounded.
        var checked = 0
        for (source, cells) in Self.numberCells(html) {
            let file = try String(contentsOfFile: folder.path + "/one/" + source, encoding: .utf8)
            let fields = Set(file.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == ":" || $0 == " " }).map(String.init))
            for (raw, shown) in cells {
                guard let value = Double(raw) else {
                    #expect(shown == "–", "\(source): '\(raw)' shown as '\(shown)'")
                    continue
                }
                if source.hasSuffix(".json") {
                    #expect(fields.compactMap(Double.init).contains(value), "\(source): \(raw) is not in the file")
                } else {
                    #expect(fields.contains(raw), "\(source): \(raw) is not in the file")
                }
                #expect(Self.agrees(shown, with: value), "\(source): \(raw) shown as \(shown)")
                checked += 1
            }
        }
        #expect(checked > 300)

        // The same run on two threads writes the same bytes (timings aside), and run again into the same
        // folder it refreshes them (two steps never write one file, so nothing is refused as a clobber).
        let second = try Self.pipeline("two", jobs: 2, in: folder.path)
        #expect(second.status == 0)
        let again = try Self.pipeline("two", jobs: 2, in: folder.path)
        #expect(again.status == 0, "\(again.standardError)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path + "/one").filter {
            !$0.hasSuffix("timings.json") && !$0.hasSuffix("manifest.json") && !$0.hasSuffix("/") && $0.contains(".")
        }
        #expect(files.count > 25)
        for file in files {
            let a = FileManager.default.contents(atPath: folder.path + "/one/" + file)
            let b = FileManager.default.contents(atPath: folder.path + "/two/" + file)
            #expect(a != nil && a == b, "\(file) differs between --jobs 1 and --jobs 2")
        }
        let manifest = try String(contentsOfFile: folder.path + "/one/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"seed\" : 0") && manifest.contains("\"fnv1a64\"") && manifest.contains("ganfilter latent train"))
        let trainManifest = try String(contentsOfFile: folder.path + "/one/masks/manifest.json", encoding: .utf8)
        #expect(trainManifest.contains("\"command\" : \"ganfilter train --features one\\/masks\\/features.csv"))
        #expect(try JSONSerialization.jsonObject(with: Data(manifest.utf8)) is [String: Any])
    }

    /// A latent dataset without the five scores cannot be analysed, but its prefilter trains: the analysis step
    /// fails (exit 1) and the latent section still stands, drawn from the training's files.
    @Test func aDatasetWithoutScoresStillGetsItsLatentSection() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var text = "group,valid," + (0..<8).map { "z\($0)" }.joined(separator: ",") + "\n"
        for row in 0..<1200 {
            let z = (0..<8).map { Double((row * 37 + $0 * 11) % 97) / 48.5 - 1 }
            text += "g,\(z[0] + z[1] > 0.6 || row % 7 == 0 ? 1 : 0)," + z.map { "\($0)" }.joined(separator: ",") + "\n"
        }
        try text.write(toFile: folder.path + "/z.csv", atomically: true, encoding: .utf8)
        let run = try CommandRunner.run(["pipeline", "--masks", Fixtures.root + "/masks", "--labels", Fixtures.root + "/masks/labels.csv",
                                         "--latent", "z.csv", "--no-generator", "--output", "out", "--jobs", "2"], in: folder.path)
        #expect(run.status == 1, "\(run.standardError)")
        #expect(run.standardError.contains("no valid column and five scores"))
        let html = try String(contentsOfFile: folder.path + "/out/index.html", encoding: .utf8)
        #expect(html.contains("ROC curve, g") && !html.contains("Its steps failed"), "the latent section stands")
    }

    /// A generator of the user's without labels gets the label-free filter alone: its decisions, the share it
    /// accepts against the threshold (the page's chart ends at the share of the masks that score highest), and
    /// examples, and the command that suggests masks to label; no model is trained. Without --generator-reference,
    /// where the shipped real masks are not, the run is refused naming the option. The suggested masks' labels then
    /// add the labelled filter, too few for a test split, which the page says instead of showing empty figures.
    @Test func aGeneratorWithoutLabelsGetsTheLabelFreeFilterAlone() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root + "/bench/generator2/masks").filter { $0.hasSuffix(".png") }
            .sorted().prefix(60)
        for name in names {
            try folder.copy(Fixtures.root + "/bench/generator2/masks/" + name, to: "generated/" + name)
        }
        let refused = try CommandRunner.run(["pipeline", "--generator-masks", "generated", "--output", "out"], in: folder.path)
        #expect(refused.status == 64 && refused.standardError.contains("--generator-reference"), "\(refused.standardError)")
        let run = try CommandRunner.run(["pipeline", "--generator-masks", "generated", "--generator-reference", Fixtures.root + "/masks/lung256",
                                         "--output", "out", "--jobs", "2"], in: folder.path)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("only the label-free filter runs") && !run.standardError.contains("ganfilter train"))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/out/generator/reference_decisions.csv")
                    && !FileManager.default.fileExists(atPath: folder.path + "/out/generator/model.json"))
        let html = try String(contentsOfFile: folder.path + "/out/index.html", encoding: .utf8)
        for text in ["its masks filtered without labels", "Share accepted, generated masks without labels", "share of generated masks accepted",
                     "Just above the threshold", "generated, without labels: only the label-free filter ran"] {
            #expect(html.contains(text), "\(text)")
        }
        #expect(!html.contains("Its steps failed") && !html.contains("Bad per good, generated masks"))
        let decisions = try String(contentsOfFile: folder.path + "/out/generator/reference_decisions.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst()
        let accepted = decisions.filter { $0.split(separator: ",").dropFirst().first == "accept" }.count
        #expect(decisions.count == 60 && html.contains("are accepted (\(accepted)), at the reference"), "\(accepted)")
        // The page says how to label the masks worth labelling, and that command runs as written.
        let suggestion = ["label", "suggest", "--features", "out/generator/features.csv", "--reference", Fixtures.root + "/masks/lung256",
                          "--count", "25", "--output", "first.csv", "--page", "labelling"]
        #expect(html.contains("<code>ganfilter " + suggestion.joined(separator: " ") + "</code>") || Fixtures.root.contains(" "))
        let suggested = try CommandRunner.run(suggestion, in: folder.path)
        #expect(suggested.status == 0, "\(suggested.standardError)")
        let chosen = try String(contentsOfFile: folder.path + "/first.csv", encoding: .utf8).split(separator: "\n")
        #expect(chosen.count == 26 && FileManager.default.fileExists(atPath: folder.path + "/labelling/index.html"))

        // Those labels given, the labelled filter joins; too few to hold a test split, the page says so and shows
        // no held-out figures.
        let rule = try String(contentsOfFile: Fixtures.root + "/bench/generator2/masks/shape.csv", encoding: .utf8).split(separator: "\n")
            .dropFirst().map { $0.split(separator: ",").map(String.init) }
        let labelOf = Dictionary(rule.map { ($0[0], $0[1]) }, uniquingKeysWith: { first, _ in first })
        let labels = "file,label\n" + chosen.dropFirst().map { line in
            let file = String(line.split(separator: ",")[0])
            return file + "," + (labelOf[(file as NSString).lastPathComponent] ?? "")
        }.joined(separator: "\n") + "\n"
        try labels.write(toFile: folder.path + "/labels.csv", atomically: true, encoding: .utf8)
        let labelled = try CommandRunner.run(["pipeline", "--generator-masks", "generated", "--generator-labels", "labels.csv",
                                              "--generator-reference", Fixtures.root + "/masks/lung256", "--output", "out", "--jobs", "2"],
                                             in: folder.path)
        #expect(labelled.status == 0, "\(labelled.standardError)")
        let page = try String(contentsOfFile: folder.path + "/out/index.html", encoding: .utf8)
        #expect(page.contains("its masks filtered with and without labels") && page.contains("The labels are too few to hold any out"))
        #expect(!page.contains("bad per good on the held-out masks") && page.contains("Choosing the labelled filter"))
        // On 25 labels the pipeline trains what `train` trains without --model, the few-label models, and says so as
        // `train` does; its printed command (without --model) makes the same model file.
        #expect(labelled.standardError.contains("note: 25 labelled masks, fewer than \(RealismPrior.maximumRows): the models are")
                && labelled.standardError.contains("the threshold strategy is \(TrainingOptions.fewLabelsStrategy)"), "\(labelled.standardError)")
        let trainLine = try #require(labelled.standardError.split(separator: "\n").first { $0.contains(": ganfilter train ") })
        #expect(!trainLine.contains("--model"), "\(trainLine)")
        let model = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/out/generator/model.json"))
        let direct = try CommandRunner.run(["train", "--features", "out/generator/features.csv", "--labels", "labels.csv", "--output", "direct.json",
                                           "--seed", "0", "--jobs", "2"], in: folder.path)
        #expect(direct.status == 0, "\(direct.standardError)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/direct.json")) == model, "the pipeline's model is train's")
    }

    /// A generator's masks saved as one array of an `.npz` of several run with `--generator-masks-member`: its
    /// steps read that array (the printed commands say `--member`, and make the same bytes), the rows are named
    /// `FILE.npz:MEMBER[i]`, and the page draws each example from the archive. Without it the steps fail and say
    /// which arrays there are.
    @Test func aGeneratorsMasksInAnArchiveOfSeveralArraysRunWithTheirMember() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.copy(Fixtures.path("stacks/masks.npz"), to: "runs.npz")
        let reference = ["--generator-reference", Fixtures.path("anatomy")]
        let unnamed = try CommandRunner.run(["pipeline", "--generator-masks", "runs.npz"] + reference + ["--output", "out"], in: folder.path)
        #expect(unnamed.status != 0 && unnamed.standardError.contains("holds 2 arrays"), "\(unnamed.standardError)")
        let run = try CommandRunner.run(["pipeline", "--generator-masks", "runs.npz", "--generator-masks-member", "other"] + reference
                                        + ["--output", "out"], in: folder.path)
        #expect(run.status == 0, "\(run.standardError)")
        let features = try String(contentsOfFile: folder.path + "/out/generator/features.csv", encoding: .utf8).split(separator: "\n")
        #expect(features.dropFirst().map { String($0.prefix { $0 != "," }) } == (0..<7).map { "runs.npz:other[\($0)]" })
        let html = try String(contentsOfFile: folder.path + "/out/index.html", encoding: .utf8)
        #expect(html.contains("Generated masks: runs.npz, its array other") && html.contains("runs.npz:other<wbr>[")
                && !html.contains("image not found"))
        let reading = run.standardError.split(separator: "\n").filter { $0.contains(": ganfilter features ") || $0.contains(": ganfilter filter ") }
        #expect(reading.count == 2, "\(run.standardError)")
        for line in reading {
            let words = line.components(separatedBy: ": ganfilter ")[1].split(separator: " ").map(String.init)
            #expect(Array(words[1...3]) == ["runs.npz", "--member", "other"], "\(line)")
            let output = try #require(words.firstIndex(of: "--output"))
            var again = words
            again[output + 1] = "again.csv"
            let direct = try CommandRunner.run(again, in: folder.path)
            #expect(direct.status == 0, "\(direct.standardError)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path + "/again.csv"))
                    == Data(contentsOf: URL(fileURLWithPath: folder.path + "/" + words[output + 1])), "\(line)")
        }
    }

    /// The `data-value` and shown text of every number cell, by the `data-source` of its table.
    static func numberCells(_ html: String) -> [(source: String, cells: [(raw: String, shown: String)])] {
        var result: [(String, [(String, String)])] = []
        for table in html.components(separatedBy: "<table").dropFirst() {
            guard let sourceStart = table.range(of: "data-source=\""),
                  let sourceEnd = table[sourceStart.upperBound...].firstIndex(of: "\"") else { continue }
            let source = String(table[sourceStart.upperBound..<sourceEnd])
            var cells: [(String, String)] = []
            for cell in table.components(separatedBy: "data-value=\"").dropFirst() {
                guard let quote = cell.firstIndex(of: "\""), let open = cell.firstIndex(of: ">"),
                      let close = cell.range(of: "</td>") else { continue }
                cells.append((String(cell[..<quote]), String(cell[cell.index(after: open)..<close.lowerBound])))
            }
            result.append((source, cells))
        }
        return result
    }

    /// Whether `shown` ("42.1%", "1.85×", "0.760", "2.40e−7", "60 000") is `value` rounded to the digits shown.
    static func agrees(_ shown: String, with value: Double) -> Bool {
        var text = shown.replacingOccurrences(of: "−", with: "-").replacingOccurrences(of: "\u{2009}", with: "")
        var scale = 1.0
        if text.hasSuffix("%") { text.removeLast(); scale = 100 }
        if text.hasSuffix("×") { text.removeLast() }
        guard let number = Double(text) else { return false }
        let mantissa = text.split(separator: "e").first.map(String.init) ?? text
        let decimals = mantissa.split(separator: ".").dropFirst().first?.count ?? 0
        let exponent = text.contains("e") ? Double(text.split(separator: "e").last ?? "0") ?? 0 : 0
        let unit = pow(10, -Double(decimals) + exponent)
        return abs(number - value * scale) <= unit / 2 + 1e-9 * abs(number)
    }
}
