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

    /// As `validate`, for an output written as `kind`: a file whose name says another format (`OutputKind.misnamed`)
    /// is a usage error, so that `--output decisions.jsonl` does not leave CSV under a name pandas reads otherwise.
    /// `-`, a device or a FIFO is written as it is, whatever its name.
    static func validate(_ path: String, option: String, as kind: OutputKind) throws {
        try validate(path, option: option)
        guard OutputDestination(path: path).isFile, let why = kind.misnamed(path) else { return }
        throw ValidationError("\(option) \(path): this output is \(kind.description)\(why); give it a name ending in \(kind.names)")
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
