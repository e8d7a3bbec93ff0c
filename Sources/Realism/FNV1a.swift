/// FNV-1a-64, the one hash of a reference's digest (`ReferenceSet.digest`), of its cache files' names and
/// checksums (`ReferenceMaskCache`), of the key its copies are found by (`AlignedMask.sameMaskKey`) and of the rows a
/// features table's settings file samples (`TableRowSample`).
public struct FNV1a: Sendable {
    /// The hash so far.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The hash of nothing yet.
    public init() {}

    /// Adds `bytes`, one step each.
    public mutating func add(bytes: some Sequence<UInt8>) {
        for byte in bytes { step(UInt64(byte)) }
    }

    /// Adds the eight bytes of `word`, least significant first: the same as adding its little-endian bytes.
    public mutating func add(bytesOf word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { step((word >> UInt64(shift)) & 0xff) }
    }

    /// One step for each whole little-endian word of `raw`, taken as a unit (not FNV-1a of its bytes): the
    /// cache files' checksum, at an eighth of the byte-wise cost.
    mutating func add(words raw: UnsafeRawBufferPointer) {
        for index in 0..<(raw.count / 8) { step(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self))) }
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
