import CZlib
import FileIO

/// Writes a NumPy `.npz` archive as `np.savez` does: a zip of stored (uncompressed) `.npy` members, each with
/// its CRC-32, written atomically. Members and the archive must stay below 4 GiB (no zip64).
public struct NpzWriter {
    /// One array to store.
    public struct Member {
        /// The name, without `.npy`.
        public let name: String
        /// The `.npy` bytes.
        public let bytes: [UInt8]

        /// Float64 values of `shape` (1-D or 2-D), row-major.
        public static func float64(_ name: String, _ values: [Double], shape: [Int]) -> Member {
            var bytes = NumpyHeader.encoded(descr: "<f8", shape: shape)
            bytes.reserveCapacity(bytes.count + 8 * values.count)
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
            return Member(name: name, bytes: bytes)
        }

        /// Unsigned bytes of `shape` (any rank), row-major: grey images, or masks of 0 and 255.
        public static func uint8(_ name: String, _ values: [UInt8], shape: [Int]) -> Member {
            Member(name: name, bytes: NumpyHeader.encoded(descr: "|u1", shape: shape) + values)
        }

        /// A boolean vector.
        public static func bool(_ name: String, _ values: [Bool]) -> Member {
            Member(name: name, bytes: NumpyHeader.encoded(descr: "|b1", shape: [values.count]) + values.map { $0 ? 1 : 0 })
        }

        /// A unicode string vector, as wide as its longest string (at least one character).
        public static func strings(_ name: String, _ values: [String]) -> Member {
            let width = max(1, values.map { $0.unicodeScalars.count }.max() ?? 1)
            var bytes = NumpyHeader.encoded(descr: "<U\(width)", shape: [values.count])
            for value in values {
                let scalars = Array(value.unicodeScalars)
                for index in 0..<width {
                    let code = index < scalars.count ? scalars[index].value : 0
                    withUnsafeBytes(of: code.littleEndian) { bytes.append(contentsOf: $0) }
                }
            }
            return Member(name: name, bytes: bytes)
        }
    }

    /// Writes `members` to `path`.
    public static func write(_ members: [Member], to path: String) throws(OutputError) {
        var archive: [UInt8] = [], directory: [UInt8] = []
        func append16(_ value: Int, to bytes: inout [UInt8]) { bytes += [UInt8(value & 0xff), UInt8((value >> 8) & 0xff)] }
        func append32(_ value: UInt32, to bytes: inout [UInt8]) {
            bytes += [UInt8(value & 0xff), UInt8((value >> 8) & 0xff), UInt8((value >> 16) & 0xff), UInt8(value >> 24)]
        }
        for member in members {
            let name = Array((member.name + ".npy").utf8)
            guard member.bytes.count < 1 << 32 - 1, archive.count < 1 << 32 - 1, name.count < 1 << 16 else {
                throw OutputError(path: path, reason: "member \(member.name) is too large for a zip without zip64")
            }
            let crc = member.bytes.withUnsafeBufferPointer { UInt32(truncatingIfNeeded: CZlib.crc32(0, $0.baseAddress, UInt32($0.count))) }
            let offset = UInt32(archive.count), size = UInt32(member.bytes.count)
            // Local header: signature, version 2.0, no flags, stored, no time and date, CRC, sizes, name.
            append32(0x0403_4b50, to: &archive)
            append16(20, to: &archive); append16(0, to: &archive); append16(0, to: &archive)
            append16(0, to: &archive); append16(0x21, to: &archive)
            append32(crc, to: &archive); append32(size, to: &archive); append32(size, to: &archive)
            append16(name.count, to: &archive); append16(0, to: &archive)
            archive += name
            archive += member.bytes
            // Central directory entry.
            append32(0x0201_4b50, to: &directory)
            append16(20, to: &directory); append16(20, to: &directory); append16(0, to: &directory); append16(0, to: &directory)
            append16(0, to: &directory); append16(0x21, to: &directory)
            append32(crc, to: &directory); append32(size, to: &directory); append32(size, to: &directory)
            append16(name.count, to: &directory); append16(0, to: &directory); append16(0, to: &directory)
            append16(0, to: &directory); append16(0, to: &directory); append32(0, to: &directory); append32(offset, to: &directory)
            directory += name
        }
        guard archive.count + directory.count < 1 << 32 - 1 else {
            throw OutputError(path: path, reason: "the archive is too large for a zip without zip64")
        }
        let directoryOffset = UInt32(archive.count)
        archive += directory
        append32(0x0605_4b50, to: &archive)
        append16(0, to: &archive); append16(0, to: &archive)
        append16(members.count, to: &archive); append16(members.count, to: &archive)
        append32(UInt32(directory.count), to: &archive); append32(directoryOffset, to: &archive)
        append16(0, to: &archive)
        try AtomicFile.write(archive, to: path)
    }
}
