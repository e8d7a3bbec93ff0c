import FuzzEntry
import FuzzSupport
import LatentPrefilter

#if canImport(Glibc)
import Glibc
#endif

/// Any bytes given to the latent dataset reader as a `.npz` archive (z, outcomes, a unicode group array) end in
/// a dataset or a typed error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLatentNpz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let path = FuzzFile.write(bytes, name: "fuzz-latent.npz")
    if let read = try? LatentDataset.read(path, jobs: 1) {
        _ = read.dataset.groupNames
        _ = read.dataset.targetNames.map { read.dataset.labels($0) }
    }
    _ = try? LatentDataset.read(path, group: "g", jobs: 1)
    return 0
}

exit(fuzz_entry(CommandLine.argc, CommandLine.unsafeArgv))
