import FuzzEntry
import MaskImage

#if canImport(Glibc)
import Glibc
#endif

/// Any bytes given to the PNG reader (its mask, grey and two-level readings) end in an image or a typed error: never a crash, a hang or a sanitizer report.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let reader = PNGReader(maxPixels: 1 << 22)
    _ = try? reader.mask(decoding: bytes, name: "fuzz.png", threshold: 128)
    _ = try? reader.greyImage(decoding: bytes, name: "fuzz.png")
    _ = try? reader.twoLevelImage(decoding: bytes, name: "fuzz.png")
    return 0
}

exit(fuzz_entry(CommandLine.argc, CommandLine.unsafeArgv))
