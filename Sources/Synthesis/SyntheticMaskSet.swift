import BatchFiles
import Dispatch
import MaskImage
import Synchronization

/// What writing a synthetic set produced.
public struct SyntheticMaskSetSummary: Equatable, Sendable {
    /// Masks written.
    public let count: Int
    /// Masks labelled good.
    public let good: Int
    /// Path of the labels file.
    public let labelsPath: String
}

/// Writes a numbered set of synthetic masks and its `labels.csv` to a folder.
public enum SyntheticMaskSet {
    /// The file name of mask `index`, such as `synthetic_00042.png`.
    public static func fileName(_ index: Int) -> String {
        let digits = String(index)
        return "synthetic_" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".png"
    }

    /// Writes masks `0 ..< count` of the set seeded by `seed` as PNG files into `folder` (created if
    /// missing), and `folder/labels.csv` (`file,label`, file names relative to the folder). Every file is
    /// written atomically. `progress` is called with the number of masks written so far.
    public static func write(count: Int, seed: UInt64, to folder: String, jobs: Int,
                             progress: (@Sendable (Int) -> Void)? = nil) throws(OutputError) -> SyntheticMaskSetSummary {
        try AtomicFile.createFolder(folder)
        let generator = SyntheticMaskGenerator(seed: seed)
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        let labels = Mutex<[Bool?]>(Array(repeating: nil, count: count))
        let firstError = Mutex<OutputError?>(nil)
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, count))) { _ in
            while firstError.withLock({ $0 == nil }) {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < count else { return }
                let mask = generator.mask(index)
                let path = prefix + fileName(index)
                do {
                    let samples = mask.image.pixels.map(UInt16.init)
                    let png = try PNGEncoder.encode(samples: samples, width: mask.image.width,
                                                    height: mask.image.height, format: .grey8)
                    try AtomicFile.write(png, to: path)
                } catch let error as OutputError {
                    firstError.withLock { $0 = $0 ?? error }
                } catch {
                    firstError.withLock { $0 = $0 ?? OutputError(path: path, reason: "\(error)") }
                }
                labels.withLock { $0[index] = mask.isGood }
                progress?(done.wrappingAdd(1, ordering: .relaxed).newValue)
            }
        }
        if let error = firstError.withLock({ $0 }) { throw error }
        let all = labels.withLock { $0 }
        var text = "file,label\n"
        for (index, isGood) in all.enumerated() {
            text += CSVField.line([fileName(index), isGood == true ? "good" : "bad"]) + "\n"
        }
        let labelsPath = prefix + "labels.csv"
        try AtomicFile.write(Array(text.utf8), to: labelsPath)
        return SyntheticMaskSetSummary(count: count, good: all.filter { $0 == true }.count, labelsPath: labelsPath)
    }
}
