import FileIO
import Foundation

/// How a features table was measured, so that a model trained on it measures new masks the same way: written
/// beside a CSV written to a regular file as `F.csv.json`, and carried by every JSON Lines record.
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
    /// The ganfilter version that measured the table.
    public var toolVersion: String

    /// The settings of a table measured with `settings`.
    public init(_ settings: FeatureSettings, toolVersion: String) {
        greyThreshold = Int(settings.threshold)
        dilationRadius = settings.dilationRadius
        featureSet = settings.set
        referenceDigest = settings.reference?.digest
        referenceFolder = settings.reference?.folder
        self.toolVersion = toolVersion
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

    /// The sidecar file of the table at `path`.
    public static func sidecarPath(beside path: String) -> String { path + ".json" }

    /// The JSON Lines fields that carry the settings in every record (without braces).
    var jsonLinesFields: String {
        "\"grey_threshold\":\(greyThreshold),\"dilation_radius\":\(dilationRadius),\"feature_set\":\(JSONText.string(featureSet.rawValue))"
            + (referenceDigest.map { ",\"reference_digest\":\(JSONText.string($0))" } ?? "")
            + (referenceFolder.map { ",\"reference_folder\":\(JSONText.string($0))" } ?? "")
    }

    /// Writes the sidecar beside the table at `path`, atomically.
    public func write(beside path: String) throws(OutputError) {
        let text = "{\n  \"dilation_radius\": \(dilationRadius),\n  \"feature_set\": \(JSONText.string(featureSet.rawValue)),\n"
            + "  \"grey_threshold\": \(greyThreshold),\n"
            // Keys without a value are written as null (docs/design.md).
            + "  \"reference_digest\": \(referenceDigest.map(JSONText.string) ?? "null"),\n"
            + "  \"reference_folder\": \(referenceFolder.map(JSONText.string) ?? "null"),\n"
            + "  \"tool_version\": \(JSONText.string(toolVersion))\n}\n"
        try AtomicFile.write(Array(text.utf8), to: Self.sidecarPath(beside: path))
    }

    /// The sidecar beside the table at `path`; nil when there is none (a table written to standard output, or
    /// made elsewhere). A sidecar that cannot be used is an error naming it and the field.
    public static func read(beside path: String) throws(ModelFileError) -> FeatureTableSettings? {
        let sidecar = sidecarPath(beside: path)
        guard FileIdentity(path: sidecar) != nil else { return nil }
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(sidecar)
        } catch {
            throw .unreadable(error.description)
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
        guard (0...255).contains(settings.greyThreshold), (0...4096).contains(settings.dilationRadius) else {
            throw .invalid("\(sidecar): grey_threshold must be in 0...255 and dilation_radius in 0...4096")
        }
        return settings
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
        let sidecar = Self.sidecarPath(beside: table)
        if featureSet != set {
            return "\(sidecar) says feature set \(featureSet.rawValue), but the header of \(table) holds the \(set.rawValue) columns"
        }
        if (referenceDigest != nil) != realism {
            return realism ? "\(sidecar) names no reference, but \(table) has realism columns"
                : "\(sidecar) names a reference (\(referenceDigest ?? "")), but \(table) has no realism columns"
        }
        return nil
    }

    /// The one sidecar shared by the tables at `paths` (shards of one run), nil when none has one; throws when
    /// they differ or only some have one.
    public static func shared(beside paths: [String]) throws(ModelFileError) -> FeatureTableSettings? {
        var found: [FeatureTableSettings?] = []
        for path in paths { found.append(try read(beside: path)) }
        guard let first = found.first, let settings = first else {
            guard found.allSatisfy({ $0 == nil }) else { throw .invalid("only some of the tables have a settings file (.json) beside them") }
            return nil
        }
        for (path, other) in zip(paths, found) {
            guard let other else { throw .invalid("\(path) has no settings file beside it, unlike \(paths[0])") }
            if let difference = settings.difference(from: other) {
                throw .invalid("\(path) was measured with other settings than \(paths[0]): \(difference)")
            }
        }
        return settings
    }
}
