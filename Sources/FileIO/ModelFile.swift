import Foundation

/// A model file that cannot be used.
public enum ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file cannot be read.
    case unreadable(String)
    /// The content is not a usable model; the message says what is wrong.
    case invalid(String)

    /// What is wrong.
    public var description: String {
        switch self {
        case .unreadable(let message), .invalid(let message): return message
        }
    }
}

/// Model files: JSON objects with a `format` name and a `version`, keys in snake case and sorted so that the
/// same model gives the same bytes.
public enum ModelFile {
    /// The JSON bytes of `model`.
    public static func encode<Model: Encodable>(_ model: Model) throws(ModelFileError) -> [UInt8] {
        do {
            return try JSONFile.encoded(model, for: "the model")
        } catch {
            throw .invalid("cannot encode the model: \(error.reason)")
        }
    }

    /// The largest model file read: a forest of 100 trees on 10,000 rows a group takes about 24 MB a group;
    /// decoding holds several times the file in memory, so a larger file is refused before it is read.
    public static let maximumBytes = 512 << 20

    /// How many times its size decoding a model file holds at its peak: a 380 MB file of one long array of
    /// coefficients peaked at 1.93 GB (5.1 times).
    public static let decodingExpansion = 5

    /// The largest model file read where `budget` bytes may be taken by one input: `maximumBytes`, or less, so
    /// that decoding it fits (`decodingExpansion`).
    public static func maximumBytes(within budget: Int?) -> Int {
        min(maximumBytes, (budget ?? Int.max) / decodingExpansion)
    }

    /// The bytes of the model file at `path`, refused from its size when larger than `maximumBytes`, or than what
    /// decoding it may take of the memory one input may take here (`MemoryBudget`). Only the top-level members named
    /// by `decode`'s `keys` (the model's coding keys, in Swift's spelling) are decoded; others are skipped without
    /// being built, however large.
    public static func read(_ path: String, budget: Int? = MemoryBudget.defaultLimit) throws(ModelFileError) -> [UInt8] {
        let limit = maximumBytes(within: budget)
        do {
            return try FileBytes.read(path, limit: limit, what: "model file")
        } catch {
            let why = limit < maximumBytes && error.reason.contains("may be at most")
                ? " here: decoding one takes about \(decodingExpansion) times its size, and one input may take \(ByteCount.text(budget ?? 0)) of memory" : ""
            throw .unreadable(error.description + why)
        }
    }

    /// Checks that the model in `bytes` (read by `read`, or just encoded; `name` stands for them in messages)
    /// has the `format` `format` (`kind` names it in messages) and a version at most `currentVersion`, and
    /// decodes it.
    public static func decode<Model: Decodable>(_ type: Model.Type, bytes: [UInt8], name path: String, format: String, kind: String,
                                                currentVersion: Int, keys: [String]) throws(ModelFileError) -> Model {
        let members: [(key: String, value: Range<Int>)]
        do {
            members = try JSONMembers(bytes).members
        } catch {
            throw .invalid("\(path) is not valid JSON (cut short or edited?): \(error)")
        }
        var seen = Set<String>()
        for member in members where !seen.insert(member.key).inserted {
            throw .invalid("\(path) holds the field \(Excerpt.quoted(member.key)) twice")
        }
        func value<Value: Decodable>(_ key: String, as type: Value.Type) -> Value? {
            guard let member = members.first(where: { $0.key == key }) else { return nil }
            return try? JSONDecoder().decode([Value].self, from: Data([91] + bytes[member.value] + [93])).first
        }
        let declared = value("format", as: String.self)
        guard declared == format else {
            throw .invalid("\(path) is not a \(kind) (format is \(declared.map { Excerpt.quoted($0) } ?? "missing"), expected '\(format)')")
        }
        guard let number = value("version", as: Double.self), let version = Int(exactly: number), version >= 1 else {
            throw .invalid("\(path): version must be a whole number of at least 1")
        }
        guard version <= currentVersion else {
            throw .invalid("\(path) was written by a newer ganfilter (model version \(version); this one reads up to \(currentVersion)); upgrade ganfilter")
        }
        let known = Set(keys.map(snakeCase))
        var kept: [UInt8] = [123]
        for member in members where known.contains(member.key) {
            if kept.count > 1 { kept.append(44) }
            kept += Array(JSONText.string(member.key).utf8) + [58] + bytes[member.value]
        }
        kept.append(125)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(Model.self, from: Data(kept))
        } catch let error as DecodingError {
            throw .invalid("\(path) is not a valid \(kind): \(describe(error))")
        } catch {
            throw .invalid("\(path) is not a valid \(kind): \(error)")
        }
    }

    /// A decoding error as a person reads it: the field, in the file's own spelling, and what is wrong with it.
    public static func describe(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String {
            let text = path.map { key in key.intValue.map { "[\($0)]" } ?? "." + snakeCase(key.stringValue) }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : (text.isEmpty ? "(top level)" : text)
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "field \(field(context.codingPath + [key])) is missing"
        case .valueNotFound(_, let context):
            return "field \(field(context.codingPath)) is null"
        case .typeMismatch(let type, let context):
            return "field \(field(context.codingPath)) is not \(typeName(type))"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            // Foundation says only "not valid JSON" when a number does not fit its field.
            return "a field holds a number of the wrong kind (a fraction where a whole number is needed, or out of range)"
        case .dataCorrupted(let context):
            // The message is a model's own check (which may quote a value): longer than an excerpt of input.
            return "field \(field(context.codingPath)): \(Excerpt.quoted(context.debugDescription, limit: 3 * Excerpt.maximumLength))"
        @unknown default:
            return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is UInt64.Type: return "a whole number"
        case is Double.Type, is Float.Type: return "a number"
        case is String.Type: return "text"
        case is Bool.Type: return "true or false"
        default: return "of the expected kind (\(type))"
        }
    }

    private static func snakeCase(_ key: String) -> String {
        var text = ""
        for character in key {
            if character.isUppercase { text += "_" + character.lowercased() } else { text.append(character) }
        }
        return text
    }
}

