import FuzzEntry
import FuzzSupport
import MaskImage

#if canImport(Glibc)
import Glibc
#endif

/// Any bytes given to the mask-stack reader, as `.npy` and as `.npz`, end in masks or a typed error: every mask
/// of the stack (at most 64) read as a batch reads it (`MaskInput`, the two-level rule included).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMaskStack(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for name in ["fuzz.npy", "fuzz.npz"] {
        let path = FuzzFile.write(bytes, name: name)
        guard let stack = try? MaskStack(path: path, member: nil, maxPixels: 1 << 20) else { continue }
        for index in 0..<min(stack.count, 64) {
            _ = try? MaskInput(stack: stack, index: index, path: path).mask(threshold: 128, maxPixels: 1 << 20)
        }
    }
    return 0
}

exit(fuzz_entry(CommandLine.argc, CommandLine.unsafeArgv))
