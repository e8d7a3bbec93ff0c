import BatchRunning
import FileIO
import Foundation
import LatentPrefilter
import Learning
import MaskFeatures
import MaskFilter
import MaskImage
import Reports
import Synthesis
import TestSupport
import Testing

/// The table writers: one `thresholds.csv` schema for both filters, and the files of each training report.
struct ReportTableWriterTests {
    static let dataset = LatentSynthesis(dimensions: 16, seed: 2, groups: [
        LatentGroup(name: "a", validShare: 0.2), LatentGroup(name: "b/c", validShare: 0.1),
    ]).dataset(records: 1600)

    /// The shipped masks, measured, with their labels.
    static func maskSet() throws -> TrainingSet {
        let inputs = InputDiscovery.listInputs([Fixtures.root + "/masks"], recursive: false).files.map(MaskInput.init)
        let rows = FeatureExtraction.rows(for: inputs, settings: FeatureSettings(), jobs: 2)
        return try TrainingSet(features: rows, labels: LabelTable(contentsOf: Fixtures.root + "/masks/labels.csv"))
    }

    @Test func latentTablesHaveTheSchemasColumns() throws {
        let options = LatentTrainingOptions(candidates: try ParameterGrid(named: ["logreg", "truncation"], domain: .latents).candidates(seed: 0),
                                            replicates: 300, jobs: 2)
        let trainings = try ["a", "b/c"].map { try LatentTraining.train(Self.dataset, group: $0, options: options, screenSeconds: { _, _ in 2e-6 }) }
        let table = LatentTrainingReport.thresholds(trainings).split(separator: "\n")
        #expect(table[0] == "group,target,strategy,split,threshold,tpr,fpr,precision,base_precision,pass_rate,tn,fp,fn,tp,accepted,speedup,speedup_low,speedup_high,precision_low,precision_high,"
            + "bad_per_good,bad_per_good_low,bad_per_good_high")
        #expect(table.count == 1 + 2 * 2 * ThresholdStrategy.defaults.count)
        #expect(table.contains { $0.hasPrefix("b/c,valid,\"weighted") } == false, "default strategies have plain names")
        #expect(ReportSchema.Latent.roc(group: "b/c", target: "valid") == "roc_b%2Fc_valid.csv")
        let comparison = LatentTrainingReport.modelComparison(trainings).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(comparison.contains { $0.hasPrefix("a,valid,truncation,score=-norm,") && $0.hasSuffix(",") },
                "truncation scores are not probabilities: no precision at 0.5")
        let all = try AllScoresComparison(Self.dataset, direct: trainings[0], options: options, screenSeconds: { _, _ in 2e-6 })
        let csv = AllScoresTable.csv([all]).split(separator: "\n")
        #expect(csv.count == 7 && csv[0].hasPrefix("group,predictor,split,tpr,"))
    }

    @Test func maskReportWritesThresholdsInTheLatentColumns() throws {
        let set = try Self.maskSet()
        var grid = try ParameterGrid(named: ["both"], domain: .masks)
        try grid.replacing("max_depth", with: ["2", "3"])
        let result = try MaskFilterTraining.train(set, options: try TrainingOptions(grid: grid, folds: 4, testFraction: 0.2, seed: 1, jobs: 2,
                                                                                replicates: 200),
                                                  featureSettings: FeatureTableSettings(FeatureSettings(), toolVersion: "test"), toolVersion: "test")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try MaskTrainingReport.write(result, set: set, to: folder.path + "/report")
        let roc = try String(contentsOfFile: folder.path + "/report/roc.csv", encoding: .utf8).split(separator: "\n")
        #expect(roc[0] == "threshold,fpr,tpr" && roc[1] == "inf,0.0,0.0")
        let cv = try String(contentsOfFile: folder.path + "/report/cv_results.csv", encoding: .utf8).split(separator: "\n")
        #expect(cv.count == result.selection.candidates.count + 1)

        let thresholds = try String(contentsOfFile: folder.path + "/report/thresholds.csv", encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(thresholds[0] == ThresholdTable.columns.map(\.rawValue), "the latent file's columns without group and target")
        #expect(thresholds.count == 1 + 2 * ThresholdStrategy.defaults.count)
        #expect(Set(thresholds.dropFirst().map { $0[1] }) == ["validation", "test"])
        // The model's threshold and the test row's counts agree with a direct count on the test split.
        let youdenTest = try #require(thresholds.first { $0[0] == "youden" && $0[1] == "test" })
        let threshold = try #require(Double(youdenTest[2]))
        #expect(threshold == result.model.thresholds.first { $0.strategy == .youden }?.threshold)
        let accepted = zip(result.selection.testScores, result.selection.testLabels).filter { $0.0 >= threshold }
        let column = { (name: ThresholdTable.Column) in thresholds[0].firstIndex(of: name.rawValue) ?? 0 }
        #expect(Int(youdenTest[column(.tp)]) == accepted.filter { $0.1 }.count && Int(youdenTest[column(.fp)]) == accepted.filter { !$0.1 }.count)
        #expect(Int(youdenTest[column(.accepted)]) == accepted.count)
        let low = try #require(Double(youdenTest[column(.precisionLow)])), high = try #require(Double(youdenTest[column(.precisionHigh)]))
        let value = try #require(Double(youdenTest[column(.precision)]))
        #expect(low <= value && value <= high, "the precision lies in its interval")
    }
}
