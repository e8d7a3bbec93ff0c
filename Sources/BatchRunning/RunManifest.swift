import FileIO
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `manifest.json` of an output folder (docs/design.md: tool version, command line, seed, input digests), so that a
/// folder found later says how it was made and from what. Deterministic: no times, no host names.
///
/// It also lists the files the run wrote in the folder (`outputs`), so that a later run of the same command into
/// the folder can remove the files of the earlier run it no longer writes (a tree's drawing beside a model that
/// is no longer a tree, the part of a study left out): `write(into:)` says how.
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
    /// The files the run wrote in the folder, relative to it (`roc.csv`, `masks/model.json`); the manifest aside.
    public var outputs: [String]

    /// A manifest.
    public init(toolVersion: String, command: [String], seed: UInt64?, inputs: [String], steps: [[String]] = [], outputs: [String] = []) {
        self.toolVersion = toolVersion
        self.command = command
        self.seed = seed
        self.inputs = inputs
        self.steps = steps
        self.outputs = outputs
    }

    /// The command that wrote the folder: the words of the command line after the program's name up to the first
    /// option (`train`, `latent train`, `pipeline`). Only a run of the same command removes what another wrote.
    public var writer: String {
        command.dropFirst().prefix { !$0.hasPrefix("-") }.joined(separator: " ")
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
        var writer: String
        var outputs: [String]
    }

    /// What `write(into:)` reads of the manifest it replaces; a manifest written before `outputs` was recorded
    /// lists none.
    struct Earlier: Decodable {
        var writer: String?
        var outputs: [String]?
    }

    /// The file's content, with the inputs digested now.
    var file: File {
        File(version: toolVersion, command: ShellCommand.line(command), seed: seed, steps: steps.map(ShellCommand.line),
             inputs: inputs.map { File.Input(path: $0, fnv1a64: Self.digest(of: $0)) }, writer: writer,
             outputs: Array(Set(outputs).subtracting([Self.fileName])).sorted())
    }

    /// The manifest's file name in its folder.
    public static let fileName = "manifest.json"

    /// What `write(into:)` does to an earlier run's files, as a command's `--help` says it of its output folder.
    public static let refreshHelp = "Run again into the same folder, it removes the files the earlier run wrote there and this one does "
        + "not (unless changed since), and says so; files of your own stay."

    /// What writing a manifest did to the files an earlier run of the same command wrote in the folder and this run
    /// did not.
    public struct Refresh: Equatable, Sendable {
        /// Removed, relative to the folder.
        public var removed: [String] = []
        /// Left in place, each with the reason: changed since that run, an input of this one, not a regular file.
        public var kept: [(file: String, reason: String)] = []

        /// Nothing removed or kept.
        public init() {}

        /// A note for people, naming the folder; nil when nothing was left over.
        public func note(folder: String) -> String? {
            var parts: [String] = []
            if !removed.isEmpty {
                parts.append("removed \(Self.files(removed.count)) an earlier run wrote in \(folder) and this one did not "
                    + "(\(Self.list(removed))), so that the folder holds this run's results alone")
            }
            if let first = kept.first {
                parts.append("kept \(Self.files(kept.count)) an earlier run wrote in \(folder) and this one did not: \(first.file) (\(first.reason))"
                    + (kept.count > 1 ? " and \(kept.count - 1) more" : ""))
            }
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        }

        private static func files(_ count: Int) -> String { count == 1 ? "1 file" : "\(count) files" }

        private static func list(_ files: [String]) -> String {
            files.prefix(3).joined(separator: ", ") + (files.count > 3 ? ", ..." : "")
        }

        /// The same files removed, and kept for the same reasons.
        public static func == (a: Refresh, b: Refresh) -> Bool {
            a.removed == b.removed && a.kept.map(\.file) == b.kept.map(\.file) && a.kept.map(\.reason) == b.kept.map(\.reason)
        }
    }

    /// Writes `folder/manifest.json` atomically. First, the files the manifest it replaces lists as written by the
    /// same command (`writer`) and this run's `outputs` do not are removed, each only when it is a regular file
    /// inside the folder, no input of this run, and unchanged since that manifest was written (its status-change
    /// time no later than the manifest's: a file edited, copied over or renamed in since is kept). Folders left
    /// empty by that are removed too. A manifest of another command, or one unreadable or written before outputs
    /// were recorded, removes nothing.
    @discardableResult
    public func write(into folder: String) throws(OutputError) -> Refresh {
        let path = FolderPath.prefix(folder) + Self.fileName
        let refresh = removeLeftovers(of: earlier(path), in: folder)
        try JSONFile.write(file, to: path)
        return refresh
    }

    /// The outputs the manifest at `path` lists with the version of the manifest, when the same command wrote it.
    private func earlier(_ path: String) -> (outputs: [String], written: FileVersion)? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, let version = FileVersion(path: path),
              let bytes = try? FileBytes.read(path, limit: Self.manifestLimit, what: "manifest"),
              let earlier = try? JSONDecoder().decode(Earlier.self, from: Data(bytes)),
              earlier.writer == writer, let outputs = earlier.outputs else { return nil }
        return (outputs, version)
    }

    /// The largest manifest read back (a manifest is untrusted input like any file).
    static let manifestLimit = 16 << 20

    private func removeLeftovers(of earlier: (outputs: [String], written: FileVersion)?, in folder: String) -> Refresh {
        var refresh = Refresh()
        guard let earlier else { return refresh }
        let current = Set(outputs + [Self.fileName])
        let inputFiles = Set(inputs.compactMap(FileIdentity.init(path:)))
        var emptied = Set<String>()
        for key in Set(earlier.outputs).subtracting(current).sorted() {
            guard FolderPath.isInside(key, folder: folder) else { continue }
            let path = FolderPath.prefix(folder) + key
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            guard info.st_mode & S_IFMT == S_IFREG, let version = FileVersion(path: path) else {
                refresh.kept.append((key, "not a regular file"))
                continue
            }
            if inputFiles.contains(version.identity) || inputFiles.contains(where: { $0.isFolder && FileIdentity(path: FolderPath.containing(path)) == $0 }) {
                refresh.kept.append((key, "an input of this run"))
            } else if version.changed > earlier.written.changed {
                refresh.kept.append((key, "changed since that run"))
            } else if unlink(path) == 0 {
                refresh.removed.append(key)
                if key.contains("/") { emptied.insert(FolderPath.containing(key)) }
            } else {
                refresh.kept.append((key, SystemError.message(errno)))
            }
        }
        // Deepest first; rmdir leaves a folder that still holds anything.
        for key in emptied.sorted(by: { $0.count > $1.count }) {
            var parent = key
            while parent != "." && parent != "/" && rmdir(FolderPath.prefix(folder) + parent) == 0 {
                parent = FolderPath.containing(parent)
            }
        }
        return refresh
    }

    /// FNV-1a-64 (hex) of a file's bytes, or of a folder's `*.png` files (sorted paths and their bytes);
    /// "missing" when it cannot be read.
    public static func digest(of path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "missing" }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            return (try? Shard.fnv1a64(file: path)).map { String($0, radix: 16) } ?? "missing"
        }
        // One file at a time, a chunk at a time: a folder of masks may be far larger than memory.
        var hash = FNV1a()
        for file in InputDiscovery.listInputs([path], recursive: true).files.map(\.path) {
            hash.add(bytes: Array(file.utf8) + [0])
            try? hash.add(file: file)
        }
        return String(hash.value, radix: 16)
    }
}
