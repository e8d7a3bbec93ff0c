import FileIO
import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A NumPy `.npz` archive (a zip file of `.npy` members, as `np.savez` and `np.savez_compressed` write them,
/// ZIP64 included). A stored member is read in place; a deflated one is inflated, streaming, to a temporary
/// `.npy` file in the system's temporary folder, deleted when the archive is released or the process is
/// interrupted. Every member's CRC-32 is checked before it is used (as NumPy does); encrypted members and
/// two members of one name are refused.
public final class NpzArchive {
    /// Whether `path` names an `.npz` archive: by its extension, in any case, as every reader tells an archive
    /// from an `.npy` file or a table.
    public static func isArchive(_ path: some StringProtocol) -> Bool {
        path.lowercased().hasSuffix(".npz")
    }

    /// A member of the archive.
    public struct Member: Equatable, Sendable {
        /// Its name (`arr_0.npy`, `z.npy`...).
        public let name: String
        /// 0 stored, 8 deflated.
        public let method: Int
        /// Compressed and uncompressed sizes.
        public let compressedSize: Int, size: Int
        /// Offset of its local header.
        public let headerOffset: Int
        /// The CRC-32 of its uncompressed bytes.
        public let crc32: UInt32
        /// Whether the zip flags mark it encrypted.
        public let encrypted: Bool
    }

    /// The archive's path.
    public let path: String
    /// The members, in the archive's order.
    public let members: [Member]
    /// Inflated members: each a temporary file unlinked as soon as it was made (so that even SIGKILL leaves
    /// nothing behind), reached through its open descriptor until the archive goes.
    private var temporaries: [Int32] = []

    /// Reads the archive's directory.
    public init(path: String) throws(VectorFileError) {
        self.path = path
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.readTail(path, count: 65_557 + 20 + 56)
        } catch {
            throw VectorFileError(path: path, reason: error.reason)
        }
        members = try Self.directory(bytes, fileSize: try Self.size(path), path: path)
    }

    deinit {
        for descriptor in temporaries { close(descriptor) }
    }

    /// A reader of member `name` (or of the only `.npy` member when `name` is nil).
    public func reader(member name: String? = nil) throws(VectorFileError) -> NumpyReader {
        let member = try self.member(named: name)
        let file = try contents(of: member)
        do {
            return try NumpyReader(path: file.path, offset: file.offset, length: file.length)
        } catch {
            // An inflated member lives in an unlinked temporary file: name the archive and member instead.
            throw VectorFileError(path: "\(path) member \(member.name)", reason: error.reason)
        }
    }

    /// The `.npy` member `name` (with or without `.npy`), or the only one when `name` is nil; the error of an
    /// archive of several with no name says which `option` names one, and lists them with their shapes and
    /// element types (`np.savez(f, a, b)` names them `arr_0`, `arr_1`: the shapes tell them apart).
    public func member(named name: String?, option: String = "--member") throws(VectorFileError) -> Member {
        let arrays = members.filter { $0.name.hasSuffix(".npy") }
        guard let member = name.map({ wanted in arrays.first { $0.name == wanted || $0.name == wanted + ".npy" } })
                ?? (arrays.count == 1 ? arrays.first : nil) else {
            let listed = arrays.prefix(Self.describedMembers).map(describe).joined(separator: "; ")
                + (arrays.count > Self.describedMembers ? "; ..." : "")
            throw VectorFileError(path: path, reason: arrays.isEmpty ? "holds no arrays (no .npy member)"
                : name.map { "no member \($0) (it has \(listed))" }
                ?? "holds \(arrays.count) arrays (\(listed)); name one with \(option)")
        }
        return member
    }

    /// How many members an error lists, each with its shape read from its first bytes.
    static let describedMembers = 8

    /// `member`'s name, with its shape and element type (`masks.npy: 1000 x 256 x 256 |u1`) when its header reads.
    private func describe(_ member: Member) -> String {
        guard let head = try? headerBytes(of: member), let fields = try? NumpyHeader.fields(head, path: path) else { return member.name }
        return "\(member.name): \(fields.shape.isEmpty ? "a scalar" : fields.shape.map(String.init).joined(separator: " x ")) \(fields.descr)"
    }

    /// The first bytes of `member`'s `.npy` data that hold its whole header (`head(of:count:)`): 4 KiB, which hold
    /// any header NumPy writes for a stack, or up to the end of a longer one.
    public func headerBytes(of member: Member) throws(VectorFileError) -> [UInt8] {
        let head = try head(of: member, count: 4096)
        guard let needed = NumpyHeader.byteCount(head), needed > head.count else { return head }
        return try self.head(of: member, count: needed)
    }

    /// Where `member`'s `.npy` bytes can be read, checked against its CRC-32: `length` bytes from `offset` of
    /// `path` (to the end when nil). An inflated member's `path` opens a temporary file that lives as long as
    /// the archive; open it before the archive goes to keep reading it.
    public func location(of member: Member) throws(VectorFileError) -> (path: String, offset: Int, length: Int?) {
        try contents(of: member)
    }

    /// Every `.npy` member read whole (`NumpyArray`), by name without `.npy`; a name twice is an error, and so
    /// are arrays holding more than `maxBytes` together.
    public func arrays(maxBytes: Int = NumpyArray.defaultMaxBytes) throws(VectorFileError) -> [String: NumpyArray] {
        var result: [String: NumpyArray] = [:]
        var budget = maxBytes
        for member in members where member.name.hasSuffix(".npy") {
            let name = String(member.name.dropLast(4))
            guard result[name] == nil else { throw VectorFileError(path: path, reason: "the member \(member.name) appears twice") }
            // Checked before a deflated member is inflated: its declared size is what inflating must produce.
            guard member.size <= budget else {
                throw VectorFileError(path: "\(path) member \(member.name)", reason: "the array is larger than \(budget) bytes")
            }
            let file = try contents(of: member)
            let array = try NumpyArray(path: file.path, offset: file.offset, length: file.length, name: "\(path) member \(member.name)",
                                       maxBytes: budget)
            budget -= array.byteCount
            result[name] = array
        }
        return result
    }

    /// Where a member's `.npy` bytes are, checked against its CRC-32: within the archive when stored, in a
    /// temporary file (removed with the archive) when deflated.
    private func contents(of member: Member) throws(VectorFileError) -> (path: String, offset: Int, length: Int?) {
        let dataStart = try readableDataOffset(member)
        switch member.method {
        case 0:
            guard member.compressedSize == member.size else {
                throw VectorFileError(path: path, reason: "member \(member.name) is stored but its two sizes differ")
            }
            try checkStoredCRC(member, from: dataStart)
            return (path, dataStart, member.size)
        case 8:
            let descriptor = try inflate(member, from: dataStart)
            temporaries.append(descriptor)
            let temporary = "/proc/self/fd/\(descriptor)"
            return (temporary, 0, nil)
        default:
            throw unsupportedMethod(member)
        }
    }

    /// Where `member`'s data start, once it is known to be readable: not encrypted.
    private func readableDataOffset(_ member: Member) throws(VectorFileError) -> Int {
        guard !member.encrypted else {
            throw VectorFileError(path: path, reason: "member \(member.name) is encrypted; ganfilter reads only unencrypted archives")
        }
        return try localDataOffset(member)
    }

    /// Why a member of a compression method other than stored and deflated is not read.
    private func unsupportedMethod(_ member: Member) -> VectorFileError {
        VectorFileError(path: path, reason: "member \(member.name) uses zip compression method \(member.method); only stored and deflated are read")
    }

    private func localDataOffset(_ member: Member) throws(VectorFileError) -> Int {
        let header: [UInt8]
        do {
            header = try FileBytes.read(path, offset: member.headerOffset, count: 30)
        } catch {
            throw VectorFileError(path: path, reason: error.reason)
        }
        guard header.count == 30, Self.uint32(header, 0) == 0x0403_4b50 else {
            throw VectorFileError(path: path, reason: "member \(member.name): no local zip header where the directory says")
        }
        return member.headerOffset + 30 + Self.uint16(header, 26) + Self.uint16(header, 28)
    }

    /// Checks a stored member's bytes against its CRC-32.
    private func checkStoredCRC(_ member: Member, from offset: Int) throws(VectorFileError) {
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw VectorFileError(path: path, reason: SystemError.message(errno)) }
        defer { close(input) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var crc = CZlib.crc32(0, nil, 0)
        var done = 0
        while done < member.size {
            let want = min(buffer.count, member.size - done)
            let got = buffer.withUnsafeMutableBytes { pread(input, $0.baseAddress, want, off_t(offset + done)) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw VectorFileError(path: path, reason: "member \(member.name) is truncated") }
            crc = buffer.withUnsafeBufferPointer { CZlib.crc32(crc, $0.baseAddress, UInt32(got)) }
            done += got
        }
        guard UInt32(truncatingIfNeeded: crc) == member.crc32 else {
            throw VectorFileError(path: path, reason: "member \(member.name): bad CRC-32 (the archive is corrupt)")
        }
    }

    /// The first `count` bytes of `member`'s `.npy` data (fewer when it is shorter), read or inflated into memory
    /// and nothing more: enough to check its header before a deflated member is inflated whole. A member declaring
    /// a huge array, or a zip bomb, is refused for the price of its first bytes.
    public func head(of member: Member, count: Int) throws(VectorFileError) -> [UInt8] {
        let dataStart = try readableDataOffset(member)
        let wanted = max(0, min(count, member.size))
        guard wanted > 0 else { return [] }
        switch member.method {
        case 0:
            do {
                return try FileBytes.read(path, offset: dataStart, count: wanted)
            } catch {
                throw VectorFileError(path: path, reason: error.reason)
            }
        case 8:
            var head: [UInt8] = []
            head.reserveCapacity(wanted)
            _ = try inflating(member, from: dataStart, stoppingAfter: wanted) { (bytes: UnsafeRawBufferPointer) throws(VectorFileError) in
                head.append(contentsOf: bytes.prefix(wanted - head.count))
            }
            return head
        default:
            throw unsupportedMethod(member)
        }
    }

    /// Inflates a deflated member into a temporary file, unlinked at once, and returns its open descriptor
    /// (which the caller closes; `/proc/self/fd/N` opens the file again).
    private func inflate(_ member: Member, from offset: Int) throws(VectorFileError) -> Int32 {
        let output: Int32
        do {
            output = try TemporaryFiles.process.makeUnlinked(template: SystemTemporaryFolder.path + "/ganfilter-npz-XXXXXX", for: path)
        } catch {
            throw VectorFileError(path: path, reason: error.reason)
        }
        var keep = false
        defer { if !keep { close(output) } }
        var crc = CZlib.crc32(0, nil, 0)
        let produced = try inflating(member, from: offset, stoppingAfter: nil) { (bytes: UnsafeRawBufferPointer) throws(VectorFileError) in
            do throws(OutputError) {
                try FileDescriptorOutput.writeAll(bytes, to: output, path: SystemTemporaryFolder.path)
            } catch {
                // The archive is not at fault: say where the space ran out (TMPDIR), not "corrupt".
                throw VectorFileError(path: path, reason: "member \(member.name): cannot inflate it into a temporary file in "
                    + "\(SystemTemporaryFolder.path) (TMPDIR): \(error.reason)")
            }
            crc = CZlib.crc32(crc, bytes.bindMemory(to: Bytef.self).baseAddress, UInt32(bytes.count))
        }
        guard produced == member.size else {
            throw VectorFileError(path: path, reason: "member \(member.name): corrupt or truncated deflate data")
        }
        guard UInt32(truncatingIfNeeded: crc) == member.crc32 else {
            throw VectorFileError(path: path, reason: "member \(member.name): bad CRC-32 (the archive is corrupt)")
        }
        keep = true
        return output
    }

    /// Inflates `member`'s deflate stream, at `offset` of the archive, handing each piece to `sink`, and returns
    /// the bytes produced. It stops at the stream's end, after `limit` bytes when one is given, and at the size
    /// the directory declares, as Python's `zipfile` does: a stream that would inflate past it cannot fill the
    /// disk.
    private func inflating(_ member: Member, from offset: Int, stoppingAfter limit: Int?,
                           into sink: (UnsafeRawBufferPointer) throws(VectorFileError) -> Void) throws(VectorFileError) -> Int {
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            throw VectorFileError(path: path, reason: SystemError.message(errno))
        }
        defer { close(input) }
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw VectorFileError(path: path, reason: "cannot start zlib")
        }
        defer { inflateEnd(&stream) }
        var inBuffer = [UInt8](repeating: 0, count: 1 << 18)
        var outBuffer = [UInt8](repeating: 0, count: min(1 << 20, max(1 << 12, limit ?? Int.max)))
        var consumed = 0
        var produced = 0
        var status = Z_OK
        var failure: VectorFileError?
        reading: while status != Z_STREAM_END {
            let want = min(inBuffer.count, member.compressedSize - consumed)
            guard want > 0 else { break }
            let got = inBuffer.withUnsafeMutableBytes { pread(input, $0.baseAddress, want, off_t(offset + consumed)) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            consumed += got
            var stop = false
            inBuffer.withUnsafeMutableBufferPointer { input in
                stream.next_in = input.baseAddress
                stream.avail_in = UInt32(got)
                repeat {
                    outBuffer.withUnsafeMutableBufferPointer { out in
                        stream.next_out = out.baseAddress
                        stream.avail_out = UInt32(out.count)
                        status = CZlib.inflate(&stream, Z_NO_FLUSH)
                        let count = out.count - Int(stream.avail_out)
                        if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR { stop = true; return }
                        // What the stream holds past the declared size is not the member's (Python's zipfile
                        // reads as far, so NumPy does): it is never inflated.
                        let usable = min(count, member.size - produced)
                        guard usable > 0 else { return }
                        do throws(VectorFileError) {
                            try sink(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(out)[0..<usable]))
                            produced += usable
                            if produced == member.size || limit.map({ produced >= $0 }) == true { stop = true }
                        } catch {
                            failure = error
                            stop = true
                        }
                    }
                } while !stop && stream.avail_out == 0 && status != Z_STREAM_END
            }
            if stop { break reading }
        }
        if let failure { throw failure }
        return produced
    }

    // MARK: the zip directory

    private static func size(_ path: String) throws(VectorFileError) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { throw VectorFileError(path: path, reason: SystemError.message(errno)) }
        return Int(info.st_size)
    }

    static func directory(_ tail: [UInt8], fileSize: Int, path: String) throws(VectorFileError) -> [Member] {
        let base = fileSize - tail.count  // file offset of tail[0]
        guard let end = stride(from: tail.count - 22, through: 0, by: -1).first(where: { uint32(tail, $0) == 0x0605_4b50 }) else {
            throw VectorFileError(path: path, reason: "not a NumPy .npz (zip) archive: no end of central directory")
        }
        var count = uint16(tail, end + 10)
        var directorySize = Int(uint32(tail, end + 12))
        var directoryOffset = Int(uint32(tail, end + 16))
        // ZIP64: the locator sits just before the end record and points at the ZIP64 end record.
        if end >= 20, uint32(tail, end - 20) == 0x0706_4b50 {
            let record = uint64(tail, end - 12) - base
            guard record >= 0, record <= tail.count - 56, uint32(tail, record) == 0x0606_4b50 else {
                throw VectorFileError(path: path, reason: "ZIP64 end record out of reach")
            }
            count = uint64(tail, record + 32)
            directorySize = uint64(tail, record + 40)
            directoryOffset = uint64(tail, record + 48)
        }
        // Written without sums that could overflow: every value may be a lie.
        guard directoryOffset <= fileSize, directorySize <= fileSize - directoryOffset else {
            throw VectorFileError(path: path, reason: "the zip directory lies outside the file")
        }
        let directory: [UInt8]
        do {
            directory = try FileBytes.read(path, offset: directoryOffset, count: directorySize)
        } catch {
            throw VectorFileError(path: path, reason: error.reason)
        }
        var members: [Member] = []
        var at = 0
        for _ in 0..<count {
            guard at + 46 <= directory.count, uint32(directory, at) == 0x0201_4b50 else {
                throw VectorFileError(path: path, reason: "corrupt zip directory")
            }
            let nameLength = uint16(directory, at + 28)
            let extraLength = uint16(directory, at + 30)
            let commentLength = uint16(directory, at + 32)
            guard at + 46 + nameLength + extraLength + commentLength <= directory.count else {
                throw VectorFileError(path: path, reason: "corrupt zip directory")
            }
            var compressed = Int(uint32(directory, at + 20))
            var size = Int(uint32(directory, at + 24))
            var offset = Int(uint32(directory, at + 42))
            let name = String(decoding: directory[at + 46..<at + 46 + nameLength], as: UTF8.self)
            // ZIP64 extra field: the 64-bit values of the fields saturated at 0xFFFFFFFF, in this order.
            var extra = at + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = uint16(directory, extra)
                let length = uint16(directory, extra + 2)
                if id == 1 {
                    var field = extra + 4
                    if size == 0xffff_ffff, field + 8 <= extraEnd { size = uint64(directory, field); field += 8 }
                    if compressed == 0xffff_ffff, field + 8 <= extraEnd { compressed = uint64(directory, field); field += 8 }
                    if offset == 0xffff_ffff, field + 8 <= extraEnd { offset = uint64(directory, field) }
                }
                extra += 4 + length
            }
            // A member must start and be stored inside the file; an inflated one may grow, but not past 2^48 bytes.
            guard offset <= fileSize - 30, compressed <= fileSize - offset, size < 1 << 48 else {
                throw VectorFileError(path: path, reason: "member \(name): its offset or sizes lie outside the file")
            }
            guard !members.contains(where: { $0.name == name }) else {
                throw VectorFileError(path: path, reason: "two members are named \(name); which one is meant is ambiguous")
            }
            members.append(Member(name: name, method: uint16(directory, at + 10), compressedSize: compressed, size: size,
                                  headerOffset: offset, crc32: uint32(directory, at + 16),
                                  encrypted: uint16(directory, at + 8) & 1 == 1))
            at += 46 + nameLength + extraLength + commentLength
        }
        return members
    }

    static func uint16(_ bytes: [UInt8], _ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
    /// A little-endian 64-bit value, clamped to `Int.max` (no real archive comes near it; a lying one must not trap).
    static func uint64(_ bytes: [UInt8], _ at: Int) -> Int {
        Int(clamping: UInt64(uint32(bytes, at)) | UInt64(uint32(bytes, at + 4)) << 32)
    }
}
