import FileIO
import Learning

/// The latent prefilter model file: per group the chosen classifier of `z` (plus `|z|^2` with `addNorm`) and
/// the threshold of every default strategy, so that `screen` takes `--strategy NAME` without retraining.
public struct PrefilterModel: Codable, Equatable, Sendable {
    /// The `format` value of every prefilter model.
    public static let formatName = "ganfilter-latent-prefilter"
    /// The newest version this ganfilter reads and writes.
    public static let currentVersion = 1

    /// Always `ganfilter-latent-prefilter`.
    public var format: String
    /// File format version.
    public var version: Int
    /// The ganfilter version that wrote it.
    public var toolVersion: String
    /// The target the models predict (`valid` or a score name).
    public var target: String
    /// Latent dimensions `d`.
    public var dimensions: Int
    /// Whether `|z|^2` is appended to `z` as an input.
    public var addNorm: Bool
    /// One entry per group.
    public var groups: [GroupModel]
    /// The prior the training vectors were drawn from, when known (`latent train --latent-distribution`):
    /// what `latent sample` draws from. Absent in files of earlier versions.
    public var latentDistribution: LatentDistribution?

    /// The file's fields; `load` decodes only these and skips any other top-level field unbuilt.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case format, version, toolVersion, target, dimensions, addNorm, groups, latentDistribution
    }

    /// A group's model.
    public struct GroupModel: Codable, Equatable, Sendable {
        /// The group.
        public var group: String
        /// The classifier.
        public var classifier: ClassifierRecord
        /// The default strategy.
        public var strategy: ThresholdStrategy
        /// Its threshold.
        public var threshold: Double?
        /// Every default strategy's threshold.
        public var thresholds: [StrategyThreshold]
        /// Training rows (non-test), their positives, test rows, folds, seed.
        public var rows: Int, positives: Int, testRows: Int, folds: Int, seed: UInt64
        /// Mean fold ROC AUC and test ROC AUC of the chosen model.
        public var cvAucMean: Double, testAuc: Double?
        /// Every default strategy's promise (`latent verify` checks it); absent in files of earlier versions.
        public var promises: [LatentPromise]?
        /// The vectors the group was trained and tested on, which `latent verify` recognises in a run; absent in
        /// files of earlier versions.
        public var seenVectors: VectorSketch?
    }

    /// The model of trained groups.
    public init(_ trainings: [GroupTraining], options: LatentTrainingOptions, dimensions: Int, toolVersion: String) {
        format = Self.formatName
        version = Self.currentVersion
        self.toolVersion = toolVersion
        target = options.target
        self.dimensions = dimensions
        addNorm = options.addNorm
        latentDistribution = options.latentDistribution
        groups = trainings.map { training in
            let selection = training.selection
            return GroupModel(group: training.group, classifier: ClassifierRecord(selection.classifier, spec: selection.chosen.spec),
                              strategy: options.selection.strategy, threshold: selection.threshold,
                              thresholds: selection.thresholds, rows: selection.validationLabels.count,
                              positives: selection.validationLabels.filter { $0 }.count, testRows: selection.testLabels.count,
                              folds: options.selection.folds, seed: options.selection.seed, cvAucMean: selection.chosen.meanAUC,
                              testAuc: RankingCurves.rocAUC(labels: selection.testLabels, scores: selection.testScores),
                              promises: LatentPromise.promises(training.rows), seenVectors: training.seenVectors)
        }
    }

    /// Reads and validates a model file: the format, the version, and every group's classifier.
    public static func load(_ path: String) throws(ModelFileError) -> PrefilterModel {
        try decoded(ModelFile.read(path), name: path)
    }

    /// The model in `bytes`, validated; `path` names them in messages.
    static func decoded(_ bytes: [UInt8], name path: String) throws(ModelFileError) -> PrefilterModel {
        let model = try ModelFile.decode(PrefilterModel.self, bytes: bytes, name: path, format: formatName,
                                         kind: "ganfilter latent prefilter", currentVersion: currentVersion,
                                         keys: CodingKeys.allCases.map(\.stringValue))
        guard (1...PrefilterModel.maximumDimensions).contains(model.dimensions) else {
            throw .invalid("\(path): dimensions must be in 1...\(PrefilterModel.maximumDimensions), got \(model.dimensions)")
        }
        guard !model.groups.isEmpty else { throw .invalid("\(path): the model has no groups") }
        var seen = Set<String>()
        for group in model.groups {
            guard GroupName.problem(group.group) == nil else {
                throw .invalid("\(path): group \(Excerpt.quoted(group.group)): \(GroupName.problem(group.group) ?? "")")
            }
            guard seen.insert(group.group).inserted else {
                throw .invalid("\(path): group \(group.group) appears twice; which model is meant is ambiguous")
            }
            if let problem = StrategyThreshold.problem(threshold: group.threshold, thresholds: group.thresholds)
                ?? group.promises?.lazy.compactMap(\.problem).first ?? group.seenVectors?.problem {
                throw .invalid("\(path), group \(group.group): \(problem)")
            }
            do {
                _ = try group.classifier.fitted(featureCount: model.inputCount)
            } catch {
                throw .invalid("\(path), group \(group.group): \(error)")
            }
        }
        return model
    }

    /// The most latent dimensions a model file may declare.
    public static let maximumDimensions = 1 << 20

    /// Inputs per vector: `d`, plus one with `addNorm`.
    public var inputCount: Int { dimensions + (addNorm ? 1 : 0) }

    /// The JSON bytes, keys sorted.
    public func encoded() throws(ModelFileError) -> [UInt8] {
        let bytes = try ModelFile.encode(self)
        // A model that its own reader would refuse (a degenerate fit: non-finite weights, say) is never written.
        _ = try Self.decoded(bytes, name: "the model just trained")
        return bytes
    }
}
