import Foundation
import Testing
import TestSupport

/// A report folder run into again holds the new run's files alone: what the earlier run of the same command wrote
/// and this one does not (a tree's drawing, a latent group's curves, a part of the study left out) is removed and
/// said, and what anyone else put there stays.
struct ReportRefreshCommandTests {
    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    @Test func aModelThatIsNoLongerATreeLeavesNoTreeDrawing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try CommandRunner.run(["features", Fixtures.root + "/masks", "-o", folder.path + "/features.csv"])
        func train(_ model: String) throws -> CommandRunner.Outcome {
            try CommandRunner.run(["train", "--features", "features.csv", "--labels", Fixtures.root + "/masks/labels.csv", "--model", model,
                                   "--output", "model.json", "--report", "report", "--jobs", "2"], in: folder.path)
        }
        #expect(try train("tree").status == 0)
        #expect(exists(folder.path + "/report/tree.txt") && exists(folder.path + "/report/tree.dot"))
        try folder.write(Array("my notes\n".utf8), to: "report/notes.txt")
        let logreg = try train("logreg")
        #expect(logreg.status == 0, "\(logreg.standardError)")
        #expect(!exists(folder.path + "/report/tree.txt") && !exists(folder.path + "/report/tree.dot"))
        #expect(logreg.standardError.contains("note: removed 2 files an earlier run wrote in report and this one did not (tree.dot, tree.txt)"))
        #expect(exists(folder.path + "/report/notes.txt") && exists(folder.path + "/model.json"))
        let again = try train("logreg")
        #expect(again.status == 0 && !again.standardError.contains("removed"), "\(again.standardError)")
    }

    @Test func aLatentGroupLeftOutTakesItsCurvesAndAnotherCommandsTablesStay() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = Fixtures.root + "/latent/sample_6000.csv.gz"
        let analyze = try CommandRunner.run(["latent", "analyze", "--data", data, "--report", "report"], in: folder.path)
        #expect(analyze.status == 0, "\(analyze.standardError)")
        func train(_ groups: String) throws -> CommandRunner.Outcome {
            try CommandRunner.run(["latent", "train", "--data", data, "--groups", groups, "--models", "logreg", "--output", "p.json",
                                   "--report", "report", "--jobs", "2"], in: folder.path)
        }
        #expect(try train("18_24m,38_44f").status == 0)
        #expect(exists(folder.path + "/report/roc_38_44f_valid.csv") && exists(folder.path + "/report/score_statistics.csv"),
                "the analysis' tables are another command's: the training leaves them")
        let one = try train("18_24m")
        #expect(one.status == 0, "\(one.standardError)")
        #expect(!exists(folder.path + "/report/roc_38_44f_valid.csv") && !exists(folder.path + "/report/pr_38_44f_valid.csv"))
        #expect(exists(folder.path + "/report/roc_18_24m_valid.csv") && exists(folder.path + "/report/score_statistics.csv"))
        #expect(one.standardError.contains("note: removed 2 files"), "\(one.standardError)")
    }

    @Test func aPartOfTheStudyLeftOutLeavesNoFilesOfItsEarlierRun() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let masks = ["pipeline", "--masks", Fixtures.root + "/masks", "--labels", Fixtures.root + "/masks/labels.csv", "--no-latent",
                     "--output", "out", "--jobs", "2"]
        let full = try CommandRunner.run(masks + ["--generator-masks", Fixtures.root + "/bench/generator/masks",
                                                  "--generator-labels", Fixtures.root + "/bench/generator/masks/labels.csv",
                                                  "--generator-reference", Fixtures.root + "/masks/lung256"], in: folder.path)
        #expect(full.status == 0, "\(full.standardError)")
        #expect(exists(folder.path + "/out/generator/model.json"))
        try folder.write(Array("mine\n".utf8), to: "out/generator/mine.txt")
        let listed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path + "/out/manifest.json"))) as? [String: Any]
        let outputs = listed?["outputs"] as? [String] ?? []
        #expect(outputs.contains("index.html") && outputs.contains("generator/model.json") && outputs.contains("masks/features.csv"))
        #expect(!outputs.contains("generator/mine.txt") && !outputs.contains("manifest.json"))

        let without = try CommandRunner.run(masks + ["--no-generator"], in: folder.path)
        #expect(without.status == 0, "\(without.standardError)")
        #expect(without.standardError.contains("note: removed"), "\(without.standardError)")
        let left = try FileManager.default.subpathsOfDirectory(atPath: folder.path + "/out/generator")
        #expect(left == ["mine.txt"], "only the file no run wrote stays: \(left)")
        #expect(exists(folder.path + "/out/masks/model.json") && exists(folder.path + "/out/index.html"))

        // The generator alone: the masks part's files go, and with them its folder, which the run does not make again.
        let alone = try CommandRunner.run(["pipeline", "--no-latent", "--output", "out", "--jobs", "2",
                                           "--generator-masks", Fixtures.root + "/bench/generator/masks",
                                           "--generator-labels", Fixtures.root + "/bench/generator/masks/labels.csv",
                                           "--generator-reference", Fixtures.root + "/masks/lung256"], in: folder.path)
        #expect(alone.status == 0, "\(alone.standardError)")
        #expect(!exists(folder.path + "/out/masks") && exists(folder.path + "/out/generator/model.json"))
        #expect(!alone.standardError.contains("out/masks/") && alone.standardError.contains("out/generator/ ("), "\(alone.standardError)")
        // What the run noted is on the page too, but not what it removed of the earlier run's (the page is the same each run).
        let page = try String(contentsOfFile: folder.path + "/out/index.html", encoding: .utf8)
        #expect(page.contains("What the run noted") && page.contains("holds a NumPy file, z.npy,") && !page.contains("note: removed"))
    }
}
