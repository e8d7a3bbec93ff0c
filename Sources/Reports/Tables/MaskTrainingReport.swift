import FileIO
import Foundation
import Learning
import MaskFilter

/// The files `ganfilter train --report DIR` writes: `cv_results.csv`, `roc.csv`, `thresholds.csv`,
/// `summary.json`, `excluded.csv`, `unjoined.csv`, and for a tree `tree.txt` and `tree.dot`. Every file is
/// written atomically.
public enum MaskTrainingReport {
    /// How a split fares at the model's threshold.
    public struct SplitSummary: Codable, Equatable, Sendable {
        /// `validation` (out-of-fold scores of the non-test rows) or `test`.
        public var split: String
        /// Rows in the split.
        public var rows: Int
        /// Counts at the threshold (positive = good).
        public var tp: Int, fp: Int, tn: Int, fn: Int
        /// Bad per good before filtering; nil without good rows.
        @NullWhenAbsent public var badPerGoodBefore: Double?
        /// Bad per good among accepted rows; nil when no good row is accepted.
        @NullWhenAbsent public var badPerGoodAfter: Double?
        /// Share of bad rows before and after.
        @NullWhenAbsent public var badShareBefore: Double?
        /// Share of bad rows among accepted ones.
        @NullWhenAbsent public var badShareAfter: Double?
        /// ROC AUC on the split.
        @NullWhenAbsent public var rocAuc: Double?

        init(split: String, labels: [Bool], scores: [Double], threshold: Double?) {
            let matrix = ConfusionMatrix(labels: labels, scores: scores, threshold: threshold ?? .infinity)
            let share = BadShare(matrix)
            self.split = split
            rows = labels.count
            tp = matrix.truePositives
            fp = matrix.falsePositives
            tn = matrix.trueNegatives
            fn = matrix.falseNegatives
            badPerGoodBefore = share.badPerGoodBefore
            badPerGoodAfter = share.badPerGoodAfter
            badShareBefore = share.shareBefore
            badShareAfter = share.shareAfter
            rocAuc = RankingCurves.rocAUC(labels: labels, scores: scores)
        }
    }

    /// The content of `summary.json`.
    public struct Summary: Codable, Equatable, Sendable {
        /// The chosen model's kind (`logreg`, `tree`, ...).
        public var model: String
        /// Its hyperparameters.
        public var parameters: String
        /// The threshold strategy (written as its name).
        public var strategy: ThresholdStrategy
        /// The threshold.
        @NullWhenAbsent public var threshold: Double?
        /// Mean fold AUC of the chosen candidate.
        public var cvAucMean: Double
        /// Standard deviation of its fold AUCs.
        public var cvAucStd: Double
        /// Validation and (when held out) test results at the threshold.
        public var splits: [SplitSummary]
        /// Feature rows left out (empty, unreadable, unlabelled).
        public var excludedRows: Int
        /// Label rows that matched no feature row.
        public var unjoinedLabels: Int
    }

    /// The summary of a training run.
    public static func summary(_ result: TrainingResult, set: TrainingSet) -> Summary {
        let selection = result.selection
        var splits = [SplitSummary(split: "validation", labels: selection.validationLabels, scores: selection.chosen.outOfFold,
                                   threshold: result.model.threshold)]
        if !selection.testLabels.isEmpty {
            splits.append(SplitSummary(split: "test", labels: selection.testLabels, scores: selection.testScores,
                                       threshold: result.model.threshold))
        }
        return Summary(model: selection.chosen.spec.kind, parameters: selection.chosen.spec.parameters,
                       strategy: result.model.strategy, threshold: result.model.threshold,
                       cvAucMean: selection.chosen.meanAUC, cvAucStd: selection.chosen.stdAUC, splits: splits,
                       excludedRows: set.excluded.count, unjoinedLabels: set.unjoinedLabels.count)
    }

    /// The columns of `cv_results.csv`: each candidate's mean fold metrics (at 0.5 where stated by docs/design.md).
    public enum CandidateColumn: String, CaseIterable, Sendable {
        case model, params
        case meanAUC = "mean_auc", stdAUC = "std_auc", meanAveragePrecision = "mean_average_precision"
        case accuracy, precision, recall, f1
    }

    /// The columns of `excluded.csv`: feature rows left out, and why.
    public enum ExcludedColumn: String, CaseIterable, Sendable {
        case file, reason
    }

    /// The columns of `unjoined.csv`: labels that matched no feature row, with their line.
    public enum UnjoinedColumn: String, CaseIterable, Sendable {
        case file, line
    }

    /// The names of the files `write` may put in its folder.
    public static let fileNames = [ReportSchema.Masks.cvResults, ReportSchema.Masks.roc, ReportSchema.Masks.thresholds,
                                   ReportSchema.Masks.summary, ReportSchema.Masks.excluded, ReportSchema.Masks.unjoined,
                                   ReportSchema.Masks.treeText, ReportSchema.Masks.treeDot]

    /// Writes the report files into `folder` (created if missing); returns the names written (the tree's two only
    /// for a tree).
    @discardableResult
    public static func write(_ result: TrainingResult, set: TrainingSet, to folder: String) throws(OutputError) -> [String] {
        try AtomicFile.createFolder(folder)
        let prefix = FolderPath.prefix(folder)
        func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }

        var cv = CSVField.line(CandidateColumn.allCases.map(\.rawValue)) + "\n"
        for score in result.selection.candidates {
            cv += CSVField.line([score.spec.kind, score.spec.parameters, number(score.mean(of: .rocAUC)), number(score.stdAUC),
                                 number(score.mean(of: .averagePrecision)),
                                 number(score.meanAtHalf(\.accuracy)), number(score.meanAtHalf(\.precision)),
                                 number(score.meanAtHalf(\.recall)), number(score.meanAtHalf(\.f1))]) + "\n"
        }
        try AtomicFile.write(Array(cv.utf8), to: prefix + ReportSchema.Masks.cvResults)

        try AtomicFile.write(Array(CurveTable.roc(result.selection.validationPoints).utf8), to: prefix + ReportSchema.Masks.roc)
        try AtomicFile.write(Array(ThresholdTable.csv([([:], result.rows)], leading: []).utf8), to: prefix + ReportSchema.Masks.thresholds)

        try JSONFile.write(summary(result, set: set), to: prefix + ReportSchema.Masks.summary)

        var excluded = CSVField.line(ExcludedColumn.allCases.map(\.rawValue)) + "\n"
        for row in set.excluded { excluded += CSVField.line([row.file, row.reason]) + "\n" }
        try AtomicFile.write(Array(excluded.utf8), to: prefix + ReportSchema.Masks.excluded)
        var unjoined = CSVField.line(UnjoinedColumn.allCases.map(\.rawValue)) + "\n"
        for entry in set.unjoinedLabels { unjoined += CSVField.line([entry.file, String(entry.line)]) + "\n" }
        try AtomicFile.write(Array(unjoined.utf8), to: prefix + ReportSchema.Masks.unjoined)

        if let tree = result.selection.classifier.model as? TreeModel {
            try AtomicFile.write(Array(TreeExport.text(tree, featureNames: result.model.features).utf8), to: prefix + ReportSchema.Masks.treeText)
            try AtomicFile.write(Array(TreeExport.dot(tree, featureNames: result.model.features).utf8), to: prefix + ReportSchema.Masks.treeDot)
            return fileNames
        }
        return fileNames.filter { $0 != ReportSchema.Masks.treeText && $0 != ReportSchema.Masks.treeDot }
    }
}

/// A fitted tree as text (scikit-learn's `export_text` layout) and as Graphviz DOT.
public enum TreeExport {
    /// `|--- iou <= 0.5` lines, leaves with their share of good and sample count.
    public static func text(_ tree: TreeModel, featureNames: [String]) -> String {
        var lines: [String] = []
        func visit(_ index: Int, depth: Int) {
            let node = tree.nodes[index]
            let indent = String(repeating: "|   ", count: depth) + "|--- "
            guard let feature = node.feature, let left = node.left, let right = node.right else {
                lines.append(indent + "good share \(format(node.positiveShare)) (\(node.samples) samples)")
                return
            }
            lines.append(indent + "\(featureNames[feature]) <= \(format(node.threshold))")
            visit(left, depth: depth + 1)
            lines.append(indent + "\(featureNames[feature]) >  \(format(node.threshold))")
            visit(right, depth: depth + 1)
        }
        if !tree.nodes.isEmpty { visit(0, depth: 0) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A `digraph` with one box per node; edges labelled true/false as scikit-learn's `export_graphviz`.
    public static func dot(_ tree: TreeModel, featureNames: [String]) -> String {
        var text = "digraph tree {\nnode [shape=box, fontname=\"helvetica\"];\n"
        for (index, node) in tree.nodes.enumerated() {
            var label = "samples = \(node.samples)\\ngood share = \(format(node.positiveShare))"
            if let feature = node.feature {
                label = "\(featureNames[feature]) <= \(format(node.threshold))\\n" + label
            }
            text += "\(index) [label=\"\(label)\"];\n"
            if let left = node.left, let right = node.right {
                text += "\(index) -> \(left) [label=\"true\"];\n\(index) -> \(right) [label=\"false\"];\n"
            }
        }
        return text + "}\n"
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.4g", value)
    }
}
