import FileIO
import FuzzEntry
import FuzzSupport
import LatentPrefilter

#if canImport(Glibc)
import Glibc
#endif

/// Any bytes given to the latent dataset reader (and, through a file, to the streaming vector reader) end in
/// a dataset with issues or a typed error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLatentCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? CSVTable(parsing: bytes, path: "fuzz.csv")
    let path = FuzzFile.write(bytes, name: "fuzz-latent.csv")
    _ = try? LatentDataset.read(path, jobs: 1)
    _ = try? LatentDataset.read(path, jobs: 2)
    if let reader = try? VectorCSVReader(path: path) {
        _ = try? reader.rowCount()
        var buffer: [UInt8] = []
        while let rows = try? reader.nextRawBlock(maxRows: 64, into: &buffer), rows > 0 {}
    }
    return 0
}

exit(fuzz_entry(CommandLine.argc, CommandLine.unsafeArgv))
