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
/// `-` (standard output), a name leading to one of the process's descriptors (`/dev/stdout`) and an existing
/// `path` that is not a regular file (a character device such as `/dev/null`, a FIFO) are written directly and
/// never replaced: renaming over them would remove the device or the link (`OutputDestination`). A link to a
/// regular file is replaced at its target, and stays. A file whose bytes are `rewritten` (a header completed at
/// the end) cannot be written so into a pipe, or a descriptor whose offset 0 is not its start: it is spooled to
/// an unlinked scratch file in the system's temporary folder and copied to the destination by `finish()`.
public final class PartialFile {
    /// The destination.
    public let path: String
    /// The temporary file and the file it is renamed over (`path`, or its target when it is a link); nil when
    /// `path` is written directly.
    private let staged: (temporary: String, target: String)?
    private let fd: Int32
    /// The destination when `fd` is a scratch file copied to it by `finish()`.
    private let spooledTo: Int32?
    private let durable: Bool
    private var finished = false

    /// Starts writing `path`. `durable` flushes the data to disk before the rename, so that the file survives a
    /// power cut; bulk outputs that can be regenerated skip it (it costs a disk write of the whole file).
    /// `rewritten` says that `overwrite` will be called.
    public init(path: String, durable: Bool = true, rewritten: Bool = false) throws(OutputError) {
        self.path = path
        self.durable = durable
        let destination = OutputDestination(path: path)
        let target: Int32
        switch destination {
        case .file(let file):
            var info = stat()
            guard stat(file, &info) != 0 || info.st_mode & S_IFMT != S_IFDIR else {
                throw OutputError(path: path, reason: "is a folder, not a file")
            }
            spooledTo = nil
            let slash = file.lastIndex(of: "/")
            let folder = slash.map { String(file[...$0]) } ?? ""
            let name = slash.map { String(file[file.index(after: $0)...]) } ?? file
            let made = try TemporaryFiles.process.make(template: "\(folder).\(name).tmp-XXXXXX", for: path)
            fd = made.descriptor
            staged = (made.path, file)
            return
        case .descriptor(let descriptor):
            target = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
        case .device:
            target = open(path, O_WRONLY | O_CLOEXEC)
        }
        guard target >= 0 else { throw OutputError(path: path, reason: "cannot open: \(SystemError.message(errno))") }
        staged = nil
        // A descriptor may be a file opened for appending, where offset 0 is not this output's start.
        guard rewritten && (destination != .device || lseek(target, 0, SEEK_CUR) < 0) else {
            fd = target
            spooledTo = nil
            return
        }
        do {
            fd = try TemporaryFiles.process.makeUnlinked(template: SystemTemporaryFolder.path + "/ganfilter-spool-XXXXXX", for: path)
        } catch {
            close(target)
            throw error
        }
        spooledTo = target
    }

    deinit {
        if !finished {
            close(fd)
            if let spooledTo { close(spooledTo) }
            if let temporary = staged?.temporary {
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

    /// Flushes, closes and renames the file into place (closes it, when written directly; copies the spooled
    /// bytes first).
    public func finish() throws(OutputError) {
        guard let (temporary, target) = staged else {
            finished = true
            var failure: OutputError?
            if let spooledTo {
                do throws(OutputError) {
                    try copySpool(to: spooledTo)
                } catch {
                    failure = error
                }
                if close(spooledTo) != 0 && failure == nil {
                    failure = OutputError(path: path, reason: "cannot finish: \(SystemError.message(errno))")
                }
            }
            if close(fd) != 0 && failure == nil { failure = OutputError(path: path, reason: "cannot finish: \(SystemError.message(errno))") }
            if let failure { throw failure }
            return
        }
        guard !durable || fsync(fd) == 0, close(fd) == 0 else {
            throw OutputError(path: path, reason: "cannot finish: \(SystemError.message(errno))")
        }
        finished = true
        defer { TemporaryFiles.process.unregister(temporary) }
        guard rename(temporary, target) == 0 else {
            unlink(temporary)
            throw OutputError(path: path, reason: "cannot rename into place: \(SystemError.message(errno))")
        }
    }

    /// Copies the scratch file, from its start, to `destination`.
    private func copySpool(to destination: Int32) throws(OutputError) {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset = 0
        while true {
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw OutputError(path: path, reason: "cannot read back its spooled bytes: \(SystemError.message(errno))") }
            guard got > 0 else { return }
            var failure: OutputError?
            buffer.withUnsafeBytes { raw in
                do throws(OutputError) {
                    try FileDescriptorOutput.writeAll(UnsafeRawBufferPointer(rebasing: raw[0..<got]), to: destination, path: path)
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            offset += got
        }
    }
}
