import BatchFiles
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

    /// A group's model.
    public struct GroupModel: Codable, Equatable, Sendable {
        /// The group.
        public var group: String
        /// The classifier.
        public var classifier: ClassifierRecord
        /// The default strategy.
        public var strategy: String
        /// Its threshold.
        public var threshold: Double?
        /// Every default strategy's threshold.
        public var thresholds: [StrategyThreshold]
        /// Training rows (non-test), their positives, test rows, folds, seed.
        public var rows: Int, positives: Int, testRows: Int, folds: Int, seed: UInt64
        /// Mean fold ROC AUC and test ROC AUC of the chosen model.
        public var cvAucMean: Double, testAuc: Double?
    }

    /// The model of trained groups.
    public init(_ trainings: [GroupTraining], options: LatentTrainingOptions, dimensions: Int, toolVersion: String) {
        format = Self.formatName
        version = Self.currentVersion
        self.toolVersion = toolVersion
        target = options.target
        self.dimensions = dimensions
        addNorm = options.addNorm
        groups = trainings.map { training in
            GroupModel(group: training.group, classifier: ClassifierRecord(training.classifier, spec: training.chosen.spec),
                       strategy: options.strategy.description,
                       threshold: training.thresholds.first { $0.strategy == options.strategy.description }?.threshold,
                       thresholds: training.thresholds, rows: training.validationLabels.count,
                       positives: training.validationLabels.filter { $0 }.count, testRows: training.test.labels.count,
                       folds: options.folds, seed: options.seed, cvAucMean: training.chosen.meanAUC,
                       testAuc: RankingCurves.rocAUC(labels: training.test.labels, scores: training.test.scores))
        }
    }

    /// Reads and validates a model file: the format, the version, and every group's classifier.
    public static func load(_ path: String) throws(ModelFileError) -> PrefilterModel {
        let model = try ModelFile.decode(PrefilterModel.self, path: path, format: formatName,
                                         kind: "ganfilter latent prefilter", currentVersion: currentVersion)
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
            if let problem = StrategyThreshold.problem(threshold: group.threshold, thresholds: group.thresholds) {
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
        try ModelFile.encode(self)
    }
}

/// File names for group-specific report files: characters outside `[A-Za-z0-9_-]` are percent-encoded.
public enum ReportFileName {
    /// `roc_<group>_<target>.csv` and the like, with the group and target encoded.
    public static func name(_ prefix: String, group: String, target: String) -> String {
        "\(prefix)_\(encode(group))_\(encode(target)).csv"
    }

    /// Percent-encodes every UTF-8 byte outside `[A-Za-z0-9_-]`.
    public static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}

/// The report files of `latent train`: `model_comparison.csv`, `thresholds.csv`, `roc_*.csv`, `pr_*.csv`.
public enum LatentTrainingReport {
    /// `group,target,model,params,roc_auc,precision_at_0_5`: every candidate's mean fold AUC, and its mean fold
    /// precision at 0.5 (blank for scores that are not probabilities, or when nothing passes 0.5).
    public static func modelComparison(_ trainings: [GroupTraining]) -> String {
        var text = "group,target,model,params,roc_auc,precision_at_0_5\n"
        for training in trainings {
            for score in training.candidates {
                let precision = score.spec.scoresAreProbabilities ? score.meanAtHalf(\.precision).map { "\($0)" } ?? "" : ""
                text += CSVField.line([training.group, training.target, score.spec.kind, score.spec.parameters,
                                       "\(score.meanAUC)", precision]) + "\n"
            }
        }
        return text
    }

    /// DESIGN's `thresholds.csv`, one row per group, strategy and split; `speedup_with_cost` and its interval
    /// are added when the trainings had a screening cost.
    public static func thresholds(_ trainings: [GroupTraining]) -> String {
        let withCost = trainings.contains { $0.rows.contains { $0.evaluation.speedupWithCost != nil } }
        var text = "group,target,strategy,split,threshold,tpr,fpr,precision,base_precision,pass_rate,tn,fp,fn,tp,"
            + "speedup,speedup_low,speedup_high,precision_low,precision_high"
            + (withCost ? ",speedup_with_cost,speedup_with_cost_low,speedup_with_cost_high" : "") + "\n"
        func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        for training in trainings {
            for row in training.rows {
                let c = row.evaluation.confusion
                text += CSVField.line([
                    training.group, training.target, row.strategy, row.split, number(row.threshold),
                    number(c.recall), number(c.falsePositiveRate), number(c.precision), number(c.basePrecision),
                    number(c.passRate), String(c.trueNegatives), String(c.falsePositives), String(c.falseNegatives),
                    String(c.truePositives), number(row.evaluation.speedup.value), number(row.evaluation.speedup.low),
                    number(row.evaluation.speedup.high), number(row.evaluation.precision.low),
                    number(row.evaluation.precision.high),
                ] + (withCost ? [number(row.evaluation.speedupWithCost?.value), number(row.evaluation.speedupWithCost?.low),
                                 number(row.evaluation.speedupWithCost?.high)] : [])) + "\n"
            }
        }
        return text
    }

    /// Out-of-fold ROC points of the chosen model, first row `inf`.
    public static func roc(_ training: GroupTraining) -> String {
        CurveTable.roc(RankingCurves.operatingPoints(labels: training.validationLabels, scores: training.chosen.outOfFold))
    }

    /// Out-of-fold precision-recall curve of the chosen model; the final (1, 0) point has a blank threshold.
    public static func precisionRecall(_ training: GroupTraining) -> String {
        CurveTable.precisionRecall(labels: training.validationLabels, scores: training.chosen.outOfFold)
    }

    /// `timings.json`: per group the training time and the measured screening cost per vector.
    public static func timings(_ trainings: [GroupTraining], trainSeconds: [Double]) -> String {
        let groups = zip(trainings, trainSeconds).map { training, seconds in
            "    {\"group\": \(JSONText.string(training.group)), \"train_seconds\": \(seconds), "
                + "\"screen_seconds_per_vector\": \(training.screenSecondsPerVector)}"
        }
        return "{\n  \"groups\": [\n" + groups.joined(separator: ",\n") + "\n  ]\n}\n"
    }

    /// Writes every report file into `folder`.
    public static func write(_ trainings: [GroupTraining], to folder: String) throws(OutputError) {
        try AtomicFile.createFolder(folder)
        let prefix = FolderPath.prefix(folder)
        try AtomicFile.write(Array(modelComparison(trainings).utf8), to: prefix + "model_comparison.csv")
        try AtomicFile.write(Array(thresholds(trainings).utf8), to: prefix + "thresholds.csv")
        for training in trainings {
            try AtomicFile.write(Array(roc(training).utf8),
                                 to: prefix + ReportFileName.name("roc", group: training.group, target: training.target))
            try AtomicFile.write(Array(precisionRecall(training).utf8),
                                 to: prefix + ReportFileName.name("pr", group: training.group, target: training.target))
        }
    }
}
