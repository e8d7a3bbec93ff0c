import FileIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `manifest.json` of an output folder (docs/design.md: tool version, command line, seed, input digests), so that a
/// folder found later says how it was made and from what. Deterministic: no times, no host names.
public struct RunManifest: Sendable {
    /// The tool's version.
    public var toolVersion: String
    /// The command line, program name first.
    public var command: [String]
    /// The seed, for commands that draw random numbers.
    public var seed: UInt64?
    /// Input files or folders, digested in the manifest.
    public var inputs: [String]
    /// The commands a composite run ran, in order.
    public var steps: [[String]]

    /// A manifest.
    public init(toolVersion: String, command: [String], seed: UInt64?, inputs: [String], steps: [[String]] = []) {
        self.toolVersion = toolVersion
        self.command = command
        self.seed = seed
        self.inputs = inputs
        self.steps = steps
    }

    /// The file's content: every key present, `seed` null for a command that draws no random numbers, the
    /// command lines shell-quoted (`ShellCommand`).
    struct File: Codable, Equatable {
        struct Input: Codable, Equatable {
            var path: String
            var fnv1a64: String
        }

        var tool = "ganfilter"
        var version: String
        var command: String
        @NullWhenAbsent var seed: UInt64?
        var steps: [String]
        var inputs: [Input]
    }

    /// The file's content, with the inputs digested now.
    var file: File {
        File(version: toolVersion, command: ShellCommand.line(command), seed: seed, steps: steps.map(ShellCommand.line),
             inputs: inputs.map { File.Input(path: $0, fnv1a64: Self.digest(of: $0)) })
    }

    /// The manifest's file name in its folder.
    public static let fileName = "manifest.json"

    /// Writes `folder/manifest.json` atomically.
    public func write(into folder: String) throws(OutputError) {
        try JSONFile.write(file, to: FolderPath.prefix(folder) + Self.fileName)
    }

    /// FNV-1a-64 (hex) of a file's bytes, or of a folder's `*.png` files (sorted paths and their bytes);
    /// "missing" when it cannot be read.
    public static func digest(of path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "missing" }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            return (try? Shard.fnv1a64(file: path)).map { String($0, radix: 16) } ?? "missing"
        }
        var bytes: [UInt8] = []
        for file in InputDiscovery.listInputs([path], recursive: true).files.map(\.path) {
            bytes += Array(file.utf8) + [0]
            bytes += (try? FileBytes.read(file)) ?? []
        }
        return String(Shard.fnv1a64(bytes), radix: 16)
    }
}
