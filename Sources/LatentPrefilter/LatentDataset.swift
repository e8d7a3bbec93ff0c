import Learning

/// A latent dataset: per record the group (the GAN), the five quality scores, `valid` (all five positive) and
/// the latent vector `z` (DESIGN's `group,valid,score_shape,...,score_left2right,z0,...` format).
public struct LatentDataset: Sendable {
    /// The score columns, in DESIGN's order.
    public static let scoreNames = ScoreMarginal.study.map(\.name)

    /// Group of each record.
    public var groups: [String]
    /// Whether each record's image passed every check.
    public var valid: [Bool]
    /// The five scores per record (rows = records).
    public var scores: Matrix
    /// The latent vectors (rows = records).
    public var latents: Matrix

    /// A dataset from its columns; the counts must agree.
    public init(groups: [String], valid: [Bool], scores: Matrix, latents: Matrix) {
        precondition(groups.count == valid.count && scores.rows == valid.count && latents.rows == valid.count,
                     "dataset columns differ in length")
        self.groups = groups
        self.valid = valid
        self.scores = scores
        self.latents = latents
    }

    /// Number of records.
    public var count: Int { valid.count }

    /// The distinct groups, in order of first appearance.
    public var groupNames: [String] {
        var seen = Set<String>()
        return groups.filter { seen.insert($0).inserted }
    }

    /// The CSV text (z with `zDigits` decimals; scores in shortest round-trip form).
    public func csv(zDigits: Int = 4) -> String {
        var text = (["group", "valid"] + Self.scoreNames + (0..<latents.columns).map { "z\($0)" }).joined(separator: ",") + "\n"
        text.reserveCapacity(count * (latents.columns * (zDigits + 4) + 80))
        for row in 0..<count {
            var fields = [groups[row], valid[row] ? "1" : "0"]
            for column in 0..<scores.columns { fields.append("\(scores[row, column])") }
            for column in 0..<latents.columns { fields.append(LatentDatasetFormat.fixed(latents[row, column], digits: zDigits)) }
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }
}

/// How latent values are written as text.
public enum LatentDatasetFormat {
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
