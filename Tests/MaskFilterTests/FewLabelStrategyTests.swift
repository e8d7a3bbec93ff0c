import Learning
import MaskFilter
import SeededRandom
import Testing

/// The threshold strategy of a few labels (`TrainingOptions.strategy(requested:rows:)`): chosen by the label count
/// unless asked for, said when it differs from the design's default, and never more permissive than Youden's.
struct FewLabelStrategyTests {
    @Test func theLabelCountChoosesTheDefaultAndARequestWins() {
        let few = TrainingOptions.fewLabels
        #expect(TrainingOptions.strategy(requested: nil, rows: 50) == TrainingOptions.fewLabelsStrategy)
        #expect(TrainingOptions.strategy(requested: nil, rows: few - 1) == TrainingOptions.fewLabelsStrategy)
        #expect(TrainingOptions.strategy(requested: nil, rows: few) == ModelSelection.defaultStrategy)
        #expect(TrainingOptions.strategy(requested: .youden, rows: 20) == .youden)
        #expect(TrainingOptions.strategy(requested: .maxPrecision, rows: 1000) == .maxPrecision)
        #expect(TrainingOptions.fewLabelsStrategy != ModelSelection.defaultStrategy)

        let note = TrainingOptions.strategyNote(requested: nil, rows: 50)
        #expect(note?.contains("50 labelled masks") == true && note?.contains(TrainingOptions.fewLabelsStrategy.description) == true, "\(note ?? "")")
        #expect(TrainingOptions.strategyNote(requested: .youden, rows: 50) == nil)
        #expect(TrainingOptions.strategyNote(requested: nil, rows: few) == nil)
    }

    /// argmax(TPR - b FPR) with b above 1 never lies at a lower threshold than argmax(TPR - FPR): the few-label
    /// strategy keeps at most the masks Youden's keeps, on any ranking.
    @Test func neverAcceptsMoreThanYouden() throws {
        var generator = SeededGenerator(seed: 23)
        for trial in 0..<200 {
            let rows = 10 + generator.integer(below: 90)
            let separation = generator.uniform(0, 3)
            let labels = (0..<rows).map { _ in generator.bernoulli(0.4) }
            // Scores rounded to tenths, so that ties occur.
            let scores = labels.map { ((($0 ? separation : 0) + generator.normal()) * 10).rounded() / 10 }
            let points = RankingCurves.operatingPoints(labels: labels, scores: scores)
            guard let youden = ThresholdStrategy.youden.choose(from: points) else { continue }
            let few = try #require(TrainingOptions.fewLabelsStrategy.choose(from: points))
            #expect(few.threshold >= youden.threshold && few.fpr <= youden.fpr && few.tpr <= youden.tpr, "trial \(trial)")
        }
    }
}
