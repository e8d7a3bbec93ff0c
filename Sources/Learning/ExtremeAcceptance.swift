/// A threshold that accepts or rejects nearly everything it is applied to: it turns a filter off, or keeps
/// (almost) nothing. `filter`, `latent screen` and `latent sample` warn when theirs does, naming a stored
/// strategy that does not, and the report flags such rows.
public enum ExtremeAcceptance {
    /// A threshold is extreme when it accepts at least this share, or rejects at least this share.
    public static let share = 0.99

    /// Whether accepting `accepted` of `total` is extreme (never for an empty batch).
    public static func isExtreme(accepted: Int, of total: Int) -> Bool {
        guard total > 0 else { return false }
        let fraction = Double(accepted) / Double(total)
        return fraction >= share || fraction <= 1 - share
    }

    /// The share of `scores` each stored strategy's threshold accepts (`score >= threshold`), in the stored
    /// order; strategies without a threshold are left out.
    public static func shares(of thresholds: [StrategyThreshold], on scores: [Double]) -> [(strategy: ThresholdStrategy, share: Double)] {
        guard !scores.isEmpty else { return [] }
        return thresholds.compactMap { entry in
            entry.threshold.map { threshold in
                (entry.strategy, Double(scores.count { $0 >= threshold }) / Double(scores.count))
            }
        }
    }

    /// A line for standard error, beginning `warning:`, when `accepted` of `total` `items` is extreme; nil when
    /// it is not. It names the first of `alternatives` (a strategy and the share it accepts of the same items,
    /// or of a sample of them) that is not extreme, or says that none is; `otherwise` says what else to try
    /// when no strategy is stored (another quantile, say).
    public static func warning(accepted: Int, of total: Int, items: String, threshold: String,
                               alternatives: [(strategy: ThresholdStrategy, share: Double)], otherwise: String? = nil) -> String? {
        guard isExtreme(accepted: accepted, of: total) else { return nil }
        let fraction = Double(accepted) / Double(total)
        let effect = fraction >= share ? "it filters (almost) nothing out" : "it keeps (almost) nothing"
        var text = "warning: the threshold \(threshold) accepts \(accepted) of \(total) \(items) "
            + "(\(Self.percent(fraction))): \(effect)"
        if let better = alternatives.first(where: { $0.share > 1 - share && $0.share < share }) {
            text += "; the strategy \(better.strategy) accepts \(Self.percent(better.share)) of them (--strategy \(better.strategy))"
        } else if let otherwise {
            text += "; \(otherwise)"
        } else if !alternatives.isEmpty {
            text += "; no strategy the model stores accepts between 1% and 99% of them (more labels, or --accept-threshold)"
        }
        return text
    }

    private static func percent(_ fraction: Double) -> String {
        let value = (1000 * fraction).rounded() / 10
        return (value == value.rounded() ? String(Int(value)) : "\(value)") + "%"
    }
}
