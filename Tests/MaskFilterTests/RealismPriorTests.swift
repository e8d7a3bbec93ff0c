import Learning
import MaskFeatures
import MaskFilter
import Testing

/// `RealismPrior`: when it applies, and what it searches.
struct RealismPriorTests {
    @Test func appliesBelowAHundredLabelsWithARealismColumn() throws {
        let columns = FeatureSet.all.columns(realism: true)
        let prior = try #require(RealismPrior.forDefaultModels(rows: 50, features: columns))
        #expect(columns[prior.columnIndex] == "realism_dice")
        #expect(RealismPrior.forDefaultModels(rows: RealismPrior.maximumRows, features: columns) == nil)
        #expect(RealismPrior.forDefaultModels(rows: 20, features: FeatureSet.all.columns(realism: false)) == nil)
        #expect(prior.note(rows: 50).contains("50 labelled masks"))
    }

    @Test func searchesAnchoredLogisticRegressionsOverC() throws {
        let prior = try #require(RealismPrior(features: FeatureSet.symmetry.columns(realism: true)))
        let candidates = prior.candidates
        #expect(candidates.count == ParameterGrid.logC.count * ClassWeight.allCases.count)
        #expect(candidates.allSatisfy { $0.kind == "logreg" && $0.scoresAreProbabilities && $0.parameters.hasSuffix(";unpenalized=\(prior.columnIndex)") })
    }
}
