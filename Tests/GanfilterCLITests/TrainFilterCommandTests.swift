import Foundation
import Testing
import TestSupport

/// `ganfilter train` and `ganfilter filter` end to end on the shipped masks, as the README shows them.
struct TrainFilterCommandTests {
    @Test func trainOnShippedMasksThenFilterThemAndTheBadShareDrops() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let features = try CommandRunner.run(["features", Fixtures.root + "/masks", "-o", folder.path + "/features.csv"])
        #expect(features.status == 0)
        let train = try CommandRunner.run(["train", "--features", "features.csv", "--labels", Fixtures.root + "/masks/labels.csv",
                                           "--output", "model.json", "--report", "report"], in: folder.path)
        #expect(train.status == 0, "\(train.standardError)")
        #expect(train.standardOutput.contains("chosen: "))
        for file in ["cv_results.csv", "roc.csv", "summary.json", "excluded.csv", "unjoined.csv"] {
            #expect(FileManager.default.fileExists(atPath: folder.path + "/report/" + file), "\(file)")
        }
        let filter = try CommandRunner.run(["filter", Fixtures.root + "/masks", "--model", "model.json", "--labels",
                                            Fixtures.root + "/masks/labels.csv", "-o", "decisions.csv",
                                            "--copy-rejected", "rejected"], in: folder.path)
        #expect(filter.status == 0, "\(filter.standardError)")
        let decisions = try String(contentsOfFile: folder.path + "/decisions.csv", encoding: .utf8).split(separator: "\n")
        #expect(decisions.count == 201 && decisions[0] == "file,decision,probability,reason")
        let labels = try String(contentsOfFile: Fixtures.root + "/masks/labels.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        let good = Dictionary(uniqueKeysWithValues: labels.map { (String($0[0]), $0[1] == "good") })
        let accepted = decisions.dropFirst().filter { $0.split(separator: ",")[1] == "accept" }
            .map { String($0.split(separator: ",")[0].split(separator: "/").last ?? "") }
        let badBefore = Double(good.values.filter { !$0 }.count) / Double(good.count)
        let badAfter = Double(accepted.filter { good[$0] == false }.count) / Double(accepted.count)
        #expect(!accepted.isEmpty && badAfter < badBefore - 0.1, "bad share \(badBefore) -> \(badAfter)")
        #expect(filter.standardError.contains("labelled images: 74.5% bad"))
        let copied = try FileManager.default.subpathsOfDirectory(atPath: folder.path + "/rejected").filter { $0.hasSuffix(".png") }
        #expect(copied.count == 200 - accepted.count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: Fixtures.root + "/masks").filter { $0.hasSuffix(".png") }.count == 200,
                "inputs are never moved")

        // The same decisions from the features already computed, and with another stored strategy.
        let fromFeatures = try CommandRunner.run(["filter", "--features", "features.csv", "--model", "model.json", "-o", "-"],
                                                 in: folder.path)
        #expect(fromFeatures.standardOutput.split(separator: "\n").map { $0.split(separator: ",").dropFirst().first }
            == decisions.map { $0.split(separator: ",").dropFirst().first })
        let recall = try CommandRunner.run(["filter", "--features", "features.csv", "--model", "model.json", "-o", "-",
                                            "--strategy", "recall-weighted"], in: folder.path)
        #expect(recall.status == 0)
    }

    /// `train --compare`: another filter's decisions beside the trained one on the held-out masks; a decisions
    /// file that cannot be read stops the command before any work, naming the file and line.
    @Test func compareWritesBothFiltersAndRefusesABadDecisionsFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(try CommandRunner.run(["features", Fixtures.root + "/masks", "-o", folder.path + "/features.csv"]).status == 0)
        // The other filter: accept every mask whose file name sorts before the middle, scored by its position.
        let names = try String(contentsOfFile: folder.path + "/features.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { String($0.split(separator: ",")[0]) }
        var other = "file,decision,probability,reason\n"
        for (index, name) in names.enumerated() {
            other += "\(name),\(index < names.count / 2 ? "accept" : "reject"),\(Double(names.count - index) / Double(names.count)),rank\n"
        }
        try other.write(toFile: folder.path + "/other.csv", atomically: true, encoding: .utf8)
        let train = ["train", "--features", "features.csv", "--labels", Fixtures.root + "/masks/labels.csv", "--output", "model.json"]
        let compared = try CommandRunner.run(train + ["--report", "report", "--compare", "other.csv", "--compare-name", "by name"],
                                             in: folder.path)
        #expect(compared.status == 0, "\(compared.standardError)")
        let filters = try String(contentsOfFile: folder.path + "/report/filters.csv", encoding: .utf8).split(separator: "\n")
        #expect(filters.count == 3 && filters[2].hasPrefix("by name,40,"), "\(filters)")
        for file in ["separation.csv", "compared_thresholds.csv", "compared_roc.csv"] {
            #expect(FileManager.default.fileExists(atPath: folder.path + "/report/" + file), "\(file)")
        }

        #expect(try CommandRunner.run(train + ["--compare", "other.csv"], in: folder.path).status == 64, "--compare needs --report")
        try (other + "x.png,maybe,0.5,?\n").write(toFile: folder.path + "/bad.csv", atomically: true, encoding: .utf8)
        let bad = try CommandRunner.run(train + ["--report", "r2", "--compare", "bad.csv", "--output", "m2.json"], in: folder.path)
        #expect(bad.status == 64 && bad.standardError.contains("bad.csv:\(names.count + 2)"), "\(bad.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/m2.json"))
        // A file decided twice (two tables concatenated) has no one decision to compare by.
        try (other + "\(names[3]),reject,0.01,again\n").write(toFile: folder.path + "/twice.csv", atomically: true, encoding: .utf8)
        let twice = try CommandRunner.run(train + ["--report", "r3", "--compare", "twice.csv", "--output", "m3.json"], in: folder.path)
        #expect(twice.status == 64 && twice.standardError.contains("twice.csv:\(names.count + 2): ")
                    && twice.standardError.contains("is listed again (first on line 5)"), "\(twice.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/m3.json"))
    }

    @Test func aTreeModelWritesItsDiagramAndFiltersTheSame() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try CommandRunner.run(["features", Fixtures.root + "/masks", "-o", folder.path + "/features.csv"])
        let train = try CommandRunner.run(["train", "--features", "features.csv", "--labels", Fixtures.root + "/masks/labels.csv",
                                           "--model", "tree", "--param", "max_depth=2,3", "--test-fraction", "0",
                                           "--output", "tree.json", "--report", "report", "--jobs", "1"], in: folder.path)
        #expect(train.status == 0, "\(train.standardError)")
        #expect(train.standardOutput.contains("chosen: tree criterion="))
        #expect(!train.standardOutput.contains("test:"), "--test-fraction 0 reports no test numbers")
        let text = try String(contentsOfFile: folder.path + "/report/tree.txt", encoding: .utf8)
        #expect(text.hasPrefix("|--- ") && text.contains("good share"))
        let dot = try String(contentsOfFile: folder.path + "/report/tree.dot", encoding: .utf8)
        #expect(dot.hasPrefix("digraph tree {") && dot.contains("0 -> 1 [label=\"true\"]"))
        let again = try CommandRunner.run(["train", "--features", "features.csv", "--labels", Fixtures.root + "/masks/labels.csv",
                                           "--model", "tree", "--param", "max_depth=2,3", "--test-fraction", "0",
                                           "--output", "tree2.json", "--jobs", "2"], in: folder.path)
        #expect(again.status == 0)
        #expect(FileManager.default.contents(atPath: folder.path + "/tree.json") == FileManager.default.contents(atPath: folder.path + "/tree2.json"),
                "same model bytes whatever --jobs")
        let filter = try CommandRunner.run(["filter", "--features", "features.csv", "--model", "tree.json", "-o", "-"], in: folder.path)
        #expect(filter.status == 0 && filter.standardOutput.split(separator: "\n").count == 201)
    }

    @Test func anyCatalogueModelTrainsAFilterWithThresholdsOnBothSplits() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try CommandRunner.run(["features", Fixtures.root + "/masks", "-o", folder.path + "/features.csv"])
        let train = try CommandRunner.run(["train", "--features", "features.csv", "--labels", Fixtures.root + "/masks/labels.csv",
                                           "--model", "knn,forest", "--param", "n_neighbors=10,30", "--param", "n_estimators=20",
                                           "--output", "model.json", "--report", "report"], in: folder.path)
        #expect(train.status == 0, "\(train.standardError)")
        let cv = try String(contentsOfFile: folder.path + "/report/cv_results.csv", encoding: .utf8).split(separator: "\n")
        #expect(cv.dropFirst().map { String($0.prefix { $0 != "," }) } == ["knn", "knn", "forest"])
        let thresholds = try String(contentsOfFile: folder.path + "/report/thresholds.csv", encoding: .utf8).split(separator: "\n")
        #expect(thresholds[0].hasPrefix("strategy,split,threshold,tpr,fpr,precision,base_precision,pass_rate,tn,fp,fn,tp,accepted,speedup,"))
        #expect(thresholds.contains { $0.hasPrefix("youden,test,") } && thresholds.contains { $0.hasPrefix("youden,validation,") })
        let filter = try CommandRunner.run(["filter", "--features", "features.csv", "--model", "model.json", "-o", "-"], in: folder.path)
        #expect(filter.status == 0 && filter.standardOutput.split(separator: "\n").count == 201, "\(filter.standardError)")
    }

    @Test func anatomyFeaturesTravelFromTheTableToTheModelAndRefuseOtherColumns() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for set in ["anatomy", "all"] {
            let features = try CommandRunner.run(["features", Fixtures.root + "/masks", "--set", set, "-o", "\(set).csv"], in: folder.path)
            #expect(features.status == 0, "\(features.standardError)")
        }
        let header = try String(contentsOfFile: folder.path + "/all.csv", encoding: .utf8).prefix { $0 != "\n" }
        #expect(header == "file,status,iou,cosine,area_ratio,iou_dilated,cosine_dilated,area_ratio_dilated,foreground_share,components,"
            + "debris_share,hole_share,opposite_sides,height_difference,extent_ratio,solidity,roughness,error")
        #expect(try String(contentsOfFile: folder.path + "/anatomy.csv.json", encoding: .utf8).contains("\"feature_set\" : \"anatomy\""))
        let train = try CommandRunner.run(["train", "--features", "anatomy.csv", "--labels", Fixtures.root + "/masks/labels.csv",
                                           "--model", "logreg", "--param", "C=1", "--output", "anatomy.json"], in: folder.path)
        #expect(train.status == 0, "\(train.standardError)")
        // filter PATH measures the model's set; the same probabilities as from the table.
        let measured = try CommandRunner.run(["filter", Fixtures.root + "/masks", "--model", "anatomy.json", "-o", "-"], in: folder.path)
        let fromTable = try CommandRunner.run(["filter", "--features", "anatomy.csv", "--model", "anatomy.json", "-o", "-"], in: folder.path)
        #expect(measured.status == 0 && measured.standardOutput == fromTable.standardOutput, "\(measured.standardError)")
        let wrong = try CommandRunner.run(["filter", "--features", "all.csv", "--model", "anatomy.json", "-o", "-"], in: folder.path)
        #expect(wrong.status == 64 && wrong.standardError.contains("feature set all vs anatomy"), "\(wrong.standardError)")
        let stated = try CommandRunner.run(["train", "--features", "all.csv", "--labels", Fixtures.root + "/masks/labels.csv",
                                            "--set", "symmetry", "--output", "x.json"], in: folder.path)
        #expect(stated.status == 64 && stated.standardError.contains("holds the all columns"), "\(stated.standardError)")
    }

    @Test func usageErrorsOfTrainAndFilter() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(Array("{\"format\":\"ganfilter-mask-filter\",\"version\":9}".utf8), to: "future.json")
        let cases: [[String]] = [
            ["train", "--features", "f.csv", "--labels", "l.csv", "--output", "m.json", "--param", "gamma=1"],
            ["train", "--features", "f.csv", "--labels", "l.csv", "--output", "m.json", "--param", "C=-1"],
            ["train", "--features", "f.csv", "--labels", "l.csv", "--output", "m.json", "--model", "tree", "--param", "C=1"],
            ["train", "--features", "f.csv", "--labels", "l.csv", "--output", "m.json", "--model", "svm"],
            ["train", "--features", "f.csv", "--labels", "l.csv", "--output", "m.json", "--model", "mlp", "--param", "hidden_layer_sizes=0"],
            ["train", "--features", "f.csv", "--labels", "l.csv", "--output", "m.json", "--strategy", "best"],
            ["filter", "x.png", "--model", "future.json"],
            ["filter", "--model", "future.json"],
            ["filter", "x.png", "--model", "m.json", "--strategy", "youden", "--accept-threshold", "0.5"],
        ]
        for arguments in cases {
            let result = try CommandRunner.run(arguments, in: folder.path)
            #expect(result.status == 64, "\(arguments): \(result.standardError)")
        }
        let future = try CommandRunner.run(["filter", "x.png", "--model", "future.json"], in: folder.path)
        #expect(future.standardError.contains("newer ganfilter"))
        let missing = try CommandRunner.run(["train", "--features", "f.csv", "--labels", "l.csv", "--output", "m.json"],
                                            in: folder.path)
        #expect(missing.status == 2 && missing.standardError.contains("f.csv"))
    }

    @Test func theFeatureSettingsTravelFromTheTableToTheModelAndBack() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let masks = Fixtures.root + "/masks"
        let labels = masks + "/labels.csv"
        for (radius, table) in [(3, "r3.csv"), (5, "r5.csv")] {
            let run = try CommandRunner.run(["features", masks, "--dilation-radius", String(radius), "--threshold", "100", "-o", table],
                                            in: folder.path)
            #expect(run.status == 0 && FileManager.default.fileExists(atPath: folder.path + "/" + table + ".json"))
        }
        let train = try CommandRunner.run(["train", "--features", "r3.csv", "--labels", labels, "-o", "model.json", "--jobs", "2"],
                                          in: folder.path)
        #expect(train.status == 0, "\(train.standardError)")
        let model = try String(contentsOfFile: folder.path + "/model.json", encoding: .utf8)
        #expect(model.contains("\"dilation_radius\" : 3") && model.contains("\"grey_threshold\" : 100"), "\(model.prefix(400))")
        // Measured again from the masks with the model's settings: the same probabilities as from the radius-3 table.
        let fromMasks = try CommandRunner.run(["filter", masks, "--model", "model.json", "-o", "-"], in: folder.path)
        let fromTable = try CommandRunner.run(["filter", "--features", "r3.csv", "--model", "model.json", "-o", "-"], in: folder.path)
        #expect(fromMasks.status == 0 && fromTable.status == 0)
        #expect(fromMasks.standardOutput == fromTable.standardOutput && fromMasks.standardOutput.split(separator: "\n").count == 201)
        let refused = try CommandRunner.run(["filter", "--features", "r5.csv", "--model", "model.json", "-o", "-"], in: folder.path)
        #expect(refused.status == 64 && refused.standardError.contains("dilation radius 5 vs 3"), "\(refused.standardError)")
        // Without a sidecar, train takes its own options and says so.
        try FileManager.default.removeItem(atPath: folder.path + "/r5.csv.json")
        let stated = try CommandRunner.run(["train", "--features", "r5.csv", "--labels", labels, "-o", "m5.json", "--dilation-radius", "5",
                                            "--threshold", "100", "--jobs", "2"], in: folder.path)
        #expect(stated.status == 0 && stated.standardError.contains("no r5.csv.json"), "\(stated.standardError)")
        let contradicted = try CommandRunner.run(["train", "--features", "r3.csv", "--labels", labels, "-o", "m.json",
                                                  "--dilation-radius", "5"], in: folder.path)
        #expect(contradicted.status == 64 && contradicted.standardError.contains("dilation radius 3 vs 5"))
    }
}
