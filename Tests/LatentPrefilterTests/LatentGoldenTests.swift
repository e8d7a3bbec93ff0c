import Foundation
import LatentPrefilter
import Learning
import Testing
import TestSupport

/// Cross-validated AUCs on the committed latent sample agree with scikit-learn's
/// (`Tests/Fixtures/make_latent_golden.py`), with the same fixed folds: position within the group mod 3.
struct LatentGoldenTests {
    struct GroupGolden: Decodable {
        let validShare: Double
        let logreg: [String: Double]
        let knn: [String: Double]
        let truncation: Double

        enum CodingKeys: String, CodingKey {
            case validShare = "valid_share", logreg, knn, truncation
        }
    }

    @Test func meanFoldAUCsMatchScikitLearn() throws {
        let data = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/latent.json")))
        let golden = try JSONDecoder().decode([String: GroupGolden].self, from: data)
        let dataset = try LatentDataset.read(Fixtures.root + "/latent/sample_6000.csv.gz").dataset
        #expect(Set(golden.keys) == Set(dataset.groupNames))
        for (group, expected) in golden {
            let members = dataset.groups.indices.filter { dataset.groups[$0] == group }
            let labels = members.map { dataset.valid[$0] }
            let inputs = dataset.latents.selecting(rows: members)
            let folds = (0..<3).map { fold in members.indices.filter { $0 % 3 == fold } }
            #expect(abs(Double(labels.filter { $0 }.count) / Double(labels.count) - expected.validShare) < 1e-12)

            let Cs = ["0.01", "0.1", "1", "10"], ks = ["1", "3", "10", "30"]
            let candidates = Cs.compactMap { Double($0) }.map { ClassifierSpec(StandardisedClassifier(LogisticRegression(C: $0))) }
                + ks.compactMap { Int($0) }.map { ClassifierSpec(StandardisedClassifier(NearestNeighbors(k: $0))) } + [ClassifierSpec(Truncation())]
            let scores = try CrossValidation.evaluate(candidates, data: inputs, labels: labels, folds: folds, jobs: 2)
            let reference = Cs.map { expected.logreg[$0] } + ks.map { expected.knn[$0] } + [expected.truncation]
            for (score, value) in zip(scores, reference) {
                let value = try #require(value)
                // kNN and truncation rank identically; both solvers reach the logistic optimum closely enough that
                // no two rows swap places either.
                #expect(abs(score.meanAUC - value) < 1e-9, "\(group) \(score.spec): \(score.meanAUC) vs scikit-learn \(value)")
            }
        }
    }
}
