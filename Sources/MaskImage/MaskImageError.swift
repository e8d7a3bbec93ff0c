import FileIO

/// Why a mask file could not be read. Every case names the file; `reason` is the one-line cause
/// without the path (for the `error` column of a features table), `description` has both.
public enum MaskImageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read (`detail` is the system's message, such as "Permission denied").
    case unreadable(path: String, detail: String)
    /// The path names something other than a regular file (a directory, FIFO, socket or device).
    case notRegularFile(path: String, kind: String)
    /// The file is empty.
    case emptyFile(path: String)
    /// The file does not start with the PNG signature; `format` is the other format it is in, when it is one masks
    /// come in (`ForeignImageFormat`: by its magic number, else its name).
    case notPNG(path: String, format: ForeignImageFormat?)
    /// The file ends before the PNG's IEND chunk.
    case truncated(path: String)
    /// A chunk's CRC does not match its data.
    case crcMismatch(path: String, detail: String)
    /// The compressed image data (zlib stream in IDAT) is corrupt.
    case corruptImageData(path: String, detail: String)
    /// The image has zero width or height.
    case zeroSize(path: String)
    /// The image has more pixels than the limit; nothing was allocated for it.
    case tooLarge(path: String, width: Int, height: Int, limit: UInt64)
    /// libpng refused the file for another reason (`detail` is its message).
    case invalidPNG(path: String, detail: String)
    /// Memory ran out while decoding.
    case outOfMemory(path: String)
    /// A NumPy file is not a stack of masks ganfilter reads, or one of its masks is unusable (`detail` says why).
    case invalidArray(path: String, detail: String)
    /// The image is a label image of several classes (`levels`, each a region), none of them at or above the grey
    /// `threshold`: a left lung at 1 and a right one at 2, say. Which of them are the mask is the user's to say.
    case labelImage(path: String, levels: [Int], threshold: UInt8)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .unreadable(let path, _), .notRegularFile(let path, _), .emptyFile(let path), .notPNG(let path, _),
             .truncated(let path), .crcMismatch(let path, _), .corruptImageData(let path, _), .zeroSize(let path),
             .tooLarge(let path, _, _, _), .invalidPNG(let path, _), .outOfMemory(let path), .invalidArray(let path, _),
             .labelImage(let path, _, _):
            return path
        }
    }

    /// The cause in one line, without the path.
    public var reason: String {
        switch self {
        case .unreadable(_, let detail): return "cannot read file: \(detail)"
        case .notRegularFile(_, let kind): return "not a regular file (\(kind))"
        case .emptyFile: return "empty file"
        case .notPNG(_, let format):
            guard let format else { return "not a PNG file (no PNG signature)" }
            return "not a PNG file but a \(format.name) file: \(format.remedy)"
        case .truncated: return "truncated PNG (the file ends before IEND)"
        case .crcMismatch(_, let detail): return "corrupt PNG: CRC error (\(detail))"
        case .corruptImageData(_, let detail): return "corrupt PNG image data: \(detail)"
        case .zeroSize: return "PNG has zero width or height"
        case .tooLarge(_, let width, let height, let limit):
            return "PNG is \(width)x\(height) = \(width * height) pixels, over the limit of \(limit) (--max-pixels)"
        case .invalidPNG(_, let detail): return "invalid PNG: \(detail)"
        case .outOfMemory: return "out of memory while decoding"
        case .invalidArray(_, let detail): return detail
        case .labelImage(_, let levels, let threshold):
            return "a label image of \(levels.count) classes (levels \(levels.map(String.init).joined(separator: ", "))), none at the grey "
                + "threshold \(threshold) or above: which are the mask is not known; save the mask as one level (for the "
                + "union, (labels > 0) * 255), or read every level other than 0 as the mask with --threshold 1"
        }
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
