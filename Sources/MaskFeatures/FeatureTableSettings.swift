import FileIO
import Foundation
import NumpyFormats

/// How a features table was measured, so that a model trained on it measures new masks the same way: the one
/// record of the measurement settings. Written beside a CSV written to a regular file as `F.csv.json`, carried
/// by every JSON Lines record, and stored in a mask filter model (`MaskFilterModel.featureSettings`). Decoding
/// checks the ranges (`FeatureSettings.check`), so no reader of it checks them again.
public struct FeatureTableSettings: Codable, Equatable, Sendable {
    /// A pixel was foreground when its grey value was at least this.
    public var greyThreshold: Int
    /// Radius of the square dilation element.
    public var dilationRadius: Int
    /// Which columns the table holds.
    public var featureSet: FeatureSet
    /// A digest of the reference masks of realism columns; nil without them.
    public var referenceDigest: String?
    /// The folder those reference masks were read from, as given (for messages; the digest is what counts).
    public var referenceFolder: String?
    /// The array of an `.npz` reference that was named (`--reference-member`); nil otherwise.
    public var referenceMember: String?
    /// The ganfilter version that measured the table.
    public var toolVersion: String
    /// The sizes of the masks measured; nil when not recorded (a table of an earlier ganfilter, or of more sizes
    /// than `MaskSizes.limit`). A record of the masks, not of how they were measured: `difference(from:)` leaves
    /// it out, and shards of one run hold the union of theirs (`shared(beside:)`).
    public var maskSizes: MaskSizes?
    /// A few of the table's rows, by file, with a digest of their values (`TableRowSample`), so that a table read
    /// with this settings file is known to be the one it was written with; nil in a model, in a JSON Lines record
    /// and in a settings file of an earlier ganfilter. `difference(from:)` leaves it out.
    public var rowSample: TableRowSample?

    /// The settings of a table measured with `settings`, of masks of `maskSizes` (`MaskSizes(of:)` its rows; nil: not
    /// recorded).
    public init(_ settings: FeatureSettings, toolVersion: String, maskSizes: MaskSizes? = nil) {
        greyThreshold = Int(settings.threshold)
        dilationRadius = settings.dilationRadius
        featureSet = settings.set
        referenceDigest = settings.reference?.digest
        referenceFolder = settings.reference?.folder
        referenceMember = settings.reference?.member
        self.toolVersion = toolVersion
        self.maskSizes = maskSizes
    }

    /// Settings from their parts; throws when the grey threshold or the dilation radius is out of range.
    public init(greyThreshold: Int, dilationRadius: Int, featureSet: FeatureSet, referenceDigest: String?, referenceFolder: String?,
                referenceMember: String? = nil, toolVersion: String, maskSizes: MaskSizes? = nil) throws(FeatureSettings.RangeProblem) {
        try FeatureSettings.check(greyThreshold: greyThreshold, dilationRadius: dilationRadius)
        self.greyThreshold = greyThreshold
        self.dilationRadius = dilationRadius
        self.featureSet = featureSet
        self.referenceDigest = referenceDigest
        self.referenceFolder = referenceFolder
        self.referenceMember = referenceMember
        self.toolVersion = toolVersion
        self.maskSizes = maskSizes
    }

    /// The array to read of the reference at `path`, for a table or model measured with these settings:
    /// `given` (`--reference-member`), else the array recorded here when `path` is an `.npz` archive, since
    /// that is the archive the table records; nil for a folder or an `.npy` file, which hold one set of masks.
    /// A recorded name the archive lacks is refused as any other (`ReferenceSet`), and the reference's digest is
    /// checked against the recorded one all the same.
    public func referenceMember(given: String?, reference path: String) -> String? {
        given ?? (NpzArchive.isArchive(path) ? referenceMember : nil)
    }

    enum CodingKeys: String, CodingKey {
        case greyThreshold, dilationRadius, featureSet, referenceDigest, referenceFolder, referenceMember, toolVersion, maskSizes, rowSample
    }

    /// Decodes and checks the ranges.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(greyThreshold: try container.decode(Int.self, forKey: .greyThreshold),
                          dilationRadius: try container.decode(Int.self, forKey: .dilationRadius),
                          featureSet: try container.decode(FeatureSet.self, forKey: .featureSet),
                          referenceDigest: try container.decodeIfPresent(String.self, forKey: .referenceDigest),
                          referenceFolder: try container.decodeIfPresent(String.self, forKey: .referenceFolder),
                          referenceMember: try container.decodeIfPresent(String.self, forKey: .referenceMember),
                          toolVersion: try container.decode(String.self, forKey: .toolVersion),
                          maskSizes: try container.decodeIfPresent(MaskSizes.self, forKey: .maskSizes))
            rowSample = try container.decodeIfPresent(TableRowSample.self, forKey: .rowSample)
        } catch let problem as FeatureSettings.RangeProblem {
            throw DecodingError.dataCorruptedError(forKey: problem.field == "grey_threshold" ? .greyThreshold : .dilationRadius, in: container,
                                                   debugDescription: "\(problem.field): \(problem)")
        }
    }

    /// Encodes every key; one without a value is written as null (docs/design.md), but for `reference_member`,
    /// written only when an array was named, and `row_sample`, only when there is one (never in a model), so that
    /// a table's settings and a model read as before.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(greyThreshold, forKey: .greyThreshold)
        try container.encode(dilationRadius, forKey: .dilationRadius)
        try container.encode(featureSet, forKey: .featureSet)
        try container.encode(referenceDigest, forKey: .referenceDigest)
        try container.encode(referenceFolder, forKey: .referenceFolder)
        try container.encodeIfPresent(referenceMember, forKey: .referenceMember)
        try container.encode(toolVersion, forKey: .toolVersion)
        try container.encode(maskSizes, forKey: .maskSizes)
        try container.encodeIfPresent(rowSample, forKey: .rowSample)
    }

    /// The table's feature columns, in order.
    public var columns: [String] {
        featureSet.columns(realism: referenceDigest != nil)
    }

    /// The settings with which to measure masks as this table was (without the reference: the caller loads
    /// it and checks its digest).
    public var measurement: FeatureSettings {
        FeatureSettings(threshold: UInt8(clamping: greyThreshold), dilationRadius: dilationRadius, set: featureSet)
    }

    /// The sidecar file of the table at `path`, as a writer names it.
    public static func sidecarPath(beside path: String) -> String { path + ".json" }

    /// The sidecar that describes the table at `path` when it is read: `sidecarPath(beside:)`, or for a table
    /// named `.gz` without one, the sidecar of the name without `.gz` when that exists (`gzip features.csv` leaves
    /// `features.csv.json` beside `features.csv.gz`).
    public static func sidecarRead(beside path: String) -> String {
        let own = sidecarPath(beside: path)
        guard Gzip.isCompressedName(path), FileIdentity(path: own) == nil else { return own }
        let uncompressed = sidecarPath(beside: Gzip.uncompressedName(path))
        return FileIdentity(path: uncompressed) == nil ? own : uncompressed
    }

    /// The JSON Lines fields that carry the settings in every record (without braces).
    var jsonLinesFields: String {
        "\"grey_threshold\":\(greyThreshold),\"dilation_radius\":\(dilationRadius),\"feature_set\":\(JSONText.string(featureSet.rawValue))"
            + ",\"reference_digest\":\(referenceDigest.map(JSONText.string) ?? "null")"
            + ",\"reference_folder\":\(referenceFolder.map(JSONText.string) ?? "null")"
            + (referenceMember.map { ",\"reference_member\":\(JSONText.string($0))" } ?? "")
            + ",\"tool_version\":\(JSONText.string(toolVersion))"
    }

    /// Writes the sidecar beside the table at `path`, atomically.
    public func write(beside path: String) throws(OutputError) {
        try JSONFile.write(self, to: Self.sidecarPath(beside: path))
    }

    /// The largest settings file read: one holds a few settings, at most `MaskSizes.limit` sizes and
    /// `TableRowSample.size` file names, a few kilobytes; a larger one is refused before it is read.
    public static let maximumBytes = 1 << 20

    /// The sidecar beside the table at `path`; nil when there is none (a table written to standard output, or
    /// made elsewhere). A sidecar that cannot be used is an error naming it and the field.
    public static func read(beside path: String) throws(ModelFileError) -> FeatureTableSettings? {
        let sidecar = sidecarRead(beside: path)
        guard FileIdentity(path: sidecar) != nil else { return nil }
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(sidecar, limit: maximumBytes, what: "features settings file")
        } catch {
            throw .unreadable(error.description)
        }
        do {
            // Foundation says only "not valid JSON", whatever is wrong; this says what and where.
            _ = try JSONMembers(bytes)
        } catch {
            throw .invalid("\(sidecar) is not valid JSON (cut short or edited?): \(error)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let settings: FeatureTableSettings
        do {
            settings = try decoder.decode(FeatureTableSettings.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw .invalid("\(sidecar) is not a valid features settings file: \(ModelFile.describe(error))")
        } catch {
            throw .invalid("\(sidecar) is not a valid features settings file: \(error)")
        }
        return settings
    }

    /// Why reference masks of `digest`, read from `folder`, cannot stand for the reference this table's realism
    /// columns were measured against (a threshold or a comparison from them would mean nothing for those
    /// columns); nil when the digests agree or the table records no reference.
    public func otherReference(folder: String, digest: String) -> String? {
        guard let recorded = referenceDigest, recorded != digest else { return nil }
        return "\(folder) holds other masks (digest \(digest)) than the reference the table's realism columns were measured against ("
            + (referenceFolder.map { "\($0), " } ?? "") + "digest \(recorded))"
    }

    /// What differs between tables measured with `self` and with `other`, naming both values; nil when they
    /// measure alike (the tool version does not count).
    public func difference(from other: FeatureTableSettings) -> String? {
        var differences: [String] = []
        if greyThreshold != other.greyThreshold { differences.append("grey threshold \(greyThreshold) vs \(other.greyThreshold)") }
        if dilationRadius != other.dilationRadius { differences.append("dilation radius \(dilationRadius) vs \(other.dilationRadius)") }
        if featureSet != other.featureSet { differences.append("feature set \(featureSet.rawValue) vs \(other.featureSet.rawValue)") }
        if referenceDigest != other.referenceDigest {
            differences.append("reference \(referenceDigest ?? "none") vs \(other.referenceDigest ?? "none")")
        }
        return differences.isEmpty ? nil : differences.joined(separator: ", ")
    }

    /// How these settings contradict the table at `table` they describe, whose header holds the `set` columns
    /// with (`realism`) or without realism columns; nil when they agree. A sidecar that names another feature
    /// set, or a reference for a table without realism columns, describes another table.
    public func contradiction(ofTable table: String, set: FeatureSet, realism: Bool) -> String? {
        let sidecar = Self.sidecarRead(beside: table)
        if featureSet != set {
            return "\(sidecar) says feature set \(featureSet.rawValue), but the header of \(table) holds the \(set.rawValue) columns"
        }
        if (referenceDigest != nil) != realism {
            return realism ? "\(sidecar) names no reference, but \(table) has realism columns"
                : "\(sidecar) names a reference (\(referenceDigest ?? "")), but \(table) has no realism columns"
        }
        return nil
    }

    /// The one sidecar shared by the tables at `paths` (shards of one run), with the mask sizes of them all and the
    /// row sample of the single run (`TableRowSample.merged`); nil
    /// when none has one; throws when they differ or only some have one.
    public static func shared(beside paths: [String]) throws(ModelFileError) -> FeatureTableSettings? {
        var found: [FeatureTableSettings?] = []
        for path in paths { found.append(try read(beside: path)) }
        guard let first = found.first, let settings = first else {
            guard found.allSatisfy({ $0 == nil }) else { throw .invalid("only some of the tables have a settings file (.json) beside them") }
            return nil
        }
        var shared = settings
        for (path, other) in zip(paths, found) {
            guard let other else { throw .invalid("\(path) has no settings file beside it, unlike \(paths[0])") }
            if let difference = settings.difference(from: other) {
                throw .invalid("\(path) was measured with other settings than \(paths[0]): \(difference)")
            }
            shared.maskSizes = MaskSizes.union(shared.maskSizes, other.maskSizes)
        }
        shared.rowSample = TableRowSample.merged(found.map { $0?.rowSample })
        return shared
    }
}
