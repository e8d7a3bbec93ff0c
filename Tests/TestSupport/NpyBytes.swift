/// Hand-made `.npy` bytes for tests: a version 1.0 header holding any dictionary text, lying or not.
public enum NpyBytes {
    /// The magic, version 1.0 and `dictionary` padded with spaces and a newline to a multiple of 64 bytes, as
    /// NumPy writes it; the array's bytes follow.
    public static func header(_ dictionary: String) -> [UInt8] {
        var header = Array(dictionary.utf8)
        while (10 + header.count + 1) % 64 != 0 { header.append(32) }
        header.append(10)
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count & 0xff), UInt8(header.count >> 8)] + header
    }
}
