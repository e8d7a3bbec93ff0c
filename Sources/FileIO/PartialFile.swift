#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file written in pieces and published atomically: bytes go to a uniquely named temporary file
/// beside `path` (`.NAME.tmp-XXXXXX`), which `finish()` closes and renames over `path` (after `fsync` when
/// `durable`). Released unfinished, or when the process is interrupted (`TemporaryFiles`), the partial file
/// is removed, so an interrupted run never leaves a half-written output under the real name.
///
/// An existing `path` that is not a regular file (a character device such as `/dev/null`, a FIFO) is written
/// directly and never replaced: renaming over it would remove the device.
public final class PartialFile {
    /// The destination.
    public let path: String
    /// The temporary file, or nil when `path` is written directly.
    private let temporary: String?
    private let fd: Int32
    private let durable: Bool
    private var finished = false

    /// Starts writing `path`. `durable` flushes the data to disk before the rename, so that the file survives a
    /// power cut; bulk outputs that can be regenerated skip it (it costs a disk write of the whole file).
    public init(path: String, durable: Bool = true) throws(OutputError) {
        self.path = path
        self.durable = durable
        var info = stat()
        if stat(path, &info) == 0 && info.st_mode & S_IFMT != S_IFREG {
            guard info.st_mode & S_IFMT != S_IFDIR else { throw OutputError(path: path, reason: "is a folder, not a file") }
            fd = open(path, O_WRONLY | O_CLOEXEC)
            temporary = nil
            guard fd >= 0 else { throw OutputError(path: path, reason: "cannot open: \(SystemError.message(errno))") }
            return
        }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        (fd, temporary) = try TemporaryFiles.process.make(template: "\(folder).\(name).tmp-XXXXXX", for: path)
    }

    deinit {
        if !finished {
            close(fd)
            if let temporary {
                unlink(temporary)
                TemporaryFiles.process.unregister(temporary)
            }
        }
    }

    /// Appends `bytes`.
    public func append(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        try FileDescriptorOutput.writeAll(bytes, to: fd, path: path)
    }

    /// Appends `bytes`.
    public func append(_ bytes: [UInt8]) throws(OutputError) {
        try FileDescriptorOutput.writeAll(bytes, to: fd, path: path)
    }

    /// Overwrites bytes already written, from `offset` (a header completed at the end, say).
    public func overwrite(_ bytes: [UInt8], at offset: Int) throws(OutputError) {
        let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }
        guard written == bytes.count else { throw OutputError(path: path, reason: "cannot write: \(SystemError.message(errno))") }
    }

    /// Flushes, closes and renames the file into place (closes it, when written directly).
    public func finish() throws(OutputError) {
        guard let temporary else {
            finished = true
            guard close(fd) == 0 else { throw OutputError(path: path, reason: "cannot finish: \(SystemError.message(errno))") }
            return
        }
        guard !durable || fsync(fd) == 0, close(fd) == 0 else {
            throw OutputError(path: path, reason: "cannot finish: \(SystemError.message(errno))")
        }
        finished = true
        defer { TemporaryFiles.process.unregister(temporary) }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw OutputError(path: path, reason: "cannot rename into place: \(SystemError.message(errno))")
        }
    }
}
