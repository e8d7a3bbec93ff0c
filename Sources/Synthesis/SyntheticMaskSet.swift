import FileIO
import MaskImage
import Parallelism

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
        let prefix = FolderPath.prefix(folder)
        let labels = try ParallelMap.map(count: count, jobs: jobs, progress: progress) { index throws(OutputError) -> Bool in
            let mask = generator.mask(index)
            let path = prefix + fileName(index)
            let png: [UInt8]
            do throws(PNGEncodingError) {
                png = try PNGEncoder.encode(samples: mask.image.pixels.map(UInt16.init), width: mask.image.width,
                                            height: mask.image.height, format: .grey8)
            } catch {
                throw OutputError(path: path, reason: error.description)
            }
            try AtomicFile.write(png, to: path)
            return mask.isGood
        }
        var text = "file,label\n"
        for (index, isGood) in labels.enumerated() {
            text += CSVField.line([fileName(index), isGood ? "good" : "bad"]) + "\n"
        }
        let labelsPath = prefix + "labels.csv"
        try AtomicFile.write(Array(text.utf8), to: labelsPath)
        return SyntheticMaskSetSummary(count: count, good: labels.filter { $0 }.count, labelsPath: labelsPath)
    }
}
