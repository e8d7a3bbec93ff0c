import Foundation

/// The JSON files ganfilter writes (model files, settings files, manifests, shard records, report summaries):
/// encoded by `JSONEncoder`, keys in snake case and sorted, pretty-printed, ending in a line break, so the same
/// value gives the same bytes. Keys without a value are written as `null` where the type says so
/// (`NullWhenAbsent`), as docs/design.md asks.
public enum JSONFile {
    /// The bytes of `value`; throws `OutputError` naming `path` when it cannot be encoded (a non-finite number).
    public static func encoded<Value: Encodable>(_ value: Value, for path: String) throws(OutputError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            return Array(try encoder.encode(value)) + [10]
        } catch {
            throw OutputError(path: path, reason: "cannot encode it as JSON: \(error)")
        }
    }

    /// Writes `value` to `path` atomically.
    public static func write<Value: Encodable>(_ value: Value, to path: String) throws(OutputError) {
        try AtomicFile.write(try encoded(value, for: path), to: path)
    }
}

/// An optional that a JSON file writes as `null` when it has no value, instead of leaving its key out (as
/// synthesised `Codable` does); read back, a missing key and `null` are both nil.
@propertyWrapper
public struct NullWhenAbsent<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// The value, nil when absent.
    public var wrappedValue: Value?

    /// Wraps `wrappedValue`.
    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    /// Reads a value or `null`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }

    /// Writes the value, or `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// A missing key reads as nil, as for a plain optional.
    public func decode<Value>(_ type: NullWhenAbsent<Value>.Type, forKey key: Key) throws -> NullWhenAbsent<Value> {
        try decodeIfPresent(type, forKey: key) ?? NullWhenAbsent(wrappedValue: nil)
    }
}
