/// 64-bit words in byte arrays, least significant byte first: how ganfilter's binary cache files store their
/// numbers (`Realism`'s reference caches, `MaskFilter`'s anatomy cache).
public enum LittleEndian {
    /// Appends the eight bytes of `value`, least significant first.
    public static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    /// The word whose bytes, least significant first, are `bytes` (eight of them).
    public static func word(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}
