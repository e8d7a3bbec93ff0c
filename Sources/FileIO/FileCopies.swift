import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies input files into a folder under a key that does not depend on where the inputs are: the path
/// relative to the input folder it was found in (`gen/run1/a.png` found in `gen/` is `run1/a.png`), or the base
/// name for a file named on its own, never an absolute path. A copy never overwrites a file ganfilter did not
/// copy; each appears whole or not at all (temporary file, then a hard link or rename). The keys copied are
/// recorded in the folder's manifest, so that `CopyMode.sync` can remove what a later run no longer copies.
public enum FileCopies {
    /// The manifest of the keys ganfilter copied into a folder.
    public static let manifestName = ".ganfilter-copies.json"

    /// What a copy run did.
    public struct Outcome: Equatable, Sendable {
        /// Files copied (or refreshed).
        public var copied = 0
        /// Files left as they were because they already held the same bytes.
        public var unchanged = 0
        /// Earlier copies removed by `sync`.
        public var removed = 0
        /// One message per file that was not copied or removed.
        public var problems: [String] = []
    }

    /// The key of `file` below a copy folder: its path relative to the input folder of `inputs` it lies in
    /// (the longest such folder), else its base name.
    public static func key(of file: String, inputs: [String]) -> String {
        let prefixes = inputs.filter { FileIdentity(path: $0)?.isFolder == true }.map(FolderPath.prefix).filter { file.hasPrefix($0) }
        if let prefix = prefixes.max(by: { $0.count < $1.count }), file.count > prefix.count {
            return String(file.dropFirst(prefix.count))
        }
        return FolderPath.lastComponent(file)
    }

    /// Copies each `(source, key)` to `folder/key` as `mode` says. Throws only when the folder itself cannot be
    /// created or its manifest written.
    public static func copy(_ files: [(source: String, key: String)], into folder: String, mode: CopyMode) throws(OutputError) -> Outcome {
        try AtomicFile.createFolder(folder)
        let prefix = FolderPath.prefix(folder)
        let manifestPath = prefix + manifestName
        var outcome = Outcome()
        var recorded = Set(readManifest(manifestPath, problems: &outcome.problems))
        var wanted = Set<String>()
        for (source, key) in files {
            let parts = key.split(separator: "/").filter { $0 != "." }
            guard !parts.isEmpty, !parts.contains("..") else {
                outcome.problems.append("\(source): not copied: a path with '..' cannot be kept below \(folder)")
                continue
            }
            let key = parts.joined(separator: "/")
            guard wanted.insert(key).inserted else {
                outcome.problems.append("\(source): not copied: another input has the same name \(key) below \(folder)")
                continue
            }
            let destination = prefix + key
            do throws(OutputError) {
                if let slash = destination.lastIndex(of: "/") { try AtomicFile.createFolder(String(destination[..<slash])) }
                switch try copyOne(source, to: destination, replacing: mode == .sync && recorded.contains(key)) {
                case .copied:
                    outcome.copied += 1
                    recorded.insert(key)
                case .unchanged:
                    outcome.unchanged += 1
                }
            } catch {
                outcome.problems.append("\(source): not copied: \(error)")
            }
        }
        if mode == .sync {
            for key in recorded.subtracting(wanted).sorted() {
                // A manifest is input like any other: a key that leaves the folder (`..`, an absolute path, a
                // link to a folder elsewhere) is never removed.
                guard FolderPath.isInside(key, folder: folder) else {
                    outcome.problems.append("\(manifestPath): \(Excerpt.quoted(key)) lies outside \(folder); not removed")
                    recorded.remove(key)
                    continue
                }
                let path = prefix + key
                var info = stat()
                if lstat(path, &info) != 0 || info.st_mode & S_IFMT != S_IFREG || unlink(path) == 0 {
                    recorded.remove(key)
                    if info.st_mode & S_IFMT == S_IFREG { outcome.removed += 1 }
                } else {
                    outcome.problems.append("\(path): an earlier copy not removed: \(SystemError.message(errno))")
                }
            }
        }
        var manifestInfo = stat()
        if lstat(manifestPath, &manifestInfo) == 0 && manifestInfo.st_mode & S_IFMT != S_IFREG {
            outcome.problems.append("\(manifestPath) is not a regular file; the copies made are not recorded")
            return outcome
        }
        try JSONFile.write(Manifest(format: Self.manifestFormat, files: recorded.sorted()), to: manifestPath)
        return outcome
    }

    private enum Copied { case copied, unchanged }

    /// The copy manifest's content: the files copied, sorted.
    struct Manifest: Codable {
        var format: String
        var files: [String]
    }

    /// The `format` of every copy manifest.
    static let manifestFormat = "ganfilter-copies"

    /// Copies `source` to `destination`; an existing destination with the same bytes is left alone, another is
    /// replaced only when `replacing` (an earlier copy of ganfilter's) and otherwise reported.
    private static func copyOne(_ source: String, to destination: String, replacing: Bool) throws(OutputError) -> Copied {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(source)
        } catch {
            throw OutputError(path: source, reason: error.reason)
        }
        var info = stat()
        if lstat(destination, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == bytes.count, (try? FileBytes.read(destination)) == bytes {
                return .unchanged
            }
            guard replacing, info.st_mode & S_IFMT == S_IFREG else {
                throw OutputError(path: destination, reason: "exists already; not overwritten")
            }
            try AtomicFile.write(bytes, to: destination)
            return .copied
        }
        let temporary = destination + ".ganfilter-copy"
        TemporaryFiles.process.register(temporary)
        defer {
            unlink(temporary)
            TemporaryFiles.process.unregister(temporary)
        }
        try AtomicFile.write(bytes, to: temporary)
        guard link(temporary, destination) == 0 else {
            throw OutputError(path: destination, reason: errno == EEXIST ? "exists already; not overwritten" : SystemError.message(errno))
        }
        return .copied
    }

    /// The keys a folder's manifest lists; an unreadable or malformed manifest (which is reported) lists none,
    /// so nothing is removed on its word.
    private static func readManifest(_ path: String, problems: inout [String]) -> [String] {
        var info = stat()
        guard lstat(path, &info) == 0 else { return [] }
        guard let bytes = try? FileBytes.read(path, limit: 64 << 20, what: "copy manifest"),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: Data(bytes)), manifest.format == manifestFormat else {
            problems.append("\(path): not a ganfilter copy manifest; no earlier copy is removed")
            return []
        }
        return manifest.files
    }
}
