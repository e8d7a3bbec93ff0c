import Foundation
import Learning
import MaskFeatures
import MaskFilter
import Matrices
import SeededRandom
import Testing
import TestSupport

/// `RealismPrior`: when it applies, what the labels say of it, and what it searches.
struct RealismPriorTests {
    @Test func appliesBelowAThousandLabelsWithARealismColumn() throws {
        let columns = FeatureSet.all.columns(realism: true)
        let prior = try #require(RealismPrior.forDefaultModels(rows: 50, features: columns))
        #expect(columns[prior.columnIndex] == "realism_scaled_mean5" && RealismPrior.column == RealismPrior.score.column)
        #expect(RealismPrior.maximumRows == 1000 && RealismPrior.forDefaultModels(rows: 999, features: columns) != nil)
        #expect(RealismPrior.forDefaultModels(rows: RealismPrior.maximumRows, features: columns) == nil)
        #expect(RealismPrior.forDefaultModels(rows: 20, features: FeatureSet.all.columns(realism: false)) == nil)
        #expect(prior.note(rows: 50, pool: 0).contains("50 labelled masks") && !prior.note(rows: 50, pool: 0).contains("self-trained"))
        #expect(prior.note(rows: 50, pool: 950).contains("self-trained on the 950 unlabelled masks"))
        #expect(prior.note(rows: 50, pool: 20_000).contains("self-trained on 2000 (drawn by the seed) of the 20000 unlabelled masks"))
    }

    /// The few-label models hold past the hundred labels of the test split and threshold strategy only where a
    /// label-free score anchors them; without one the trees alone give way to the usual grid at a hundred.
    @Test func theFewLabelModelsReachFurtherWithALabelFreeScore() {
        let with = FeatureSet.all.columns(realism: true), without = FeatureSet.all.columns(realism: false)
        #expect(RealismPrior.isFewLabels(500, features: with) && RealismPrior.isFewLabels(RealismPrior.maximumRows - 1, features: with))
        #expect(!RealismPrior.isFewLabels(RealismPrior.maximumRows, features: with))
        #expect(TrainingOptions.fewLabels == 100 && RealismPrior.maximumRowsWithoutScore == TrainingOptions.fewLabels)
        #expect(RealismPrior.isFewLabels(99, features: without) && !RealismPrior.isFewLabels(100, features: without))
        #expect(RealismPrior.noteWithoutScore(rows: 60).contains("fewer than 100"))
        // The test split and the threshold strategy change at a hundred, whatever the models.
        #expect(TrainingOptions.testFraction(requested: nil, rows: 500) == TrainingOptions.defaultTestFraction)
        #expect(TrainingOptions.strategy(requested: nil, rows: 500) == ModelSelection.defaultStrategy)
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
    /// Either way each votes with the challenger.
    @Test func selfTrainsOnTheUnlabelledRowsAndVotesWithTheChallenger() throws {
        let prior = try #require(RealismPrior(features: FeatureSet.symmetry.columns(realism: true)))
        let columns = prior.columnIndex + 1
        let pool = Matrix(rows: SelfTraining.minimumPool, columns: columns)
        let challenger = RealismPrior.challenger(seed: 3).description
        let candidates = prior.candidates(unlabelled: pool, seed: 3)
        #expect(candidates.count == prior.candidates.count && candidates.allSatisfy { $0.kind == SoftVotingModel.kind })
        #expect(zip(candidates, prior.candidates).allSatisfy {
            $0.parameters.hasPrefix("\(SelfTrainedModel.kind)(\($1.parameters);") && $0.parameters.hasSuffix("|" + challenger)
        }, "\(candidates)")
        let fewer = Matrix(rows: SelfTraining.minimumPool - 1, columns: columns)
        #expect(prior.candidates(unlabelled: fewer, seed: 3).map(\.parameters) == prior.candidates.map { "\($0)|\(challenger)" })
    }

    /// The training options of a prior: its candidates first and preferred, then the challenger, seeded extremely
    /// randomised trees on the labels alone; folds dealt `fewLabelsRepeats` times; thresholds over the expected
    /// outcomes only with unlabelled rows.
    @Test func trainsItsCandidatesBeforeAChallenger() throws {
        let prior = try #require(RealismPrior(features: FeatureSet.symmetry.columns(realism: true)))
        let pool = Matrix(rows: SelfTraining.minimumPool, columns: prior.columnIndex + 1)
        let options = TrainingOptions(prior: prior, unlabelled: pool, testFraction: 0, seed: 4)
        let candidates = options.selection.candidates
        #expect(options.selection.preferred == prior.candidates.count && candidates.count == prior.candidates.count + 1)
        #expect(candidates.prefix(options.selection.preferred).allSatisfy { $0.kind == SoftVotingModel.kind })
        #expect(candidates.last?.description == RealismPrior.challenger(seed: 4).description && candidates.last?.kind == "forest")
        // The challenger learns from the labels alone, a few dozen: every tree sees every label, and every node
        // tries every feature with a threshold drawn at random.
        #expect(candidates.last?.parameters.hasSuffix("max_features=all;splitter=random;bootstrap=false") == true
                && RealismPrior.challengerFeatures == .all, "\(candidates.last?.parameters ?? "")")
        #expect(prior.note(rows: 50, pool: pool.rows).contains("on the labels alone (each node trying every feature)"))
        #expect(options.expectedThresholds && options.selection.adaptsFolds)
        // A few dozen labels deal their folds several times, and every forest is large: the seed should not choose the model.
        #expect(options.selection.repeats == TrainingOptions.fewLabelsRepeats && TrainingOptions.fewLabelsRepeats > 1)
        #expect(candidates.allSatisfy { $0.parameters.contains("n_estimators=\(RealismPrior.forestTrees)") }, "\(candidates.map(\.parameters))")
        #expect(try TrainingOptions(grid: ParameterGrid(named: [TrainingOptions.defaultModels], domain: .masks)).selection.repeats == 1)
        let labelsOnly = TrainingOptions(prior: prior, unlabelled: Matrix(rows: 0, columns: prior.columnIndex + 1), testFraction: 0)
        #expect(!labelsOnly.expectedThresholds && labelsOnly.selection.preferred == prior.candidates.count)
    }

    struct EvidenceGolden: Decodable {
        struct Case: Decodable {
            let score: [Double]
            let good: [Bool]
            let unlabelled: [Double]
            let auc: Double
            let z: Double
        }
        let cases: [Case]
    }

    /// The labels' evidence for the ranking (`Tests/Fixtures/make_prior_evidence_golden.py`): scikit-learn's
    /// weighted ROC AUC, each label weighed back to the table's quintiles of the score, and its z (SciPy's
    /// one-sided Mann-Whitney test when the labels are the table); the prior holds exactly where z passes the
    /// one-sided 5% point.
    @Test func asksTheLabelsWhetherTheRankingHolds() throws {
        let bytes = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/prior_evidence.json")))
        let golden = try JSONDecoder().decode(EvidenceGolden.self, from: bytes)
        let prior = try #require(RealismPrior(features: ["iou", RealismPrior.column, "solidity"]))
        #expect(prior.evidence == nil && prior.holds)
        var outcomes: Set<Bool> = []
        for example in golden.cases {
            // The score in the prior's column between two columns of noise.
            let data = try #require(Matrix(rowArrays: example.score.map { [0.5, $0, -1] }))
            let unlabelled = Matrix(rows: example.unlabelled.count, columns: 3, values: example.unlabelled.flatMap { [1, $0, 2] })
                ?? Matrix(rows: 0, columns: 3)
            let evidence = try #require(prior.checked(on: data, labels: example.good, unlabelled: unlabelled).evidence)
            #expect(abs(evidence.auc - example.auc) <= 1e-12 && abs(evidence.z - example.z) <= 1e-9, "\(evidence) vs \(example.auc), \(example.z)")
            #expect(evidence.holds == (example.z >= 1.6448536269514722))
            #expect(RealismPrior.Evidence(scores: example.score, labels: example.good, unlabelled: example.unlabelled) == evidence)
            outcomes.insert(evidence.holds)
        }
        #expect(outcomes == [true, false], "the cases must hold and fail both")
        // One class, rows that do not match the labels, or a score that is not finite: nothing to ask, the prior stands.
        let data = try #require(Matrix(rowArrays: [[0, 1, 0], [0, 2, 0], [0, 3, 0]]))
        let none = Matrix(rows: 0, columns: 3)
        #expect(prior.checked(on: data, labels: [true, true, true], unlabelled: none) == prior)
        #expect(prior.checked(on: data, labels: [true, false], unlabelled: none) == prior)
        #expect(RealismPrior.Evidence(scores: [1, .nan, 3], labels: [true, false, true], unlabelled: []) == nil)
        // A score that ranks a table of 200 masks perfectly but for a coin toss between 85 and 114 (as a rule's
        // noise near the cut): labels taken mostly there, as `label suggest` takes them, make it look weak;
        // weighed back to the table they show it as the table has it.
        let table = (0..<200).map(Double.init)
        let asked = Array(85..<115) + [0, 30, 60, 140, 170, 199]
        let good = asked.map { (85..<115).contains($0) ? $0 % 2 == 0 : $0 >= 100 }
        let alone = try #require(RealismPrior.Evidence(scores: asked.map { table[$0] }, labels: good, unlabelled: []))
        let weighed = try #require(RealismPrior.Evidence(scores: asked.map { table[$0] }, labels: good,
                                                          unlabelled: table.indices.filter { !asked.contains($0) }.map { table[$0] }))
        #expect(alone.auc < 0.7 && weighed.auc > 0.95 && weighed.z > alone.z, "\(alone) \(weighed)")
    }

    /// Labels the ranking does not hold for drop the prior: the model is the challenger alone, preferred over
    /// nothing, not self-trained, and the note says why.
    @Test func labelsAgainstTheRankingLeaveTheChallengerAlone() throws {
        let columns = FeatureSet.symmetry.columns(realism: true)
        let prior = try #require(RealismPrior(features: columns))
        // Good masks score lowest by every label-free score: a ranking backwards.
        let anchors = Set(prior.anchors.map(\.index))
        #expect(prior.anchors.map(\.score) == RealismPrior.scores)
        let data = try #require(Matrix(rowArrays: (0..<30).map { row in
            (0..<columns.count).map { anchors.contains($0) ? Double(row) : Double(($0 + 1) * row % 7) }
        }))
        let none = Matrix(rows: 0, columns: columns.count)
        let dropped = prior.checked(on: data, labels: (0..<30).map { $0 < 15 }, unlabelled: none)
        let evidence = try #require(dropped.evidence)
        #expect(evidence.auc == 0 && !evidence.holds && !dropped.holds && dropped.anchor == prior.anchor)
        let pool = Matrix(rows: SelfTraining.minimumPool, columns: columns.count)
        #expect(dropped.candidates(unlabelled: pool, seed: 4).map(\.description) == [RealismPrior.challenger(seed: 4).description])
        let options = TrainingOptions(prior: dropped, unlabelled: pool, testFraction: 0, seed: 4)
        #expect(options.selection.candidates.map(\.kind) == ["forest"] && options.selection.preferred == 0 && options.expectedThresholds)
        let note = dropped.note(rows: 30, pool: pool.rows)
        #expect(note.contains("do not show the label-free ranking (ROC AUC 0.0 of \(RealismPrior.column)") && note.contains("extremely randomised trees"))
        // The same labels the other way round show it, and the prior stands.
        let kept = prior.checked(on: data, labels: (0..<30).map { $0 >= 15 }, unlabelled: none)
        #expect(kept.holds && kept.evidence?.auc == 1 && kept.candidates(unlabelled: pool, seed: 4).count == prior.candidates.count)
        #expect(kept.note(rows: 30, pool: pool.rows).contains("the labels show the label-free ranking (ROC AUC 1.0"))
    }

    /// With a test split held out, only the rows that train are asked: a test label never decides the model.
    @Test func asksOnlyTheLabelsThatTrain() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let columns = FeatureSet.symmetry.columns(realism: true)
        let prior = try #require(RealismPrior(features: columns))
        let files = (0..<40).map { "m\($0).png" }
        let good = (0..<40).map { ($0 * 7) % 11 < 6 }
        let rows = files.indices.map { row in
            FeatureRow.ok(files[row], (0..<columns.count).map { $0 == prior.columnIndex ? Double((row * 13) % 40) : Double(row % 3) })
        }
        let text = "file,label\n" + zip(files, good).map { "\($0),\($1 ? "good" : "bad")\n" }.joined()
        let set = try TrainingSet(features: rows, labels: LabelTable(contentsOf: try folder.write(Array(text.utf8), to: "labels.csv")))
        let training = try StratifiedHoldout(set.labels, testFraction: 0.25, seed: 5).training
        let expected = prior.checked(on: set.data.selecting(rows: training), labels: training.map { set.labels[$0] }, unlabelled: set.unlabelled)
        let asked = prior.checked(on: set, testFraction: 0.25, seed: 5)
        #expect(asked == expected && training.count == 30)
        #expect(asked.evidence != prior.checked(on: set, testFraction: 0, seed: 5).evidence)
        #expect(prior.checked(on: set, testFraction: 0, seed: 5) == prior.checked(on: set.data, labels: set.labels, unlabelled: set.unlabelled))
    }

    /// The labels choose the anchor: the label-free score of larger weighted ROC AUC on them, the first on a tie;
    /// and having chosen the better of two, the prior holds only at the one-sided 5% point halved (Bonferroni).
    @Test func theLabelsChooseTheAnchor() throws {
        let columns = ["iou", RealismPrior.column, ReferenceFilter.Score.boundary.column]
        let prior = try #require(RealismPrior(features: columns))
        #expect(prior.anchors.map(\.index) == [1, 2] && prior.anchor.index == 1 && prior.columnIndex == 1)
        let none = Matrix(rows: 0, columns: 3)
        // The boundary score orders the labels perfectly, the scaled Dice by a coin toss.
        let labels = (0..<24).map { $0 >= 12 }
        let data = try #require(Matrix(rowArrays: (0..<24).map { row in [0.5, Double((row * 7) % 24), Double(row)] }))
        let boundary = prior.checked(on: data, labels: labels, unlabelled: none)
        #expect(boundary.anchor.score == .boundary && boundary.columnIndex == 2 && boundary.holds && boundary.evidence?.auc == 1)
        #expect(boundary.candidates.allSatisfy { $0.parameters.hasSuffix(";unpenalized=2") })
        let note = boundary.note(rows: 24, pool: 0)
        #expect(note.contains("anchored on realism_boundary") && note.contains("ROC AUC 1.0 of realism_boundary on them, ")
                && note.contains(" of realism_scaled_mean5, the label-free score they rank best"), "\(note)")
        // The same ranking in both columns: the first, the scaled Dice.
        let tied = try #require(Matrix(rowArrays: (0..<24).map { row in [0.5, Double(row), Double(row)] }))
        #expect(prior.checked(on: tied, labels: labels, unlabelled: none).anchor.score == .scaled)

        // A ranking between the two levels: one column passes 1.645 but not 1.960. With two anchors to choose
        // from the prior is dropped; with the scaled Dice alone in the table it holds.
        #expect(RealismPrior.requiredZ(anchors: 1) == 1.6448536269514722 && RealismPrior.requiredZ(anchors: 2) == 1.959963984540054)
        #expect(RealismPrior.requiredZs.count >= RealismPrior.scores.count && RealismPrior.requiredZ(anchors: 9) == RealismPrior.requiredZs.last)
        var found: (labels: [Bool], z: Double)?
        var random = SeededGenerator(seed: 12)
        for _ in 0..<2000 where found == nil {
            let drawn = (0..<40).map { row in random.uniform(0, 1) < 0.25 + 0.5 * Double(row) / 40 }
            guard let evidence = RealismPrior.Evidence(scores: (0..<40).map(Double.init), labels: drawn, unlabelled: []) else { continue }
            if evidence.z > 1.7 && evidence.z < 1.9 { found = (drawn, evidence.z) }
        }
        let between = try #require(found)
        let weak = try #require(Matrix(rowArrays: (0..<40).map { row in [0.5, Double(row), Double(row)] }))
        let two = prior.checked(on: weak, labels: between.labels, unlabelled: none)
        #expect(two.evidence?.holds == true && !two.holds, "z \(between.z)")
        #expect(two.note(rows: 40, pool: 0).contains("fewer than 1.96, the one-sided 5% point for the best of 2"))
        let alone = try #require(RealismPrior(features: ["iou", RealismPrior.column]))
        let one = alone.checked(on: try #require(Matrix(rowArrays: (0..<40).map { [0.5, Double($0)] })), labels: between.labels,
                                unlabelled: Matrix(rows: 0, columns: 2))
        #expect(alone.anchors.count == 1 && one.holds)
    }
}
