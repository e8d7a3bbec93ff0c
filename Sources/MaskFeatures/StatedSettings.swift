import Realism

/// The measurement settings a user states for a features table that may have its own settings file (`train
/// --threshold --dilation-radius --set --reference`): used when the table has none, checked against it when it
/// has one.
public struct StatedSettings: Equatable, Sendable {
    /// Grey threshold stated; nil when not.
    public var threshold: Int?
    /// Dilation radius stated; nil when not.
    public var dilationRadius: Int?
    /// Feature set stated; nil when not.
    public var set: FeatureSet?
    /// The reference masks the realism columns were measured against, stated; nil when not. A table that went
    /// through pandas, say, has lost its settings file, and this says which reference a model trained on it needs.
    public var reference: ReferenceSet?

    /// Settings as stated, each nil when not.
    public init(threshold: Int? = nil, dilationRadius: Int? = nil, set: FeatureSet? = nil, reference: ReferenceSet? = nil) {
        self.threshold = threshold
        self.dilationRadius = dilationRadius
        self.set = set
        self.reference = reference
    }

    /// Why stated settings and a table do not fit, naming the option to change.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// `--set` names another set than the table's columns.
        case otherSet(stated: FeatureSet, table: String, holds: FeatureSet)
        /// Realism columns without a settings file naming their reference, and no reference stated.
        case realismWithoutSidecar(table: String)
        /// A reference stated for a table without realism columns.
        case referenceWithoutRealism(table: String)
        /// The settings file describes another table.
        case contradiction(String)
        /// The stated settings differ from the settings file's.
        case differ(table: String, String)

        /// The option a user changes.
        public var option: String {
            switch self {
            case .otherSet: "--set"
            case .referenceWithoutRealism: "--reference"
            case .realismWithoutSidecar, .contradiction, .differ: "--features"
            }
        }

        /// The message, naming the option and both sides of the disagreement.
        public var description: String {
            switch self {
            case .otherSet(let stated, let table, let holds):
                "--set \(stated.rawValue): \(table) holds the \(holds.rawValue) columns"
            case .realismWithoutSidecar(let table):
                "\(table) has realism columns but no \(FeatureTableSettings.sidecarPath(beside: table)) "
                    + "to say which reference masks they were measured against: name them with --reference DIR, or copy the "
                    + "settings file `features` wrote beside the table it came from to that name"
            case .referenceWithoutRealism(let table):
                "\(table) has no realism columns to have been measured against reference masks"
            case .contradiction(let text):
                "\(text); measure the table again or remove the settings file"
            case .differ(let table, let difference):
                "\(table) was measured with other settings than stated: \(difference)"
            }
        }
    }

    /// The settings the table at `table` was measured with: its settings file `sidecar` when it has one (which
    /// stated settings may not contradict), else the stated ones with `FeatureSettings`' defaults; with a note
    /// for people when no settings file says. The table's header holds the `set` columns, with (`realism`) or
    /// without realism columns.
    public func resolve(table: String, set: FeatureSet, realism: Bool, sidecar: FeatureTableSettings?,
                        toolVersion: String) throws(Problem) -> (settings: FeatureTableSettings, note: String?) {
        if let stated = self.set, stated != set { throw .otherSet(stated: stated, table: table, holds: set) }
        if reference != nil, !realism { throw .referenceWithoutRealism(table: table) }
        let measurement = FeatureSettings(threshold: UInt8(clamping: threshold ?? Int(FeatureSettings.defaultThreshold)),
                                          dilationRadius: dilationRadius ?? FeatureSettings.defaultDilationRadius, set: set,
                                          reference: reference)
        guard let sidecar else {
            guard !realism || reference != nil else { throw .realismWithoutSidecar(table: table) }
            return (FeatureTableSettings(measurement, toolVersion: toolVersion),
                    "no \(FeatureTableSettings.sidecarPath(beside: table)); the model records grey threshold \(measurement.threshold), "
                        + "dilation radius \(measurement.dilationRadius) (--threshold, --dilation-radius) and feature set \(set.rawValue)"
                        + (reference.map { " and the reference masks of \($0.folder) (digest \($0.digest), --reference)" } ?? ""))
        }
        if let contradiction = sidecar.contradiction(ofTable: table, set: set, realism: realism) { throw .contradiction(contradiction) }
        var stated = FeatureTableSettings(measurement, toolVersion: sidecar.toolVersion)
        stated.referenceDigest = reference?.digest ?? sidecar.referenceDigest
        if self != StatedSettings(), let difference = sidecar.difference(from: stated) { throw .differ(table: table, difference) }
        return (sidecar, nil)
    }
}
