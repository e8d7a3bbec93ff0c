import LatentPrefilter
import NumpyFormats

/// Opening `--vectors` by its extension: `.npz` (the array `member`, or its only one), `.npy`, else CSV.
enum VectorSourceInput {
    /// The reader, and the archive that must outlive it (an inflated member lives in a temporary file it owns).
    static func open(_ path: String, member: String?) throws(VectorFileError) -> (reader: any VectorSource, archive: NpzArchive?) {
        if NpzArchive.isArchive(path) {
            let archive = try NpzArchive(path: path)
            return (try archive.reader(member: member), archive)
        }
        if path.lowercased().hasSuffix(".npy") { return (try NumpyReader(path: path), nil) }
        return (try VectorCSVReader(path: path), nil)
    }
}
