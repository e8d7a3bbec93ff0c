import Foundation
import LatentPrefilter
import Learning
import SeededRandom
import Testing

struct LatentTrainingTests {
    static let dataset = LatentSynthesis(dimensions: 16, seed: 2, groups: [
        LatentGroup(name: "a", validShare: 0.2), LatentGroup(name: "b/c", validShare: 0.1),
    ]).dataset(records: 1600)

    @Test func trainsEveryGroupWithThresholdsOnBothSplits() throws {
        let options = LatentTrainingOptions(candidates: try LatentTrainingOptions.candidates(named: ["logreg", "truncation"]),
                                            replicates: 300, jobs: 2)
        for group in ["a", "b/c"] {
            let training = try LatentTraining.train(Self.dataset, group: group, options: options)
            #expect(training.candidates.count == 5)
            #expect(training.chosen.spec.kind == "logreg", "the dependence is linear: logistic regression wins")
            #expect(training.chosen.meanAUC > 0.6)
            #expect(training.test.labels.count == 80 && training.validationLabels.count == 720)
            #expect(training.thresholds.map(\.strategy) == ThresholdStrategy.defaults.map(\.description))
            #expect(training.rows.count == 2 * ThresholdStrategy.defaults.count)
            let youden = try #require(training.rows.first { $0.strategy == "youden" && $0.split == "validation" })
            let speedup = try #require(youden.evaluation.speedup.value)
            #expect(speedup > 1, "screening at the Youden threshold raises precision")
        }
        let trainings = try ["a", "b/c"].map { try LatentTraining.train(Self.dataset, group: $0, options: options) }
        let table = LatentTrainingReport.thresholds(trainings).split(separator: "\n")
        #expect(table[0] == "group,target,strategy,split,threshold,tpr,fpr,precision,base_precision,pass_rate,tn,fp,fn,tp,speedup,speedup_low,speedup_high,precision_low,precision_high")
        #expect(table.count == 1 + 2 * 2 * ThresholdStrategy.defaults.count)
        #expect(table.contains { $0.hasPrefix("b/c,valid,\"weighted") } == false, "default strategies have plain names")
        #expect(ReportFileName.name("roc", group: "b/c", target: "valid") == "roc_b%2Fc_valid.csv")
        let comparison = LatentTrainingReport.modelComparison(trainings).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(comparison.contains { $0.hasPrefix("a,valid,truncation,score=-norm,") && $0.hasSuffix(",") },
                "truncation scores are not probabilities: no precision at 0.5")
    }

    @Test func allScoresComparisonUsesTheDirectModelsRows() throws {
        let options = LatentTrainingOptions(candidates: try LatentTrainingOptions.candidates(named: ["logreg"]), replicates: 200, jobs: 2)
        let direct = try LatentTraining.train(Self.dataset, group: "a", options: options)
        let comparison = try AllScoresComparison(Self.dataset, direct: direct, options: options)
        #expect(comparison.rows.map(\.predictor) == ["direct youden", "direct youden", "direct target-tpr=0.95", "direct target-tpr=0.95",
                                                     "all five scores at target-tpr=0.95", "all five scores at target-tpr=0.95"])
        for row in comparison.rows {
            #expect(row.evaluation.confusion.total == (row.split == "test" ? direct.test.labels.count : direct.validationLabels.count))
            #expect(row.evaluation.confusion.positives == (row.split == "test" ? direct.test.labels : direct.validationLabels).filter { $0 }.count)
        }
        let csv = AllScoresComparison.csv([comparison]).split(separator: "\n")
        #expect(csv.count == 7 && csv[0].hasPrefix("group,predictor,split,tpr,"))
    }

    @Test func scoreTargetsAndAddNorm() throws {
        let labels = try #require(Self.dataset.labels("score_abnormal"))
        #expect(labels == (0..<Self.dataset.count).map { Self.dataset.scores[$0, 1] > 0 })
        #expect(Self.dataset.labels("nope") == nil)
        let inputs = LatentTraining.inputs(Self.dataset, rows: [0, 1], addNorm: true)
        #expect(inputs.columns == 17)
        let z = Self.dataset.latents.row(1)
        #expect(abs(inputs[1, 16] - z.reduce(0) { $0 + $1 * $1 }) < 1e-12)
        #expect(throws: LearningError.self) {
            try LatentTrainingOptions.candidates(named: ["logreg", "svm"])
        }
        let all = try LatentTrainingOptions.candidates(named: ["all"])
        #expect(Set(all.map(\.kind)) == ["logreg", "knn", "tree", "forest", "mlp", "truncation"])
        #expect(all.count == 4 + 4 + 4 + 2 + 1 + 3 + 1)
    }

    @Test func splitBootstrapAgreesWithResamplingRows() throws {
        var random = SeededGenerator(seed: 8)
        let labels = (0..<600).map { _ in random.bernoulli(0.1) }
        let scores = labels.map { ($0 ? 0.7 : 0.0) + random.uniform() }
        let evaluation = SplitEvaluation(labels: labels, scores: scores, threshold: 0.8, replicates: 2000, seed: 1)
        // The same bootstrap done the plain way: resample rows, recount.
        var ratios: [Double] = []
        for _ in 0..<2000 {
            var tp = 0, accepted = 0, positives = 0
            for _ in 0..<labels.count {
                let row = random.integer(below: labels.count)
                if labels[row] { positives += 1 }
                if scores[row] >= 0.8 {
                    accepted += 1
                    if labels[row] { tp += 1 }
                }
            }
            if accepted > 0 && positives > 0 {
                ratios.append((Double(tp) / Double(accepted)) / (Double(positives) / Double(labels.count)))
            }
        }
        ratios.sort()
        let low = ratios[Int(0.025 * Double(ratios.count))]
        let high = ratios[Int(0.975 * Double(ratios.count))]
        let mine = try #require(evaluation.speedup.low)
        let mineHigh = try #require(evaluation.speedup.high)
        #expect(abs(mine - low) < 0.15 * (high - low) && abs(mineHigh - high) < 0.15 * (high - low),
                "multinomial \(mine)-\(mineHigh) vs rows \(low)-\(high)")
        let none = SplitEvaluation(labels: labels, scores: scores, threshold: nil, replicates: 100)
        #expect(none.confusion.accepted == 0 && none.precision.value == nil && none.speedup.value == nil)
    }
}
