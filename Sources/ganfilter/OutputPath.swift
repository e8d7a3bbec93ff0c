import ArgumentParser
import FileIO
import MaskFeatures

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks output locations before any work starts, so a typo fails in a second, not after an hour.
enum OutputPath {
    /// Throws a usage error unless `path` is `-`, a descriptor's, device's or FIFO's name (written directly), or a
    /// file name in an existing, writable folder (the target's, for a link).
    static func validate(_ path: String, option: String) throws {
        guard !path.isEmpty, !path.hasSuffix("/") else {
            throw ValidationError("\(option) must name a file, got '\(path)'")
        }
        guard case .file(let file) = OutputDestination(path: path) else { return }
        var info = stat()
        let folder = FolderPath.containing(file)
        guard stat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw ValidationError("\(option) \(path): the folder \(folder) does not exist")
        }
        guard access(folder, W_OK) == 0 else {
            throw ValidationError("\(option) \(path): the folder \(folder) is not writable")
        }
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw ValidationError("\(option) \(path) is a folder; give a file name")
        }
    }

    /// As `validate`, for an output written as a NumPy `.npy` file: a file must be named `.npy` (any case), so that
    /// `--output kept.csv` does not leave NumPy bytes under a CSV's name. `-`, a device or a FIFO is written as it is.
    static func validateNumpy(_ path: String, option: String) throws {
        try validate(path, option: option)
        guard OutputDestination(path: path).isFile, !path.lowercased().hasSuffix(".npy") else { return }
        throw ValidationError("\(option) \(path): this output is a NumPy .npy file; give it a name ending in .npy")
    }

    /// As `validate`, for an output written as a CSV table: a file named as JSON, JSON Lines or NumPy (`.json`,
    /// `.jsonl`, `.ndjson`, `.npy`, `.npz`, any of them `.gz`) is refused, so that `-o decisions.jsonl` does not
    /// leave CSV under a name pandas reads otherwise. Any other name is written as CSV (`.gz`: compressed).
    static func validateCSV(_ path: String, option: String) throws {
        try refuseName(path, option: option, suffixes: [".json", ".jsonl", ".ndjson", ".npy", ".npz"],
                       what: "a CSV table", give: ".csv (or .csv.gz)")
    }

    /// As `validate`, for a features table, CSV or JSON Lines (`FeatureTable.Format(outputNamed:)`): a file named
    /// as JSON or NumPy (`.json`, `.npy`, `.npz`, any of them `.gz`) is refused.
    static func validateFeatureTable(_ path: String, option: String) throws {
        try refuseName(path, option: option, suffixes: [".json", ".npy", ".npz"],
                       what: "a features table, CSV or JSON Lines", give: ".csv or .jsonl (or either .gz)")
    }

    /// `validate`, then a usage error when `path` is a file whose name, less a `.gz`, ends in one of `suffixes`
    /// (lower case): it would hold `what` under another format's name.
    private static func refuseName(_ path: String, option: String, suffixes: [String], what: String, give: String) throws {
        try validate(path, option: option)
        let name = Gzip.uncompressedName(path).lowercased()
        guard OutputDestination(path: path).isFile, let suffix = suffixes.first(where: name.hasSuffix) else { return }
        throw ValidationError("\(option) \(path): this output is \(what), not \(suffix); give it a name ending in \(give)")
    }

    /// Throws a usage error when the output folder `path` (made if missing) is empty or names something that is not
    /// a folder (a file, a FIFO), so that the command stops before any work instead of when it writes there.
    static func validateFolder(_ path: String?, option: String) throws {
        guard let path else { return }
        guard !path.isEmpty else { throw ValidationError("\(option) must name a folder") }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFDIR {
            throw ValidationError("\(option) \(path) exists and is not a folder (a \(SystemError.fileKind(info.st_mode))); give a folder")
        }
    }
}

extension OutputPath {
    /// Throws a usage error when an output names an input or another output, or a report folder would replace
    /// an input (docs/design.md: files are never clobbered). Call before any work.
    static func refuseClobbering(outputs: [NamedPath], folders: [OutputFolder] = [], inputs: [NamedPath]) throws {
        do {
            try ClobberCheck.check(outputs: outputs, folders: folders, inputs: inputs)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Throws a usage error when an output is a file of masks that the features table `table` names in `rows`
    /// (`ClobberCheck.check(outputs:notAmong:namedIn:)`): a command that reads the table never reads those files.
    static func refuseClobbering(outputs: [NamedPath], maskFilesOf rows: [FeatureRow], table: NamedPath) throws {
        do {
            try ClobberCheck.check(outputs: outputs, notAmong: FeatureRow.files(of: rows), namedIn: table)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// A report folder that holds the files whose names `names` lists, and those that `prefixes`/`suffix` match.
    static func reportFolder(_ option: String, _ path: String, names: [String], prefixes: [String] = [], suffix: String = ".csv") -> OutputFolder {
        OutputFolder(NamedPath(option, path)) { name in
            names.contains(name) || (name.hasSuffix(suffix) && prefixes.contains { name.hasPrefix($0) })
        }
    }
}
