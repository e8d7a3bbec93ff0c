#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// FNV-1a-64, the one hash of the project: a reference's digest (`Realism.ReferenceSet.digest`), its cache files'
/// names and checksums (`ReferenceMaskCache`), the key its copies are found by (`AlignedMask.sameMaskKey`), the rows a
/// features table's settings file samples (`TableRowSample`), the files a shard owns and the digests of its record
/// and of a manifest's inputs (`BatchRunning.Shard`, `RunManifest`).
public struct FNV1a: Sendable {
    /// The hash so far.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The hash of nothing yet.
    public init() {}

    /// Adds `bytes`, one step each (over their contiguous storage where they have one, as arrays and their slices
    /// do: this generic function is not specialised in other modules, and a sequence's iterator is its cost there).
    public mutating func add(bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            for byte in buffer { step(UInt64(byte)) }
        }
        if done == nil {
            for byte in bytes { step(UInt64(byte)) }
        }
    }

    /// Adds the eight bytes of `word`, least significant first: the same as adding its little-endian bytes.
    public mutating func add(bytesOf word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { step((word >> UInt64(shift)) & 0xff) }
    }

    /// One step for each whole little-endian word of `raw`, taken as a unit (not FNV-1a of its bytes): the
    /// cache files' checksum, at an eighth of the byte-wise cost.
    public mutating func add(words raw: UnsafeRawBufferPointer) {
        for index in 0..<(raw.count / 8) { step(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self))) }
    }

    /// The checksum a cache file ends in (`Realism`'s reference caches, `MaskFilter`'s anatomy ranges): its header's
    /// first `headerCount` bytes a step each, then the rest a whole word a step (`add(words:)`).
    public static func checksum(_ bytes: ArraySlice<UInt8>, headerCount: Int) -> UInt64 {
        var sum = FNV1a()
        sum.add(bytes: bytes.prefix(headerCount))
        bytes.dropFirst(headerCount).withUnsafeBytes { sum.add(words: $0) }
        return sum.value
    }

    /// Adds the bytes of the regular file at `path`, read a chunk at a time (a FIFO or device is refused, never
    /// waited on). A file that cannot be read, from the start or partway, adds nothing.
    public mutating func add(file path: String) throws(FileBytes.ReadError) {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw FileBytes.ReadError(path: path, reason: SystemError.message(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw FileBytes.ReadError(path: path, reason: SystemError.notRegularFile(info.st_mode))
        }
        var hash = self
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw FileBytes.ReadError(path: path, reason: SystemError.message(errno)) }
            if count == 0 { break }
            hash.add(bytes: buffer[..<count])
        }
        self = hash
    }

    /// The hash as 16 hex digits.
    public var hex: String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    @inline(__always)
    private mutating func step(_ unit: UInt64) {
        value ^= unit
        value = value &* 0x0000_0100_0000_01b3
    }
}
