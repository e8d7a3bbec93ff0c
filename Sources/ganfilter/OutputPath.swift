import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks output locations before any work starts, so a typo fails in a second, not after an hour.
enum OutputPath {
    /// Throws a usage error unless `path` is `-` or a file name in an existing, writable folder.
    static func validate(_ path: String, option: String) throws {
        guard path != "-" else { return }
        guard !path.isEmpty, !path.hasSuffix("/") else {
            throw ValidationError("\(option) must name a file, got '\(path)'")
        }
        let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? "."
        var info = stat()
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
}
