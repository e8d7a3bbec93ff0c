import FileIO
import Learning
import Matrices
import NumpyFormats

/// A latent dataset: per record the group (the GAN), the latent vector `z`, and what is known of its image:
/// the five quality scores and `valid` (all five positive) in the design's
/// `group,valid,score_shape,...,score_left2right,z0,...` format, and any other 0/1 columns (`passed`, say)
/// that can be trained on as targets.
public struct LatentDataset: Sendable {
    /// The score columns, in the design's order.
    public static let scoreNames = ["score_shape", "score_abnormal", "score_maxheat", "score_symmetry", "score_left2right"]

    /// Group of each record.
    public var groups: [String]
    /// The five scores per record (rows = records); no columns when the dataset has no scores.
    public var scores: Matrix
    /// The latent vectors (rows = records).
    public var latents: Matrix
    /// 0/1 columns by name, `valid` among them when the dataset has it or its scores.
    public var targets: [String: [Bool]]

    /// A dataset in the design's format; the counts must agree.
    public init(groups: [String], valid: [Bool], scores: Matrix, latents: Matrix) {
        self.init(groups: groups, scores: scores, latents: latents, targets: ["valid": valid])
    }

    /// A dataset from its columns; the counts must agree.
    public init(groups: [String], scores: Matrix, latents: Matrix, targets: [String: [Bool]]) {
        precondition(scores.rows == groups.count && latents.rows == groups.count
                     && targets.values.allSatisfy { $0.count == groups.count }, "dataset columns differ in length")
        self.groups = groups
        self.scores = scores
        self.latents = latents
        self.targets = targets
    }

    /// Whether each record's image passed every check; empty when the dataset has neither `valid` nor scores.
    public var valid: [Bool] { targets["valid"] ?? [] }

    /// Whether the dataset has `valid` and the five scores (what `latent analyze` and `--target all` need).
    public var hasStudyColumns: Bool { scores.columns == Self.scoreNames.count && targets["valid"] != nil }

    /// What `latent train --target` accepts for this dataset: the 0/1 columns (`valid` first), then the scores.
    public var targetNames: [String] {
        let columns = targets.keys.sorted { ($0 == "valid" ? 0 : 1, $0) < ($1 == "valid" ? 0 : 1, $1) }
        return columns + (scores.columns == Self.scoreNames.count ? Self.scoreNames : [])
    }

    /// The labels of `target`: a 0/1 column, or a score (the label is score > 0); nil when the dataset has neither.
    public func labels(_ target: String) -> [Bool]? {
        if let column = targets[target] { return column }
        guard scores.columns == Self.scoreNames.count, let column = Self.scoreNames.firstIndex(of: target) else { return nil }
        return (0..<count).map { scores[$0, column] > 0 }
    }

    /// Number of records.
    public var count: Int { groups.count }

    /// The distinct groups, in order of first appearance.
    public var groupNames: [String] {
        var seen = Set<String>()
        return groups.filter { seen.insert($0).inserted }
    }

    /// Writes the dataset to `path` atomically: a `.npz` archive (`writeArchive`, exact) when the name ends so,
    /// else CSV (`csv(zDigits:)`), gzip-compressed when the name ends in `.gz`.
    public func write(to path: String, zDigits: Int? = 4) throws(OutputError) {
        if NpzArchive.isArchive(path) { return try writeArchive(to: path) }
        try Gzip.writeAsNamed(Array(csv(zDigits: zDigits).utf8), to: path)
    }

    /// The CSV text: `group`, the 0/1 columns (`valid` first), the scores (shortest round-trip form), then z with
    /// `zDigits` decimals, or when `zDigits` is nil in `LatentDatasetFormat.shortest` form.
    public func csv(zDigits: Int? = 4) -> String {
        let targetColumns = targetNames.filter { targets[$0] != nil }
        let scoreColumns = scores.columns == Self.scoreNames.count ? Self.scoreNames : []
        var text = CSVField.line(["group"] + targetColumns + scoreColumns + (0..<latents.columns).map { "z\($0)" }) + "\n"
        text.reserveCapacity(count * (latents.columns * ((zDigits ?? 16) + 4) + 80))
        for row in 0..<count {
            var fields = [groups[row]]
            for name in targetColumns { fields.append(targets[name]?[row] == true ? "1" : "0") }
            for column in 0..<scores.columns { fields.append("\(scores[row, column])") }
            for column in 0..<latents.columns {
                fields.append(zDigits.map { LatentDatasetFormat.fixed(latents[row, column], digits: $0) } ?? LatentDatasetFormat.shortest(latents[row, column]))
            }
            text += CSVField.line(fields) + "\n"
        }
        return text
    }
}

/// How latent values are written as text.
public enum LatentDatasetFormat {
    /// The shortest text that reads back to the same `Float` when `value` is a float32 value (as vectors from a
    /// float32 `.npy` are), else to the same `Double`.
    public static func shortest(_ value: Double) -> String {
        let single = Float(value)
        return Double(single) == value ? "\(single)" : "\(value)"
    }

    /// `value` with `digits` decimals (4 by default: ample for latents drawn on [-1, 1]), without Foundation.
    public static func fixed(_ value: Double, digits: Int = 4) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = String(scaled % Int(scale))
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
}
