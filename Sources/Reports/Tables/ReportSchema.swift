/// The names of every file ganfilter writes into a report folder, in one place for the writers, the commands
/// that check a folder before writing into it, and the HTML page that reads them back. Each table's columns
/// are its writer's `Column` type, which the page reads by (`ReportTable<Column>`).
public enum ReportSchema {
    /// The largest JSON file of a report folder the page reads back (`summary.json`, `verify.json`): a folder is
    /// read as untrusted input like any file, and a larger file is left out of the page.
    public static let maximumJSONBytes = 64 << 20

    /// The largest mask PNG the page embeds as it is; a larger one is shown as missing.
    public static let maximumEmbeddedImageBytes = 2_000_000

    /// `train --report DIR`, `filter`, and the pipeline's `masks/`.
    public enum Masks {
        /// `ganfilter features` (columns: `FeatureColumn`).
        public static let features = "features.csv"
        /// The mask filter model.
        public static let model = "model.json"
        /// `ganfilter filter`'s decisions (`DecisionTable`).
        public static let decisions = "decisions.csv"
        /// `MaskTrainingReport`'s files.
        public static let cvResults = "cv_results.csv", roc = "roc.csv", thresholds = "thresholds.csv", summary = "summary.json",
                          excluded = "excluded.csv", unjoined = "unjoined.csv", treeText = "tree.txt", treeDot = "tree.dot"
        /// The page's own table (`BadShareTable`).
        public static let badShare = "bad_share.csv"
    }

    /// The pipeline's `generator/`: a real generator's masks, filtered with and without labels. Its features,
    /// model, decisions and training report use the `Masks` names.
    public enum Generator {
        /// `filter PATH --reference DIR`'s decisions (`DecisionTable`).
        public static let referenceDecisions = "reference_decisions.csv"
        /// `GeneratorTables`: both filters on the held-out masks, and each feature's separation.
        public static let filters = "filters.csv", separation = "separation.csv"
        /// `GeneratorTables`: the other (label-free) filter's score with every strategy's threshold chosen by the
        /// labels (`thresholds.csv`'s schema), and its ROC curve on the non-test masks.
        public static let comparedThresholds = "compared_thresholds.csv", comparedRoc = "compared_roc.csv"
        /// `GeneratorTables`: the other filter's trade-off over every labelled mask (`TradeoffColumn`).
        public static let comparedTradeoff = "compared_tradeoff.csv"
        /// `latent verify`'s record of the generator's prefilter on a fresh run (in `generator/latent/`, beside
        /// the `Latent` files of its training).
        public static let verify = "verify.json"
    }

    /// `latent analyze --report DIR`, `latent train --report DIR`, and the pipeline's `latent/`.
    public enum Latent {
        /// `LatentAnalysisTables`.
        public static let scoreStatistics = "score_statistics.csv", correlations = "correlations.csv", validShare = "valid_share.csv"
        /// Rows left out of the dataset (`IssueTable`).
        public static let issues = "issues.csv"
        /// The pipeline's folder (inside `latent/`) for `latent analyze`'s tables, apart from `latent train`'s,
        /// since both commands write an `issues.csv` and a `manifest.json`.
        public static let analysisFolder = "analysis"
        /// `LatentTrainingReport`'s files.
        public static let modelComparison = "model_comparison.csv", thresholds = "thresholds.csv", timings = "timings.json",
                          allScores = "all_scores.csv", projection = "projection.csv"
        /// The prefix of the per-group ROC and precision-recall files.
        public static let rocPrefix = "roc_", prPrefix = "pr_"

        /// `roc_<group>_<target>.csv`, the group and target percent-encoded (`ReportSchema.encode`).
        public static func roc(group: String, target: String) -> String {
            rocPrefix + encode(group) + "_" + encode(target) + ".csv"
        }

        /// `pr_<group>_<target>.csv`.
        public static func precisionRecall(group: String, target: String) -> String {
            prPrefix + encode(group) + "_" + encode(target) + ".csv"
        }
    }

    /// `text` with every UTF-8 byte outside `[A-Za-z0-9_-]` percent-encoded, for group names in file names.
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
