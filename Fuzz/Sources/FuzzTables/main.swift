import FileIO
import FuzzEntry
import FuzzSupport
import LatentPrefilter
import MaskFilter
import MaskFeatures

#if canImport(Glibc)
import Glibc
#endif

/// Any bytes given as a labels CSV, a features CSV or a per-image outcomes CSV (joined with a few vectors by
/// `latent assemble`, by its index column, by the numbers in its file names and by position) end in a table with
/// listed problems or a typed error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTables(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let path = FuzzFile.write(bytes, name: "fuzz-table.csv")
    _ = try? LabelTable(contentsOf: path)
    _ = try? FeatureTable.read(path)
    if let table = try? CSVTable(contentsOf: path) {
        let vectors = FuzzFile.write(Array("z0,z1\n0.5,1\n-1,2\n3,4\n".utf8), name: "fuzz-vectors.csv")
        for join in [nil, .indexFromName, .byPosition] as [LatentAssembly.Join?] {
            if let reader = try? VectorCSVReader(path: vectors) {
                _ = try? LatentAssembly(vectors: reader, outcomes: table, path: path, group: "g", join: join)
            }
        }
    }
    return 0
}

exit(fuzz_entry(CommandLine.argc, CommandLine.unsafeArgv))
