import FileIO
import FuzzEntry
import FuzzSupport
import LatentPrefilter
import Learning
import MaskFilter
import Matrices

#if canImport(Glibc)
import Glibc
#endif

/// Any bytes given to the model file readers (mask filter and latent prefilter) end in a model that scores a
/// few rows without trapping, or in a typed error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let path = FuzzFile.write(bytes, name: "fuzz-model.json")
    if let model = try? MaskFilterModel.load(path), let classifier = try? model.fittedClassifier(),
       let rows = Matrix(rows: 2, columns: model.features.count, values: (0..<2 * model.features.count).map { Double($0) / 7 }) {
        _ = classifier.scores(rows)
    }
    if let model = try? PrefilterModel.load(path) {
        for group in model.groups {
            guard let classifier = try? group.classifier.fitted(featureCount: model.inputCount),
                  let rows = Matrix(rows: 2, columns: model.inputCount, values: (0..<2 * model.inputCount).map { Double($0) / 7 }) else { continue }
            _ = classifier.scores(rows)
        }
    }
    return 0
}

exit(fuzz_entry(CommandLine.argc, CommandLine.unsafeArgv))
