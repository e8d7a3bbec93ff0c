#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies input files into a folder, keeping their paths as given below it (`a/b.png` goes to
/// `DIR/a/b.png`, `/data/x.png` to `DIR/data/x.png`) and never overwriting: an existing destination is left
/// alone and reported. Each copy appears whole or not at all (temporary file, then a hard link).
public enum FileCopies {
    /// Copies `files` into `folder`; returns one message per file that was not copied. Throws only when the
    /// folder itself cannot be created.
    public static func copy(_ files: [String], into folder: String) throws(OutputError) -> [String] {
        try AtomicFile.createFolder(folder)
        var problems: [String] = []
        for file in files {
            let parts = file.split(separator: "/").filter { $0 != "." }
            guard !parts.isEmpty, !parts.contains("..") else {
                problems.append("\(file): not copied: a path with '..' cannot be kept below \(folder)")
                continue
            }
            let destination = FolderPath.prefix(folder) + parts.joined(separator: "/")
            do throws(OutputError) {
                if let slash = destination.lastIndex(of: "/") {
                    try AtomicFile.createFolder(String(destination[..<slash]))
                }
                try copyOne(file, to: destination)
            } catch {
                problems.append("\(file): not copied: \(error)")
            }
        }
        return problems
    }

    private static func copyOne(_ source: String, to destination: String) throws(OutputError) {
        var info = stat()
        if lstat(destination, &info) == 0 {
            throw OutputError(path: destination, reason: "exists already; not overwritten")
        }
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(source)
        } catch {
            throw OutputError(path: source, reason: error.reason)
        }
        let temporary = destination + ".ganfilter-copy"
        TemporaryFiles.register(temporary)
        defer {
            unlink(temporary)
            TemporaryFiles.unregister(temporary)
        }
        try AtomicFile.write(bytes, to: temporary)
        guard link(temporary, destination) == 0 else {
            throw OutputError(path: destination, reason: errno == EEXIST ? "exists already; not overwritten" : SystemError.message(errno))
        }
    }
}
