import Foundation
import Learning
import MaskFeatures
import MaskFilter
import SymmetryFeatures
import Testing

/// The labelled and label-free filters side by side, and each feature's separation, against direct counts.
struct FilterComparisonTests {
    /// ROC AUC by counting pairs: the share of (good, bad) pairs where the good one scores higher, ties half.
    static func pairAUC(labels: [Bool], scores: [Double]) -> Double {
        var wins = 0.0, pairs = 0.0
        for (goodLabel, good) in zip(labels, scores) where goodLabel {
            for (badLabel, bad) in zip(labels, scores) where !badLabel {
                pairs += 1
                wins += good > bad ? 1 : (good == bad ? 0.5 : 0)
            }
        }
        return wins / pairs
    }

    @Test func bothFiltersAreCountedOnTheSameHeldOutMasks() throws {
        let set = try TrainingAndModelFileTests.shippedSet()
        let options = try TrainingOptions(grid: try ParameterGrid(named: ["logreg"], domain: .masks), folds: 4, testFraction: 0.2, seed: 3, jobs: 1)
        let result = try MaskFilterTraining.train(set, options: options, featureSettings: FeatureTableSettings(FeatureSettings(), toolVersion: "t"),
                                                  toolVersion: "t")
        // A label-free stand-in: accept when the first feature is at least its median; one test mask left undecided,
        // one empty (no score, rejected).
        let column = (0..<set.data.rows).map { set.data[$0, 0] }
        let median = column.sorted()[column.count / 2]
        let index = Dictionary(uniqueKeysWithValues: set.files.enumerated().map { ($1, $0) })
        var decisions = set.files.map { file in
            let value = column[index[file] ?? 0]
            return FilterDecision(file: file, decision: value >= median ? .accept : .reject, probability: value, reason: "")
        }
        let undecided = result.testFiles[0], empty = result.testFiles[1]
        decisions = decisions.filter { $0.file != undecided }.map {
            $0.file == empty ? FilterDecision(file: empty, decision: .reject, probability: nil, reason: "empty") : $0
        }
        let comparison = FilterComparison(training: result, labelled: "labelled", referenceDecisions: decisions, labelFree: "free")
        #expect(comparison.undecided == [undecided])
        #expect(comparison.rows.map(\.filter) == ["labelled", "free"])

        let labels = result.selection.testLabels, scores = result.selection.testScores
        let threshold = try #require(result.selection.threshold)
        let labelled = comparison.rows[0]
        #expect(labelled.counts.total == labels.count)
        #expect(labelled.counts.truePositives == zip(labels, scores).filter { $0 && $1 >= threshold }.count)
        #expect(labelled.counts.falsePositives == zip(labels, scores).filter { !$0 && $1 >= threshold }.count)
        #expect(abs((labelled.rocAUC ?? -1) - Self.pairAUC(labels: labels, scores: scores)) <= 1e-12)
        #expect(labelled.badShare.badPerGoodBefore == Double(labels.filter { !$0 }.count) / Double(labels.filter { $0 }.count))

        var freeLabels: [Bool] = [], freeScores: [Double] = [], accepted: [Bool] = []
        for (file, label) in zip(result.testFiles, labels) where file != undecided {
            freeLabels.append(label)
            freeScores.append(file == empty ? -.infinity : column[index[file] ?? 0])
            accepted.append(file != empty && column[index[file] ?? 0] >= median)
        }
        let free = comparison.rows[1]
        #expect(free.counts.total == labels.count - 1)
        #expect(free.counts.truePositives == zip(freeLabels, accepted).filter { $0 && $1 }.count)
        #expect(free.counts.falsePositives == zip(freeLabels, accepted).filter { !$0 && $1 }.count)
        #expect(abs((free.rocAUC ?? -1) - Self.pairAUC(labels: freeLabels, scores: freeScores)) <= 1e-12)
        #expect(free.badShare.badPerGoodAfter == Double(free.counts.falsePositives) / Double(free.counts.truePositives))
        // Each filter's threshold: the model's own, and the lowest score the label-free one accepted of all its decisions.
        #expect(labelled.threshold == threshold)
        let acceptedScores = decisions.filter { $0.decision == .accept }.compactMap(\.probability)
        #expect(free.threshold == acceptedScores.min() && acceptedScores.allSatisfy { $0 >= median } && (free.threshold ?? 0) >= median)
        let none = decisions.map { FilterDecision(file: $0.file, decision: .reject, probability: $0.probability, reason: "") }
        #expect(FilterComparison(training: result, labelled: "labelled", referenceDecisions: none, labelFree: "free").rows[1].threshold == nil)
    }

    @Test func featureSeparationIsEachColumnsAUCStrongestFirst() throws {
        let set = try TrainingAndModelFileTests.shippedSet()
        let names = SymmetryFeatures.names
        let separation = FeatureSeparation(set, features: names)
        #expect(Set(separation.entries.map(\.feature)) == Set(names))
        for entry in separation.entries {
            let column = try #require(names.firstIndex(of: entry.feature))
            let direct = Self.pairAUC(labels: set.labels, scores: (0..<set.data.rows).map { set.data[$0, column] })
            #expect(abs((entry.rocAUC ?? -1) - direct) <= 1e-12, "\(entry.feature)")
            #expect(entry.strength == max(direct, 1 - direct) || abs(entry.strength - max(direct, 1 - direct)) <= 1e-12)
        }
        #expect(separation.entries.map(\.strength) == separation.entries.map(\.strength).sorted(by: >))
    }
}
