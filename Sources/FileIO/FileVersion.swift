#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which file a path names and which version of it: its identity, size, and the times of its last change of
/// contents (`mtime`) and of status (`ctime`, which no user call can set back), to the nanosecond. Equal
/// versions mean unchanged contents in practice, the rule `make` and `git`'s index rely on; a cache keyed by
/// them must still check what it reads.
public struct FileVersion: Hashable, Sendable {
    /// The file's device and inode.
    public let identity: FileIdentity
    /// Its size in bytes.
    public let size: UInt64
    /// Its modification and status-change times, in nanoseconds since the epoch.
    public let modified: Int64, changed: Int64

    /// The version of the file `path` names (links followed), or nil when nothing is there.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    /// The version `info` (from `stat`) describes.
    public init(_ info: stat) {
        identity = FileIdentity(info)
        size = UInt64(max(0, info.st_size))
        #if canImport(Darwin)
        modified = Int64(info.st_mtimespec.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtimespec.tv_nsec)
        changed = Int64(info.st_ctimespec.tv_sec) &* 1_000_000_000 &+ Int64(info.st_ctimespec.tv_nsec)
        #else
        modified = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_ctim.tv_nsec)
        #endif
    }

    /// The version as six 64-bit words (device, inode, kind, size, modified, changed), for files that record it.
    public var words: [UInt64] {
        [identity.device, identity.inode, UInt64(identity.kind), size, UInt64(bitPattern: modified), UInt64(bitPattern: changed)]
    }
}
