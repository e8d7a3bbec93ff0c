#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file written in pieces and published atomically: bytes go to a uniquely named temporary file
/// beside `path` (`.NAME.tmp-XXXXXX`), which `finish()` closes and renames over `path` (after `fsync` when
/// `durable`). Released unfinished, the partial file is removed, so an interrupted run never leaves a
/// half-written output under the real name.
public final class PartialFile {
    /// The destination.
    public let path: String
    private let temporary: String
    private let fd: Int32
    private let durable: Bool
    private var finished = false

    /// Starts writing `path`. `durable` flushes the data to disk before the rename, so that the file survives a
    /// power cut; bulk outputs that can be regenerated skip it (it costs a disk write of the whole file).
    public init(path: String, durable: Bool = true) throws(OutputError) {
        self.path = path
        self.durable = durable
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(folder).\(name).tmp-XXXXXX".utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard fd >= 0 else {
            throw OutputError(path: path, reason: "cannot create a temporary file beside it: \(SystemError.message(errno))")
        }
        fchmod(fd, 0o644)
    }

    deinit {
        if !finished {
            close(fd)
            unlink(temporary)
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

    /// Flushes, closes and renames the file into place.
    public func finish() throws(OutputError) {
        guard !durable || fsync(fd) == 0, close(fd) == 0 else {
            throw OutputError(path: path, reason: "cannot finish: \(SystemError.message(errno))")
        }
        finished = true
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw OutputError(path: path, reason: "cannot rename into place: \(SystemError.message(errno))")
        }
    }
}
