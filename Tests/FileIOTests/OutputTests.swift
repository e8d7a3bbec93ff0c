#if canImport(Glibc)
import Glibc
#endif
import FileIO
import Foundation
import Synchronization
import Testing
import TestSupport

struct OutputTests {
    @Test func atomicWriteReplacesAndLeavesNoTemporaryFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/out.csv"
        try AtomicFile.write(Array("first\n".utf8), to: path)
        try AtomicFile.write(Array("second\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.csv"])
    }

    /// A cache file's place holding a FIFO (or a link) is refused at once and left as it is; a regular file there
    /// is replaced.
    @Test func aCacheWriteLeavesWhatIsNotARegularFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fifo = folder.path + "/cache.bin", link = folder.path + "/link.bin", file = folder.path + "/file.bin"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(symlink(file, link) == 0)
        for path in [fifo, link] {
            #expect(throws: OutputError.self) { try AtomicFile.writeCache([1, 2], to: path) }
        }
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        #expect(lstat(link, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK && !FileManager.default.fileExists(atPath: file))
        try AtomicFile.writeCache([1], to: file)
        try AtomicFile.writeCache([2, 3], to: file)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data([2, 3]))
    }

    @Test func atomicWriteReportsMissingFolders() {
        #expect(throws: OutputError.self) { try AtomicFile.write([1], to: "/no/such/folder/out.csv") }
    }

    @Test func createsNestedFolders() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try AtomicFile.createFolder(folder.path + "/a/b/c")
        try AtomicFile.createFolder(folder.path + "/a/b/c")
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: folder.path + "/a/b/c", isDirectory: &isFolder) && isFolder.boolValue)
        try AtomicFile.write([1], to: folder.path + "/file")
        #expect(throws: OutputError.self) { try AtomicFile.createFolder(folder.path + "/file") }
    }

    /// A file made while the registry is being emptied (an interrupting signal) waits until the process has
    /// ended: it is never made between the removal and the end, where nothing would remove it.
    @Test func noTemporaryFileIsMadeAfterTheRemoval() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let registry = TemporaryFiles()
        let first = try registry.make(template: folder.path + "/.a.tmp-XXXXXX", for: "a")
        close(first.descriptor)
        #expect(FileManager.default.fileExists(atPath: first.path))
        let made = Mutex<String?>(nil)
        let secondTemplate = folder.path + "/.b.tmp-XXXXXX"
        let late = Thread {
            if let file = try? registry.make(template: secondTemplate, for: "b") {
                close(file.descriptor)
                made.withLock { $0 = file.path }
            }
        }
        var madeDuringTheEnd: String?
        registry.removeAll {
            late.start()
            usleep(200_000)
            madeDuringTheEnd = made.withLock { $0 }
        }
        #expect(!FileManager.default.fileExists(atPath: first.path))
        #expect(madeDuringTheEnd == nil)
        for _ in 0..<500 where made.withLock({ $0 }) == nil { usleep(10_000) }
        let second = try #require(made.withLock { $0 })
        registry.removeAll {}
        #expect(!FileManager.default.fileExists(atPath: second), "a file made after the end is registered too")
    }

    /// A FIFO (like standard output) has no settings file beside it, so writing it takes no pair lock: while
    /// another run holds its folder (here, this test), the write goes through at once. Under the lock, two runs
    /// whose outputs feed one reader waited on each other for ever.
    @Test func aFIFOIsWrittenWithoutThePairLock() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fifo = folder.path + "/table.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        let held = open(folder.path, O_RDONLY | O_DIRECTORY)
        #expect(held >= 0 && flock(held, LOCK_EX) == 0)
        let reader = FIFOReader(fifo), written = DispatchSemaphore(value: 0)
        Thread {
            try? PairLock.withLock(beside: fifo, exclusive: true) { try AtomicFile.write(Array("a,b\n".utf8), to: fifo) }
            written.signal()
        }.start()
        let inTime = written.wait(timeout: .now() + 10) == .success
        flock(held, LOCK_UN)
        close(held)
        if !inTime { _ = written.wait(timeout: .now() + 10) }
        #expect(inTime, "the write waited for the folder's lock")
        #expect(reader.bytes() == Array("a,b\n".utf8))
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    /// A file whose start is rewritten at the end (a `.npy` header) reaches a FIFO whole: spooled, then copied,
    /// since a pipe cannot be written back. A file only appended to goes straight through.
    @Test(arguments: [true, false])
    func aRewrittenFileReachesAFIFOWhole(rewritten: Bool) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fifo = folder.path + "/out.npy"
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = FIFOReader(fifo)
        let file = try PartialFile(path: fifo, durable: false, rewritten: rewritten)
        try file.append(Array("header:?\n".utf8))
        try file.append(Array(repeating: UInt8(ascii: "x"), count: 3 << 20))
        if rewritten { try file.overwrite(Array("header:3".utf8), at: 0) }
        try file.finish()
        let expected = Array((rewritten ? "header:3\n" : "header:?\n").utf8) + Array(repeating: UInt8(ascii: "x"), count: 3 << 20)
        #expect(reader.bytes() == expected)
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    /// Where a name goes: `-` and names leading through links to one of the process's descriptors are that
    /// descriptor, a FIFO or device is written directly, a link to a regular file is its target.
    @Test func outputDestinationsFollowLinksToDescriptorsAndFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        #expect(symlink("/proc/self/fd/\(ends[1])", folder.path + "/to-pipe") == 0)
        #expect(symlink("to-pipe", folder.path + "/to-link") == 0)
        try AtomicFile.write(Array("old\n".utf8), to: folder.path + "/target.csv")
        #expect(symlink("target.csv", folder.path + "/to-file.csv") == 0)
        #expect(mkfifo(folder.path + "/fifo", 0o600) == 0)
        #expect(OutputDestination(path: "-") == .descriptor(STDOUT_FILENO))
        #expect(OutputDestination(path: "/dev/fd/\(ends[1])") == .descriptor(ends[1]))
        #expect(OutputDestination(path: folder.path + "/to-pipe") == .descriptor(ends[1]))
        #expect(OutputDestination(path: folder.path + "/to-link") == .descriptor(ends[1]))
        #expect(OutputDestination(path: folder.path + "/fifo") == .device && OutputDestination(path: "/dev/null") == .device)
        let target = try #require(realpath(folder.path + "/target.csv", nil).map { String(cString: $0) })
        #expect(OutputDestination(path: folder.path + "/to-file.csv") == .file(target))
        #expect(OutputDestination(path: folder.path + "/new.csv") == .file(folder.path + "/new.csv"))
        #expect(!OutputDestination(path: folder.path + "/fifo").isFile && OutputDestination(path: folder.path + "/new.csv").isFile)

        // Written through the link to a descriptor: the bytes reach the pipe, and the link stays a link.
        try AtomicFile.write(Array("through\n".utf8), to: folder.path + "/to-link")
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = Glibc.read(ends[0], &buffer, buffer.count)
        #expect(count == 8 && Array(buffer[..<8]) == Array("through\n".utf8))
        var info = stat()
        #expect(lstat(folder.path + "/to-pipe", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
        // Written through a link to a regular file: the target is replaced, the link stays.
        try AtomicFile.write(Array("new\n".utf8), to: folder.path + "/to-file.csv")
        #expect(try String(contentsOfFile: folder.path + "/target.csv", encoding: .utf8) == "new\n")
        #expect(lstat(folder.path + "/to-file.csv", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
    }

    /// A descriptor open for appending (standard output redirected with `>>`) is appended to, at its offset,
    /// also by a file whose header is completed at the end: it is spooled, never written back at offset 0.
    @Test func aDescriptorOpenForAppendingIsAppendedTo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/log.npy"
        try AtomicFile.write(Array("kept\n".utf8), to: path)
        let descriptor = open(path, O_WRONLY | O_APPEND)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        let file = try PartialFile(path: "/dev/fd/\(descriptor)", durable: false, rewritten: true)
        try file.append(Array("header:?\n".utf8))
        try file.append(Array("rows\n".utf8))
        try file.overwrite(Array("header:1".utf8), at: 0)
        try file.finish()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "kept\nheader:1\nrows\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["log.npy"])
    }

    @Test func csvQuotingFollowsRFC4180() {
        #expect(CSVField.quoted("plain") == "plain")
        #expect(CSVField.quoted("a,b") == "\"a,b\"")
        #expect(CSVField.quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVField.quoted("two\nlines") == "\"two\nlines\"")
        #expect(CSVField.line(["weighted=1,2", "", "x"]) == "\"weighted=1,2\",,x")
    }

    @Test func jsonStrings() {
        #expect(JSONText.string("a\"b\\c\n\u{7}é") == "\"a\\\"b\\\\c\\n\\u0007é\"")
    }

    @Test func systemMessages() {
        #expect(SystemError.message(ENOENT) == "No such file or directory")
        #expect(SystemError.fileKind(S_IFIFO) == "FIFO")
    }

    /// `-` where a table or vectors must be read from a file says that standard input is not read there, by every
    /// reader; a missing file of another name keeps the system's message. (The tests run where no file is named
    /// `-`; the working folder is the process's, shared by tests running beside this one, so it is not changed.)
    @Test func aDashWhereAFileMustBeSaysSo() throws {
        #expect(!FileManager.default.fileExists(atPath: "-"))
        var reasons: [String] = []
        do { _ = try FileBytes.read("-") } catch { reasons.append(error.reason) }
        do { _ = try FileBytes.read("-", offset: 0, count: 4) } catch { reasons.append(error.reason) }
        do { _ = try CSVTable(contentsOf: "-") } catch { reasons.append(error.reason) }
        #expect(reasons.count == 3)
        for reason in reasons { #expect(reason.contains("standard input is read only for masks"), "\(reason)") }
        #expect(SystemError.message(ENOENT, opening: "missing.csv") == "No such file or directory")
    }

    /// A pipe where a table, model or vector file must be (`--labels <(...)`, a FIFO, `/dev/stdin`) is refused before
    /// any read, which would wait for a writer, by every reader, saying to save it to a file first; a directory is
    /// named for what it is, without that advice.
    @Test func aPipeWhereAFileMustBeSaysToSaveIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fifo = folder.path + "/labels.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        var reasons: [String] = []
        do { _ = try FileBytes.read(fifo) } catch { reasons.append(error.reason) }
        do { _ = try FileBytes.read(fifo, offset: 0, count: 4) } catch { reasons.append(error.reason) }
        do { _ = try CSVTable(contentsOf: fifo) } catch { reasons.append(error.reason) }
        do { _ = try LineReader(path: fifo) } catch { reasons.append(error.reason) }
        var digest = FNV1a()
        do { try digest.add(file: fifo) } catch { reasons.append(error.reason) }
        #expect(reasons.count == 5)
        for reason in reasons { #expect(reason.hasPrefix("not a regular file (FIFO): ") && reason.hasSuffix("save this input to a file and name that"), "\(reason)") }
        do { _ = try CSVTable(contentsOf: folder.path) } catch { reasons.append(error.reason) }
        #expect(reasons.last == "not a regular file (directory)")
    }
}

/// A blocking reader of a FIFO, as a pipe's reader: on its own thread, it waits for a writer and reads to the end.
private final class FIFOReader: Sendable {
    private let read = Mutex<[UInt8]?>(nil)

    init(_ fifo: String) {
        Thread { [self] in
            let descriptor = open(fifo, O_RDONLY)
            var bytes: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 256)
            while descriptor >= 0, case let count = Glibc.read(descriptor, &buffer, buffer.count), count > 0 { bytes += buffer[..<count] }
            if descriptor >= 0 { close(descriptor) }
            self.read.withLock { $0 = bytes }
        }.start()
    }

    /// What it read, once the writer closed its end (waiting up to 5 s); nil if it has not finished.
    func bytes() -> [UInt8]? {
        for _ in 0..<500 where read.withLock({ $0 }) == nil { usleep(10_000) }
        return read.withLock { $0 }
    }
}
