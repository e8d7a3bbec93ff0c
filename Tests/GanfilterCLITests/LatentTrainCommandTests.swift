import Foundation
import LatentPrefilter
import Testing
import TestSupport

struct LatentTrainCommandTests {
    @Test func synthAnalyzeTrainEndToEnd() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let synth = try CommandRunner.run(["synth", "latent", "--records", "1800", "--dimensions", "16", "--output", "latent.csv"],
                                          in: folder.path)
        #expect(synth.status == 0, "\(synth.standardError)")
        let analyze = try CommandRunner.run(["latent", "analyze", "--data", "latent.csv", "--report", "analysis"], in: folder.path)
        #expect(analyze.status == 0)
        #expect(analyze.standardOutput.contains("valid share per group"))
        for file in ["score_statistics.csv", "correlations.csv", "valid_share.csv", "issues.csv"] {
            #expect(FileManager.default.fileExists(atPath: folder.path + "/analysis/" + file))
        }
        let train = try CommandRunner.run(["latent", "train", "--data", "latent.csv", "--groups", "18_24m,18_24f",
                                           "--output", "prefilter.json", "--report", "report", "--jobs", "2"], in: folder.path)
        #expect(train.status == 0, "\(train.standardError)")
        #expect(train.standardOutput.contains("18_24f    logreg"))
        let thresholds = try String(contentsOfFile: folder.path + "/report/thresholds.csv", encoding: .utf8)
        #expect(thresholds.split(separator: "\n").count == 1 + 2 * 7 * 2)
        #expect(FileManager.default.fileExists(atPath: folder.path + "/report/roc_18_24m_valid.csv"))
        let model = try String(contentsOfFile: folder.path + "/prefilter.json", encoding: .utf8)
        #expect(model.contains("\"format\" : \"ganfilter-latent-prefilter\""))
        let timings = try String(contentsOfFile: folder.path + "/report/timings.json", encoding: .utf8)
        #expect(timings.contains("\"screen_seconds_per_vector\""))
        let costed = try CommandRunner.run(["latent", "train", "--data", "latent.csv", "--groups", "18_24m", "--output", "c.json",
                                            "--report", "costed", "--generation-seconds", "2", "--screen-seconds", "0.001"], in: folder.path)
        #expect(costed.status == 0)
        let costedThresholds = try String(contentsOfFile: folder.path + "/costed/thresholds.csv", encoding: .utf8)
        #expect(costedThresholds.hasPrefix("group,target,strategy,split,threshold,tpr,fpr,precision,base_precision,pass_rate,"
            + "tn,fp,fn,tp,accepted,speedup,speedup_low,speedup_high,precision_low,precision_high,bad_per_good,bad_per_good_low,bad_per_good_high,"
            + "speedup_with_cost,speedup_with_cost_low,"
            + "speedup_with_cost_high\n"))
        let all = try CommandRunner.run(["latent", "train", "--data", "latent.csv", "--groups", "18_24m", "--target", "all",
                                         "--output", "all.json", "--report", "all"], in: folder.path)
        #expect(all.status == 0, "\(all.standardError)")
        #expect(all.standardOutput.contains("all five scores at target-tpr=0.95"))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/all/all_scores.csv"))

        // A broken row is listed and left out; the status says so.
        var text = try String(contentsOfFile: folder.path + "/latent.csv", encoding: .utf8)
        text += "18_24m,1,0.1\n"
        try text.write(toFile: folder.path + "/broken.csv", atomically: true, encoding: .utf8)
        let broken = try CommandRunner.run(["latent", "analyze", "--data", "broken.csv"], in: folder.path)
        #expect(broken.status == 1 && broken.standardError.contains("broken.csv:1802:"))
    }

    @Test func aGroupThatCannotBeTrainedDoesNotStopTheOthers() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try CommandRunner.run(["synth", "latent", "--records", "1200", "--dimensions", "4", "--output", "latent.csv"], in: folder.path)
        var text = try String(contentsOfFile: folder.path + "/latent.csv", encoding: .utf8)
        text += "lonely,1,0.1,0.2,0.3,0.4,0.5,0.1,0.2,0.3,0.4\nlonely,0,-0.1,0.2,0.3,0.4,0.5,0.1,0.2,0.3,0.4\n"
        try text.write(toFile: folder.path + "/latent.csv", atomically: true, encoding: .utf8)
        let train = try CommandRunner.run(["latent", "train", "--data", "latent.csv", "--groups", "18_24m,lonely",
                                           "--param", "C=0.1,1", "--output", "prefilter.json"], in: folder.path)
        #expect(train.status == 1)
        #expect(train.standardError.contains("group lonely skipped"))
        #expect(train.standardOutput.contains("18_24m    logreg"))
        let model = try PrefilterModel.load(folder.path + "/prefilter.json")
        #expect(model.groups.map(\.group) == ["18_24m"])
        #expect(model.groups[0].classifier.parameters.hasPrefix("C=0.1;") || model.groups[0].classifier.parameters.hasPrefix("C=1;"),
                "--param replaces the C axis")
    }

    @Test func usageErrors() throws {
        for arguments in [["latent", "train", "--data", "x.csv", "--output", "m.json", "--models", "svm"],
                          ["latent", "train", "--data", "x.csv", "--output", "m.json", "--strategy", "fast"],
                          ["latent", "train", "--data", "x.csv", "--output", "m.json", "--param", "max_depth=3"],
                          ["latent", "train", "--data", "x.csv", "--output", "m.json", "--models", "mlp", "--param", "alpha=-1"],
                          ["synth", "latent", "--records", "3", "--output", "x.csv"]] {
            #expect(try CommandRunner.run(arguments).status == 64, "\(arguments)")
        }
    }
}
