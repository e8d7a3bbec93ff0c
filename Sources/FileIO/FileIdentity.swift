#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which file a path names, after links are resolved: its device and inode. Two paths name the same file
/// exactly when their identities are equal, whatever their spelling (`a.csv`, `./a.csv`, a link to it).
public struct FileIdentity: Hashable, Sendable {
    /// The device holding the file.
    public let device: UInt64
    /// The file's inode on that device.
    public let inode: UInt64
    /// The file's type bits (`st_mode & S_IFMT`).
    public let kind: UInt32

    /// The identity of the file `path` names (links followed), or nil when nothing is there.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    /// The identity described by a `stat` result.
    public init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        kind = UInt32(info.st_mode & S_IFMT)
    }

    /// Whether the file is a regular file.
    public var isRegularFile: Bool { kind == UInt32(S_IFREG) }
    /// Whether the file is a folder.
    public var isFolder: Bool { kind == UInt32(S_IFDIR) }
}
