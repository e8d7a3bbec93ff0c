import FuzzEntry
import FuzzSupport
import NumpyFormats

#if canImport(Glibc)
import Glibc
#endif

/// Any bytes given to the .npy reader (and the .npz archive reader) end in rows or a typed error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNumpy(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let npy = FuzzFile.write(bytes, name: "fuzz.npy")
    if let reader = try? NumpyReader(path: npy) {
        while let block = try? reader.nextBlock(maxRows: 1024), block.rows > 0 {}
    }
    let npz = FuzzFile.write(bytes, name: "fuzz.npz")
    if let archive = try? NpzArchive(path: npz) {
        for member in archive.members {
            if let reader = try? archive.reader(member: member.name) {
                while let block = try? reader.nextBlock(maxRows: 1024), block.rows > 0 {}
            }
        }
    }
    return 0
}

exit(fuzz_entry(CommandLine.argc, CommandLine.unsafeArgv))
