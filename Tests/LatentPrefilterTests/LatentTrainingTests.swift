import Foundation
import LatentPrefilter
import Learning
import SeededRandom
import Synthesis
import Testing

struct LatentTrainingTests {
    static let dataset = LatentSynthesis(dimensions: 16, seed: 2, groups: [
        LatentGroup(name: "a", validShare: 0.2), LatentGroup(name: "b/c", validShare: 0.1),
    ]).dataset(records: 1600)

    @Test func trainsEveryGroupWithThresholdsOnBothSplits() throws {
        let options = LatentTrainingOptions(candidates: try ParameterGrid(named: ["logreg", "truncation"], domain: .latents).candidates(seed: 0),
                                            replicates: 300, jobs: 2)
        for group in ["a", "b/c"] {
            let training = try LatentTraining.train(Self.dataset, group: group, options: options, screenSeconds: { _, _ in 2e-6 })
            #expect(training.selection.candidates.count == 5)
            #expect(training.selection.chosen.spec.kind == "logreg", "the dependence is linear: logistic regression wins")
            #expect(training.selection.chosen.meanAUC > 0.6)
            #expect(training.selection.testLabels.count == 80 && training.selection.validationLabels.count == 720)
            #expect(training.selection.thresholds.map(\.strategy) == ThresholdStrategy.defaults)
            #expect(training.rows.count == 2 * ThresholdStrategy.defaults.count)
            let youden = try #require(training.rows.first { $0.strategy == .youden && $0.split == "validation" })
            let speedup = try #require(youden.evaluation.speedup.value)
            #expect(speedup > 1, "screening at the Youden threshold raises precision")
        }
    }

    @Test func aRunTrainsItsGroupsWithTheTimesItIsGiven() throws {
        let options = LatentTrainingOptions(candidates: try ParameterGrid(named: ["logreg"], domain: .latents).candidates(seed: 0),
                                            replicates: 100, generationSeconds: 0.5, jobs: 2)
        #expect(throws: LatentTrainingRun.Problem.unknownGroup("z", available: ["a", "b/c"])) {
            try LatentTrainingRun(dataset: Self.dataset, groups: ["a", "z"], options: options)
        }
        var other = options
        other.target = "passed"
        #expect(throws: LatentTrainingRun.Problem.self) { try LatentTrainingRun(dataset: Self.dataset, groups: nil, options: other) }

        var clock = 0.0
        var events: [String] = []
        let run = try LatentTrainingRun(dataset: Self.dataset, groups: ["b/c"], options: options)
        let outcome = run.run(screenSeconds: { _, _ in 3e-6 }, seconds: { clock += 1; return clock }) { event in
            if case .trained(let training, let seconds) = event { events.append("\(training.group) \(seconds)") }
        }
        #expect(events == ["b/c 1.0"] && outcome.trainSeconds == [1] && outcome.failures == 0)
        let training = try #require(outcome.trainings.first)
        #expect(training.screenSecondsPerVector == 3e-6, "the measured cost comes in, not from a clock inside training")
        #expect(training.rows.allSatisfy { $0.evaluation.speedupWithCost != nil })
        let again = run.run(screenSeconds: { _, _ in 3e-6 }, seconds: { 0 })
        #expect(again.trainings[0].rows.map(\.evaluation.speedupWithCost) == training.rows.map(\.evaluation.speedupWithCost),
                "the same times give the same numbers")
    }

    @Test func allScoresComparisonUsesTheDirectModelsRows() throws {
        let options = LatentTrainingOptions(candidates: try ParameterGrid(named: ["logreg"], domain: .latents).candidates(seed: 0), replicates: 200, jobs: 2)
        let direct = try LatentTraining.train(Self.dataset, group: "a", options: options, screenSeconds: { _, _ in 2e-6 })
        let comparison = try AllScoresComparison(Self.dataset, direct: direct, options: options, screenSeconds: { _, _ in 2e-6 })
        #expect(comparison.rows.map(\.predictor) == ["direct youden", "direct youden", "direct target-tpr=0.95", "direct target-tpr=0.95",
                                                     "all five scores at target-tpr=0.95", "all five scores at target-tpr=0.95"])
        for row in comparison.rows {
            #expect(row.evaluation.confusion.total == (row.split == "test" ? direct.selection.testLabels.count : direct.selection.validationLabels.count))
            #expect(row.evaluation.confusion.positives == (row.split == "test" ? direct.selection.testLabels : direct.selection.validationLabels).filter { $0 }.count)
        }
    }

    @Test func scoreTargetsAndAddNorm() throws {
        let labels = try #require(Self.dataset.labels("score_abnormal"))
        #expect(labels == (0..<Self.dataset.count).map { Self.dataset.scores[$0, 1] > 0 })
        #expect(Self.dataset.labels("nope") == nil)
        let inputs = LatentTraining.inputs(Self.dataset, rows: [0, 1], addNorm: true)
        #expect(inputs.columns == 17)
        let z = Self.dataset.latents.row(1)
        #expect(abs(inputs[1, 16] - z.reduce(0) { $0 + $1 * $1 }) < 1e-12)
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
