import MaskFeatures
import Realism

/// What a mask filter model takes, checked before it is applied: a features table measured as its training
/// features were, and the reference masks of its realism columns (`filter --model`, the pipeline's filter step).
public enum ModelInputs {
    /// Why an input does not fit the model, naming the option to change.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// The table holds other columns than the model takes.
        case otherColumns(table: String, set: FeatureSet, realism: Bool, model: FeatureSet, modelRealism: Bool)
        /// The table was measured with other settings than the model's features.
        case otherSettings(table: String, String)
        /// A reference was given for a model without realism columns.
        case unneededReference
        /// The model's realism columns need the reference they were measured against.
        case referenceNeeded(folder: String?, member: String?, digest: String)
        /// The reference holds other masks than the model's.
        case otherReference(folder: String, digest: String, model: String)

        /// The option a user changes.
        public var option: String {
            switch self {
            case .otherColumns, .otherSettings: "--features"
            case .unneededReference, .referenceNeeded, .otherReference: "--reference"
            }
        }

        /// The message, naming what the input holds and what the model takes.
        public var description: String {
            switch self {
            case .otherColumns(let table, let set, let realism, let model, let modelRealism):
                "\(table) holds the \(set.rawValue) columns" + (realism ? " with realism" : "") + "; the model takes the \(model.rawValue) columns"
                    + (modelRealism ? " with realism" : "")
            case .otherSettings(let table, let difference):
                "\(table) was measured otherwise than the model expects (table vs model): \(difference)"
            case .unneededReference:
                "the model has no realism columns"
            case .referenceNeeded(let folder, let member, let digest):
                "the model's realism columns need the reference masks it was trained against (" + (folder.map { "\($0), " } ?? "")
                    + (member.map { "array \($0), " } ?? "") + "digest \(digest))"
            case .otherReference(let folder, let digest, let model):
                "\(folder) holds other masks than the model was trained against (digest \(digest) vs \(model))"
            }
        }
    }

    /// Checks that the table at `table`, of the `set` columns with (`realism`) or without realism columns and
    /// the settings file `sidecar`, was measured as `model`'s features were; returns a note for people when no
    /// settings file says.
    public static func check(table: String, set: FeatureSet, realism: Bool, sidecar: FeatureTableSettings?,
                             against model: MaskFilterModel) throws(Problem) -> String? {
        let expected = model.featureSettings
        var note: String?
        if let sidecar {
            if let difference = sidecar.difference(from: expected) { throw .otherSettings(table: table, difference) }
        } else {
            note = "no \(FeatureTableSettings.sidecarPath(beside: table)); assuming \(table) was measured as the model's features were "
                + "(grey threshold \(expected.greyThreshold), dilation radius \(expected.dilationRadius))"
        }
        guard set == model.featureSet, realism == (model.referenceDigest != nil) else {
            throw .otherColumns(table: table, set: set, realism: realism, model: model.featureSet, modelRealism: model.referenceDigest != nil)
        }
        return note
    }

    /// A warning when `rows` (masks just measured, or a JSON Lines table's) hold masks of a size `model` never
    /// learned from; nil when every size is one it learned from, or when the model or the rows record none.
    /// The dilation radius and other measures are in pixels, so a model's probabilities need not hold for masks of
    /// another size: the filter still decides, and says so.
    public static func sizeWarning(_ rows: [FeatureRow], against model: MaskFilterModel) -> String? {
        guard let learned = model.featureSettings.maskSizes else { return nil }
        let measured = rows.compactMap { row in row.size.map { (file: row.file, size: $0) } }
        let other = measured.filter { !learned.contains($0.size) }
        guard let first = other.first else { return nil }
        let sizes = MaskSizes(other.map(\.size)).map { "\($0)" } ?? "more than \(MaskSizes.limit) sizes"
        return "warning: \(other.count) of \(measured.count) masks are of a size the model never learned from (\(sizes); the first is "
            + "\(first.file)): " + learnedFrom(learned, model: model)
    }

    /// A warning when the features table at `table`, of `rows` and the settings `sidecar`, holds masks of a size
    /// `model` never learned from: by its rows' sizes (a JSON Lines table), else by those its settings file records.
    public static func sizeWarning(table: String, rows: [FeatureRow], sidecar: FeatureTableSettings?, against model: MaskFilterModel) -> String? {
        if rows.contains(where: { $0.size != nil }) { return sizeWarning(rows, against: model) }
        guard let learned = model.featureSettings.maskSizes, let recorded = sidecar?.maskSizes,
              let other = MaskSizes(recorded.sizes.filter { !learned.contains($0) }), !other.sizes.isEmpty else { return nil }
        return "warning: \(table) holds masks of a size the model never learned from (\(other), by "
            + "\(FeatureTableSettings.sidecarRead(beside: table))): " + learnedFrom(learned, model: model)
    }

    /// The end of a size warning: what the model learned from, and what to do.
    private static func learnedFrom(_ learned: MaskSizes, model: MaskFilterModel) -> String {
        "it learned from masks of \(learned.sizes.isEmpty ? "no size" : "\(learned)"). Some features are measured in pixels (the dilation "
            + "radius is \(model.featureSettings.dilationRadius) pixels), so its probabilities may not hold for them; resize the masks to a size it "
            + "learned from, or train a model on masks of theirs"
    }

    /// Checks, before any reference is read, that one is given exactly when `model` has realism columns.
    public static func check(referenceGiven: Bool, against model: MaskFilterModel) throws(Problem) {
        switch (model.referenceDigest, referenceGiven) {
        case (nil, true): throw .unneededReference
        case (let digest?, false): throw .referenceNeeded(folder: model.featureSettings.referenceFolder, member: model.featureSettings.referenceMember,
                                                                 digest: digest)
        default: return
        }
    }

    /// Checks that `reference` holds the masks `model`'s realism columns were measured against.
    public static func check(reference: ReferenceSet, against model: MaskFilterModel) throws(Problem) {
        try check(referenceGiven: true, against: model)
        if let digest = model.referenceDigest, reference.digest != digest {
            throw .otherReference(folder: reference.folder, digest: reference.digest, model: digest)
        }
    }
}
