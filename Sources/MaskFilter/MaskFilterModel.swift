import FileIO
import Learning
import MaskFeatures

/// A mask filter model file: JSON with a format name and version, the features and how they were
/// measured, the classifier, the chosen threshold with the threshold of every default strategy, and how it
/// was trained. A logistic model is usable from NumPy in a few lines (see the README).
public struct MaskFilterModel: Codable, Equatable, Sendable {
    /// The `format` value of every mask filter model.
    public static let formatName = "ganfilter-mask-filter"
    /// The newest version this ganfilter reads and writes.
    public static let currentVersion = 1

    /// Always `ganfilter-mask-filter`.
    public var format: String
    /// The file format version.
    public var version: Int
    /// The ganfilter version that wrote it.
    public var toolVersion: String
    /// The feature names, in the order the classifier expects.
    public var features: [String]
    /// How the features were measured (the record a features table's settings file holds; the file stores
    /// its grey threshold, dilation radius and reference, the feature set being what `features` names).
    public var featureSettings: FeatureTableSettings
    /// The fitted classifier.
    public var classifier: ClassifierRecord
    /// The strategy whose threshold `filter` uses by default.
    public var strategy: ThresholdStrategy
    /// That strategy's threshold: accept when the probability is at least this; nil when the strategy found none.
    public var threshold: Double?
    /// The threshold of every default strategy (and the chosen one), from out-of-fold scores.
    public var thresholds: [StrategyThreshold]
    /// How the model was trained.
    public var training: TrainingRecord

    /// The file's fields; `load` decodes only these and skips any other top-level field unbuilt.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case format, version, toolVersion, features, featureSettings, classifier, strategy, threshold, thresholds, training
    }

    /// A model of these parts.
    public init(format: String = MaskFilterModel.formatName, version: Int = MaskFilterModel.currentVersion, toolVersion: String,
                features: [String], featureSettings: FeatureTableSettings, classifier: ClassifierRecord, strategy: ThresholdStrategy,
                threshold: Double?, thresholds: [StrategyThreshold], training: TrainingRecord) {
        self.format = format
        self.version = version
        self.toolVersion = toolVersion
        self.features = features
        self.featureSettings = featureSettings
        self.classifier = classifier
        self.strategy = strategy
        self.threshold = threshold
        self.thresholds = thresholds
        self.training = training
    }

    /// `feature_settings` as the file holds it: the settings without the feature set (the features name it)
    /// and without the version (the model's own); the reference's keys absent without realism columns, and the
    /// mask sizes absent when the training table did not record them.
    private struct StoredSettings: Codable {
        var greyThreshold: Int
        var dilationRadius: Int
        var referenceDigest: String?
        var referenceFolder: String?
        var referenceMember: String?
        var maskSizes: MaskSizes?
    }

    /// Decodes the file's fields; the settings are checked as every settings record is.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        version = try container.decode(Int.self, forKey: .version)
        toolVersion = try container.decode(String.self, forKey: .toolVersion)
        features = try container.decode([String].self, forKey: .features)
        let stored = try container.decode(StoredSettings.self, forKey: .featureSettings)
        do {
            featureSettings = try FeatureTableSettings(greyThreshold: stored.greyThreshold, dilationRadius: stored.dilationRadius,
                                                       featureSet: FeatureSet.parse(columns: features)?.set ?? .symmetry,
                                                       referenceDigest: stored.referenceDigest, referenceFolder: stored.referenceFolder,
                                                       referenceMember: stored.referenceMember,
                                                       toolVersion: toolVersion, maskSizes: stored.maskSizes)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .featureSettings, in: container,
                                                   debugDescription: "feature_settings.\(error.field): \(error)")
        }
        classifier = try container.decode(ClassifierRecord.self, forKey: .classifier)
        strategy = try container.decode(ThresholdStrategy.self, forKey: .strategy)
        threshold = try container.decodeIfPresent(Double.self, forKey: .threshold)
        thresholds = try container.decode([StrategyThreshold].self, forKey: .thresholds)
        training = try container.decode(TrainingRecord.self, forKey: .training)
    }

    /// Encodes the file's fields (a missing threshold is absent, as before).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(version, forKey: .version)
        try container.encode(toolVersion, forKey: .toolVersion)
        try container.encode(features, forKey: .features)
        try container.encode(StoredSettings(greyThreshold: featureSettings.greyThreshold, dilationRadius: featureSettings.dilationRadius,
                                            referenceDigest: featureSettings.referenceDigest, referenceFolder: featureSettings.referenceFolder,
                                            referenceMember: featureSettings.referenceMember, maskSizes: featureSettings.maskSizes),
                             forKey: .featureSettings)
        try container.encode(classifier, forKey: .classifier)
        try container.encode(strategy, forKey: .strategy)
        try container.encodeIfPresent(threshold, forKey: .threshold)
        try container.encode(thresholds, forKey: .thresholds)
        try container.encode(training, forKey: .training)
    }

    /// Training metadata.
    public struct TrainingRecord: Codable, Equatable, Sendable {
        /// Rows the final model was fitted on (all non-test rows).
        public var rows: Int
        /// Good rows among them.
        public var positives: Int
        /// Rows held out for testing.
        public var testRows: Int
        /// Cross-validation folds.
        public var folds: Int
        /// The seed of the splits.
        public var seed: UInt64
        /// Mean fold ROC AUC of the chosen candidate.
        public var cvAucMean: Double
        /// ROC AUC of its pooled out-of-fold scores.
        public var cvAucPooled: Double?
        /// ROC AUC on the test split; nil without one.
        public var testAuc: Double?
    }

    /// The feature set whose columns the model takes (`load` refuses a model of other columns).
    public var featureSet: FeatureSet {
        FeatureSet.parse(columns: features)?.set ?? .symmetry
    }

    /// The digest of the reference masks the realism columns were measured against; nil without them.
    public var referenceDigest: String? { featureSettings.referenceDigest }

    /// The settings with which to measure masks as the training features were measured.
    public var measurement: FeatureSettings {
        featureSettings.measurement
    }

    /// The classifier as a `FittedClassifier`; throws when the record is inconsistent.
    public func fittedClassifier() throws(ModelFileError) -> FittedClassifier {
        do {
            return try classifier.fitted(featureCount: features.count)
        } catch {
            throw .invalid(error.description)
        }
    }

    /// The JSON text, keys sorted, so the same model gives the same bytes.
    public func encoded() throws(ModelFileError) -> [UInt8] {
        let bytes = try ModelFile.encode(self)
        // A model that its own reader would refuse (a degenerate fit: non-finite weights, say) is never written.
        _ = try Self.decoded(bytes, name: "the model just trained")
        return bytes
    }

    /// Reads and validates a model file: format, version, features, classifier.
    public static func load(_ path: String) throws(ModelFileError) -> MaskFilterModel {
        try decoded(ModelFile.read(path), name: path)
    }

    /// The model in `bytes`, validated; `path` names them in messages.
    static func decoded(_ bytes: [UInt8], name path: String) throws(ModelFileError) -> MaskFilterModel {
        let model = try ModelFile.decode(MaskFilterModel.self, bytes: bytes, name: path, format: formatName,
                                         kind: "ganfilter mask filter model", currentVersion: currentVersion,
                                         keys: CodingKeys.allCases.map(\.stringValue))
        guard let (_, realism) = FeatureSet.parse(columns: model.features) else {
            if let earlier = FeatureSet.earlierRealism(columns: model.features) {
                throw .invalid("\(path): \(earlier), and train the model again")
            }
            throw .invalid("\(path) expects the features \(Excerpt.quoted(model.features.joined(separator: ","))); ganfilter measures the "
                + "feature sets " + FeatureSet.allCases.map(\.rawValue).joined(separator: ", ") + " (`ganfilter features --help`)")
        }
        let settings = model.featureSettings
        guard realism == (settings.referenceDigest != nil) else {
            throw .invalid("\(path): the realism columns need feature_settings.reference_digest, and it needs them")
        }
        if let problem = StrategyThreshold.problem(threshold: model.threshold, thresholds: model.thresholds) {
            throw .invalid("\(path): \(problem)")
        }
        do {
            _ = try model.fittedClassifier()
        } catch {
            throw .invalid("\(path): \(error)")
        }
        return model
    }
}
