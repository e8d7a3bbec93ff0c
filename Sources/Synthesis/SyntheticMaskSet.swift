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

    /// Why writing a set into `folder` would replace or mix with masks that are not an earlier synthetic
    /// set's: the folder holds a PNG not named as `fileName` names them, so its `labels.csv` (if any) is the
    /// user's. Nil when the folder is missing, empty, or holds only an earlier set (which a new run refreshes).
    public static func conflict(in folder: String) -> String? {
        let names = FolderListing.names(in: folder)
        let foreign = names.filter { $0.lowercased().hasSuffix(".png") && !isSetFileName($0) }
        guard !foreign.isEmpty else { return nil }
        return "\(folder) holds masks that are not a synthetic set (\(foreign.sorted().prefix(2).joined(separator: ", "))"
            + (foreign.count > 2 ? ", ... \(foreign.count) in all" : "") + "); the set and its labels.csv would mix with them or "
            + "replace their labels: give an empty or new folder"
    }

    /// Whether `name` is a file name of a set (`synthetic_` and five or more digits, `.png`).
    static func isSetFileName(_ name: String) -> Bool {
        guard name.hasPrefix("synthetic_"), name.hasSuffix(".png") else { return false }
        let digits = name.dropFirst("synthetic_".count).dropLast(".png".count)
        return digits.count >= 5 && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
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
