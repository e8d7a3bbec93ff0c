import BatchFiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A digest naming an input in `manifest.json`: FNV-1a-64 over a file's bytes, or over a folder's `*.png`
/// files (sorted relative paths and their bytes), as hex; "missing" when it cannot be read.
enum InputDigest {
    static func of(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "missing" }
        var bytes: [UInt8] = []
        if info.st_mode & S_IFMT == S_IFDIR {
            for file in InputDiscovery.listInputs([path], recursive: true).files.map(\.path) {
                bytes += Array(file.utf8) + [0]
                bytes += (try? FileBytes.read(file)) ?? []
            }
        } else {
            guard let content = try? FileBytes.read(path) else { return "missing" }
            bytes = content
        }
        return String(Shard.fnv1a64(bytes), radix: 16)
    }
}
