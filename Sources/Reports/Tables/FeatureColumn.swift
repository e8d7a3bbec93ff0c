import MaskFeatures
import SymmetryFeatures

/// A column of `features.csv` as `SymmetryFeatures.FeatureTable` writes it (that table is the features
/// format, read back by `train` and `filter`, so it stays with its module); only its header's names exist.
public struct FeatureColumn: RawRepresentable, Hashable, Sendable {
    /// The column name.
    public let rawValue: String

    /// The column `rawValue`; nil when `FeatureTable` writes no such column.
    public init?(rawValue: String) {
        guard FeatureTable.header(FeatureSet.all.columns(realism: true)).contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(known name: String) {
        rawValue = name
    }

    /// The input path.
    public static let file = FeatureColumn(known: "file")
    /// `ok`, `empty` or `error`.
    public static let status = FeatureColumn(known: "status")
    /// The feature columns, in order.
    public static let features = SymmetryFeatures.names.map(FeatureColumn.init(known:))
}
