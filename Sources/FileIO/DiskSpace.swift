#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Room left for an output, checked before a long write starts so that a run that cannot fit says so at
/// once instead of filling the disk.
public enum DiskSpace {
    /// Bytes an unprivileged writer may still use in the folder that holds `path`; nil when it cannot be told
    /// (the output is a device or a FIFO, say).
    public static func available(forWriting path: String) -> Int? {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG { return nil }
        let folder = FolderPath.containing(path)
        var fs = statvfs()
        guard statvfs(folder, &fs) == 0 else { return nil }
        let (bytes, overflow) = Int(fs.f_bavail).multipliedReportingOverflow(by: Int(fs.f_frsize))
        return overflow ? Int.max : bytes
    }

    /// Throws when `bytes` will not fit beside `path`, saying how much is needed and how much is free.
    public static func require(_ bytes: Int, forWriting path: String) throws(OutputError) {
        guard let free = available(forWriting: path), bytes > free else { return }
        throw OutputError(path: path, reason: "needs \(ByteCount.text(bytes)), and its disk has \(ByteCount.text(free)) free")
    }
}
