/// One integer element of a NumPy array as stored: `size` bytes (1, 2, 4 or 8) in either byte order. The one
/// place the readers of integer arrays (`NumpyArray`, and mask stacks in MaskImage) assemble an element.
public enum NumpyInteger {
    /// The element at byte `offset` of `bytes`: sign-extended to 64 bits when `signed` (read it back with
    /// `Int64(bitPattern:)`), zero-extended otherwise. The caller has checked that the bytes are there.
    @inlinable
    public static func bits<Bytes: RandomAccessCollection>(_ bytes: Bytes, at offset: Int, size: Int, signed: Bool,
                                                           bigEndian: Bool) -> UInt64 where Bytes.Element == UInt8, Bytes.Index == Int {
        var value: UInt64 = 0
        for byte in 0..<size {
            value |= UInt64(bytes[bytes.startIndex + offset + (bigEndian ? size - 1 - byte : byte)]) << UInt64(8 * byte)
        }
        guard signed, size < 8 else { return value }
        let shift = UInt64(64 - 8 * size)
        return UInt64(bitPattern: Int64(bitPattern: value << shift) >> Int64(shift))
    }
}
