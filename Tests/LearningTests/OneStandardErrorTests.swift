@testable import Learning
import Testing

/// `CrossValidation.best(_:by:preferring:)`: a prior's candidates win unless another beats the best of them by
/// more than the standard error of the difference of their means.
struct OneStandardErrorTests {
    private func score(_ name: Double, _ folds: [Double]) -> CandidateScore {
        CandidateScore(spec: ClassifierSpec(GaussianNaiveBayes(varSmoothing: name)), foldAUC: folds, foldAveragePrecision: folds,
                       outOfFold: [], foldConfusion: [])
    }

    @Test func aPriorIsOverturnedOnlyByMoreThanAStandardError() throws {
        let prior = score(1, [0.8, 0.8, 0.8, 0.8, 0.8])
        let weakerPrior = score(2, [0.7, 0.7, 0.7, 0.7, 0.7])
        // Mean 0.84, population sd 0.097, standard error 0.043 (the prior's 0): 0.04 better is within the noise.
        let noisy = score(3, [0.9, 0.7, 0.95, 0.75, 0.9])
        let error = try #require(noisy.standardError(of: .rocAUC))
        #expect(abs(error - (0.0094 as Double).squareRoot() / (5 as Double).squareRoot()) < 1e-12)
        #expect(prior.standardError(of: .rocAUC) == 0)
        let chosen = CrossValidation.best([weakerPrior, prior, noisy], by: .rocAUC, preferring: 2)
        #expect(chosen?.spec.parameters == prior.spec.parameters)
        // Without a preference the best mean wins.
        #expect(CrossValidation.best([weakerPrior, prior, noisy], by: .rocAUC, preferring: 0)?.spec.parameters == noisy.spec.parameters)
        // A clear winner (mean 0.95, standard error 0.0063) overturns the prior.
        let clear = score(4, [0.95, 0.93, 0.96, 0.94, 0.97])
        #expect(CrossValidation.best([weakerPrior, prior, clear], by: .rocAUC, preferring: 2)?.spec.parameters == clear.spec.parameters)
        // The prior's own noise counts too: against a prior of mean 0.8 and standard error 0.04, a steady challenger
        // (standard error 0) 0.035 better is within the noise, 0.05 better is not.
        let noisyPrior = score(6, [0.9, 0.7, 0.9, 0.7, 0.8])
        let steady = score(7, [0.835, 0.835, 0.835, 0.835, 0.835]), better = score(8, [0.85, 0.85, 0.85, 0.85, 0.85])
        #expect(CrossValidation.best([noisyPrior, steady], by: .rocAUC, preferring: 1)?.spec.parameters == noisyPrior.spec.parameters)
        #expect(CrossValidation.best([noisyPrior, better], by: .rocAUC, preferring: 1)?.spec.parameters == better.spec.parameters)
        // All preferred: the prior's best; a prior that no fold scores gives way to the best of the rest.
        #expect(CrossValidation.best([prior, clear], by: .rocAUC, preferring: 2)?.spec.parameters == clear.spec.parameters)
        #expect(CrossValidation.best([prior, clear], by: .rocAUC, preferring: 5)?.spec.parameters == clear.spec.parameters)
        let unscored = score(5, [.nan, .nan])
        #expect(CrossValidation.best([unscored, noisy], by: .rocAUC, preferring: 1)?.spec.parameters == noisy.spec.parameters)
        #expect(CrossValidation.best([], by: .rocAUC, preferring: 1) == nil)
    }
}
