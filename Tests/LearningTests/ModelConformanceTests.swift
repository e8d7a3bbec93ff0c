import Foundation
import Learning
import Matrices
import SeededRandom
import Testing

/// Every model of `ModelCatalogue` through the same checks, as scikit-learn's `estimator_checks`: a new entry
/// is checked without writing a test for it.
struct ModelConformanceTests {
    /// Positives sit near the origin with `x0 >= 0`; negatives far out with `x0 < -0.5`: every kind can rank
    /// them (linear models by `x0`, truncation by the norm). Column 3 is constant.
    static func data(rows: Int = 900, seed: UInt64 = 4) -> (Matrix, [Bool]) {
        var generator = SeededGenerator(seed: seed)
        var values: [Double] = []
        var labels: [Bool] = []
        for row in 0..<rows {
            let positive = row % 3 == 0
            let spread = positive ? 0.5 : 2.0
            values += [positive ? generator.uniform(0, 0.5) : generator.uniform(-2, -0.5),
                       generator.uniform(-spread, spread), generator.uniform(-spread, spread), 1.5]
            labels.append(positive)
        }
        return (Matrix(rows: rows, columns: 4, values: values) ?? Matrix(rows: 0, columns: 4), labels)
    }

    /// One small candidate of `kind` (few trees, a narrow network with a larger step), seeded with `seed`.
    static func candidate(_ kind: ModelKind, seed: UInt64) throws -> ClassifierSpec {
        var grid = ParameterGrid(kinds: [kind], domain: .latents)
        let small = ["n_estimators": "5", "hidden_layer_sizes": "16", "learning_rate_init": "0.01", "n_neighbors": "3", "C": "1", "max_depth": "3"]
        for (name, value) in small where kind.axes.contains(where: { $0.name == name }) {
            try grid.replacing(name, with: [value])
        }
        return try #require(try grid.candidates(seed: seed).first)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    @Test(arguments: ModelCatalogue.kinds.map(\.name))
    func catalogueModelConforms(_ name: String) throws {
        let kind = try #require(ModelCatalogue.kinds.first { $0.name == name })
        let (data, labels) = Self.data()
        let spec = try Self.candidate(kind, seed: 11)
        #expect(spec.kind == kind.fittedType.kind)

        // Fits with a constant column; one finite score per row, higher for positives.
        let fitted = try spec.fit(data, labels)
        #expect(fitted.featureCount == 4 && fitted.kind == spec.kind)
        let scores = fitted.scores(data)
        #expect(scores.count == data.rows && scores.allSatisfy(\.isFinite))
        let auc = try #require(RankingCurves.rocAUC(labels: labels, scores: scores))
        #expect(auc > 0.9, "\(spec): scores must be higher-is-better (training AUC \(auc))")
        if spec.scoresAreProbabilities { #expect(scores.allSatisfy { (0...1).contains($0) }) }

        // Deterministic for a seed.
        #expect(try Self.candidate(kind, seed: 11).fit(data, labels).scores(data) == scores)

        try Self.expectRecordRoundTrips(fitted, spec: spec, data: data, usesInputs: kind.fittedType.kind != "truncation")
        Self.expectOneClassRefused(spec, data: data)

        // A clear error for nothing that varies.
        let constant = try #require(Matrix(rows: data.rows, columns: 4, values: Array(repeating: 2, count: data.rows * 4)))
        #expect(throws: LearningError.nothingVaries(columns: 4)) { try spec.fit(constant, labels) }
    }

    /// `fitted` (of `spec`, on 4 inputs) as a model file's record round-trips through its JSON, byte for byte and
    /// score for score on `data`, and, when it `usesInputs`, refuses a table of no inputs.
    static func expectRecordRoundTrips(_ fitted: FittedClassifier, spec: ClassifierSpec, data: Matrix, usesInputs: Bool = true) throws {
        let bytes = try encoder.encode(ClassifierRecord(fitted, spec: spec))
        let record = try decoder.decode(ClassifierRecord.self, from: bytes)
        #expect(try encoder.encode(record) == bytes)
        #expect(try record.fitted(featureCount: 4).scores(data) == fitted.scores(data))
        if usesInputs {
            #expect(throws: LearningError.self) { try record.fitted(featureCount: 0) }
        }
    }

    /// The model file record of `fitted` (of `spec`) as a JSON object, for a test to make hostile.
    static func recordObject(_ fitted: FittedClassifier, spec: ClassifierSpec) throws -> [String: Any] {
        let bytes = try encoder.encode(ClassifierRecord(fitted, spec: spec))
        return try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
    }

    /// Whether `object` reads as a model file's classifier record.
    static func decodesAsRecord(_ object: [String: Any]) -> Bool {
        guard let data = try? JSONSerialization.data(withJSONObject: object) else { return false }
        return (try? decoder.decode(ClassifierRecord.self, from: data)) != nil
    }

    /// `spec` refuses labels of one class with the error that says so.
    static func expectOneClassRefused(_ spec: ClassifierSpec, data: Matrix) {
        #expect(throws: LearningError.needsBothClasses(positives: data.rows, negatives: 0)) {
            try spec.fit(data, Array(repeating: true, count: data.rows))
        }
    }

    @Test func catalogueNamesAndFittedKindsAreUnique() {
        #expect(Set(ModelCatalogue.kinds.map(\.name)).count == ModelCatalogue.kinds.count)
        #expect(Set(ModelCatalogue.fittedTypes.map { $0.kind }).count == ModelCatalogue.fittedTypes.count)
        for kind in ModelCatalogue.kinds {
            #expect(Set(kind.axes.map(\.name)).count == kind.axes.count, "\(kind.name) names an axis twice")
        }
    }

    @Test func gridsFollowTheCatalogueAndRefuseUnknownNames() throws {
        let latent = try ParameterGrid(named: ["all"], domain: .latents).candidates(seed: 0)
        #expect(Set(latent.map(\.kind)) == Set(ModelCatalogue.kinds(in: .latents).map { $0.fittedType.kind }))
        #expect(latent.count == 4 + 4 + 4 + 2 + 1 + 3 + 3 + 1 + 1, "logreg, logreg-l1, knn, tree, forest, mlp, svc, naive-bayes, truncation")
        let masks = try ParameterGrid(named: ["both"], domain: .masks).candidates(seed: 0)
        #expect(masks.count == 7 * 2 * 2 + 2 * 10 * 4, "the design's mask grid: 28 logistic and 80 tree candidates")
        #expect(throws: LearningError.self) { try ParameterGrid(named: ["logreg", "svm"], domain: .latents) }

        var grid = try ParameterGrid(named: ["logreg", "mlp"], domain: .latents)
        try grid.replacing(assignments: ["C=1", "hidden_layer_sizes=64x64,32"])
        #expect(try grid.candidates(seed: 0).map(\.parameters) == [
            "C=1;penalty=l2;class_weight=none",
            "hidden_layer_sizes=64x64;alpha=0.0001;learning_rate_init=0.001",
            "hidden_layer_sizes=32;alpha=0.0001;learning_rate_init=0.001",
        ])
        #expect(throws: LearningError.self) { try grid.replacing("max_depth", with: ["3"]) }
        #expect(throws: LearningError.self) { try grid.replacing("C", with: ["-1"]) }
        #expect(throws: LearningError.self) { try grid.replacing("hidden_layer_sizes", with: ["64x"]) }
    }
}
