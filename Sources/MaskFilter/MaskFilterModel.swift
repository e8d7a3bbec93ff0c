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
    /// How the features were measured: grey threshold and dilation radius.
    public var featureSettings: FeatureSettingsRecord
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

    /// How the features were measured (the feature set is what `features` names).
    public struct FeatureSettingsRecord: Codable, Equatable, Sendable {
        /// Foreground when grey >= this.
        public var greyThreshold: Int
        /// Radius of the square dilation element.
        public var dilationRadius: Int
        /// The digest of the reference masks of the realism columns; nil (absent) without them.
        public var referenceDigest: String?
        /// The folder they were read from when the model was trained (for messages); absent without them.
        public var referenceFolder: String?
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
        FeatureSettings(threshold: UInt8(clamping: featureSettings.greyThreshold), dilationRadius: featureSettings.dilationRadius,
                        set: featureSet)
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
            throw .invalid("\(path) expects the features \(Excerpt.quoted(model.features.joined(separator: ","))); ganfilter measures the "
                + "feature sets " + FeatureSet.allCases.map(\.rawValue).joined(separator: ", ") + " (`ganfilter features --help`)")
        }
        let settings = model.featureSettings
        guard realism == (settings.referenceDigest != nil) else {
            throw .invalid("\(path): the realism columns need feature_settings.reference_digest, and it needs them")
        }
        guard (0...255).contains(settings.greyThreshold) else {
            throw .invalid("\(path): feature_settings.grey_threshold must be in 0...255, got \(settings.greyThreshold)")
        }
        guard (0...4096).contains(settings.dilationRadius) else {
            throw .invalid("\(path): feature_settings.dilation_radius must be in 0...4096, got \(settings.dilationRadius)")
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
