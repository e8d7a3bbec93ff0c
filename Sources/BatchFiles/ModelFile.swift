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
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            return Array(try encoder.encode(model)) + [10]
        } catch {
            throw .invalid("cannot encode the model: \(error)")
        }
    }

    /// Reads `path`, checks that its `format` is `format` (`kind` names it in messages) and its version at most
    /// `currentVersion`, and decodes it.
    public static func decode<Model: Decodable>(_ type: Model.Type, path: String, format: String, kind: String,
                                                currentVersion: Int) throws(ModelFileError) -> Model {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path)
        } catch {
            throw .unreadable(error.description)
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let header = try? decoder.decode(ModelFileHeader.self, from: Data(bytes)) else {
            throw .invalid("\(path) is not a JSON object")
        }
        guard header.format == format else {
            throw .invalid("\(path) is not a \(kind) (format is \(header.format.map { "'\($0)'" } ?? "missing"), expected '\(format)')")
        }
        guard let version = header.version, version >= 1 else { throw .invalid("\(path) has no valid version") }
        guard version <= currentVersion else {
            throw .invalid("\(path) was written by a newer ganfilter (model version \(version); this one reads up to \(currentVersion)); upgrade ganfilter")
        }
        do {
            return try decoder.decode(Model.self, from: Data(bytes))
        } catch {
            throw .invalid("\(path) is not a valid \(kind): \(error)")
        }
    }
}

/// The two fields every model file starts with.
private struct ModelFileHeader: Decodable {
    let format: String?
    let version: Int?
}
