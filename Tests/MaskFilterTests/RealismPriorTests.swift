import Learning
import MaskFeatures
import MaskFilter
import Matrices
import Testing

/// `RealismPrior`: when it applies, and what it searches.
struct RealismPriorTests {
    @Test func appliesBelowAHundredLabelsWithARealismColumn() throws {
        let columns = FeatureSet.all.columns(realism: true)
        let prior = try #require(RealismPrior.forDefaultModels(rows: 50, features: columns))
        #expect(columns[prior.columnIndex] == "realism_scaled_mean5" && RealismPrior.column == ReferenceFilter.Score.standard.column)
        #expect(RealismPrior.forDefaultModels(rows: RealismPrior.maximumRows, features: columns) == nil)
        #expect(RealismPrior.forDefaultModels(rows: 20, features: FeatureSet.all.columns(realism: false)) == nil)
        #expect(prior.note(rows: 50, pool: 0).contains("50 labelled masks") && !prior.note(rows: 50, pool: 0).contains("self-trained"))
        #expect(prior.note(rows: 50, pool: 950).contains("self-trained on the 950 unlabelled masks"))
        #expect(prior.note(rows: 50, pool: 20_000).contains("self-trained on 2000 (drawn by the seed) of the 20000 unlabelled masks"))
    }

    /// One strength of penalty, without and with balanced classes: cross-validation on a few dozen labels does
    /// not choose `C`.
    @Test func searchesAnchoredLogisticRegressionsOfOneStrength() throws {
        let prior = try #require(RealismPrior(features: FeatureSet.symmetry.columns(realism: true)))
        let candidates = prior.candidates
        #expect(candidates.count == ClassWeight.allCases.count)
        #expect(candidates.allSatisfy { RealismPrior.strength == 1 && $0.parameters.hasPrefix("C=1;") })
        #expect(Set(candidates.map(\.parameters)).count == candidates.count)
        #expect(candidates.allSatisfy { $0.kind == "logreg" && $0.scoresAreProbabilities && $0.parameters.hasSuffix(";unpenalized=\(prior.columnIndex)") })
    }

    /// With unlabelled rows, each candidate is self-trained on them; with fewer than one pseudo-label an end, not.
    @Test func selfTrainsOnTheUnlabelledRows() throws {
        let prior = try #require(RealismPrior(features: FeatureSet.symmetry.columns(realism: true)))
        let columns = prior.columnIndex + 1
        let pool = Matrix(rows: SelfTraining.minimumPool, columns: columns)
        let candidates = prior.candidates(unlabelled: pool, seed: 3)
        #expect(candidates.count == prior.candidates.count)
        #expect(zip(candidates, prior.candidates).allSatisfy { $0.kind == SelfTrainedModel.kind && $0.parameters.hasPrefix($1.parameters) })
        let fewer = Matrix(rows: SelfTraining.minimumPool - 1, columns: columns)
        #expect(prior.candidates(unlabelled: fewer, seed: 3).map(\.description) == prior.candidates.map(\.description))
    }

    /// The training options of a prior: its candidates first and preferred, then the challenger, a seeded forest
    /// on the labels alone; thresholds over the expected outcomes only with unlabelled rows.
    @Test func trainsItsCandidatesBeforeAChallenger() throws {
        let prior = try #require(RealismPrior(features: FeatureSet.symmetry.columns(realism: true)))
        let pool = Matrix(rows: SelfTraining.minimumPool, columns: prior.columnIndex + 1)
        let options = TrainingOptions(prior: prior, unlabelled: pool, testFraction: 0, seed: 4)
        let candidates = options.selection.candidates
        #expect(options.selection.preferred == prior.candidates.count && candidates.count == prior.candidates.count + 1)
        #expect(candidates.prefix(options.selection.preferred).allSatisfy { $0.kind == SelfTrainedModel.kind })
        #expect(candidates.last?.description == RealismPrior.challenger(seed: 4).description && candidates.last?.kind == "forest")
        #expect(options.expectedThresholds && options.selection.adaptsFolds)
        let labelsOnly = TrainingOptions(prior: prior, unlabelled: Matrix(rows: 0, columns: prior.columnIndex + 1), testFraction: 0)
        #expect(!labelsOnly.expectedThresholds && labelsOnly.selection.preferred == prior.candidates.count)
    }
}
