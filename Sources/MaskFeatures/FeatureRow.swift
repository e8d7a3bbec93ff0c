import FileIO
import Foundation
import MaskImage
import NumpyFormats
import Realism

/// The outcome of one input file.
public enum FeatureStatus: String, Sendable, CaseIterable {
    /// The mask was read and has features.
    case ok
    /// The mask was read but is empty for its feature set (both halves empty, or no foreground): no features.
    case empty
    /// The file could not be read; the row's `error` says why.
    case error
}

/// One row of the features table: a mask and its features or the reason it has none.
public struct FeatureRow: Equatable, Sendable {
    /// The input path, as given.
    public let file: String
    /// `ok`, `empty` or `error`.
    public let status: FeatureStatus
    /// The feature values, in the table's column order, when `status` is `ok`.
    public let values: [Double]?
    /// The one-line reason when `status` is `error`.
    public let error: String?
    /// The mask's position in its NumPy stack (the table's `index` column); nil for a mask file.
    public var index: Int?
    /// The mask's size, for a mask measured here or read from a JSON Lines table; nil for an `error` row and for a
    /// row read from a CSV table, whose settings file records the table's sizes instead (`MaskSizes`).
    public var size: MaskSize?
    /// Whether the mask just measured reaches all four edges of its image, as masks drawn inverted do
    /// (`MaskDrawing`); false for a row read from a table, which does not record it.
    public var reachesEveryEdge = false
    /// The class levels of the mask just measured when its image is a label image whose classes the grey threshold
    /// splits (`MaskReading.splitLevels`); nil otherwise, and for a row read from a table.
    public var splitLevels: [Int]?
    /// For a mask just measured against a reference and sampled to be scored turned as well
    /// (`MaskDrawing.isOrientationSample(position:)`), how it matched the reference best; nil otherwise.
    public var orientation: OrientationMatch?

    /// Rows are equal when their file, status, values, error and index are: the size and the drawing are a record
    /// of how a mask was measured, which a CSV table does not hold row by row, so a row read back equals the row
    /// written.
    public static func == (lhs: FeatureRow, rhs: FeatureRow) -> Bool {
        (lhs.file, lhs.status, lhs.values, lhs.error, lhs.index) == (rhs.file, rhs.status, rhs.values, rhs.error, rhs.index)
    }

    /// A row with features.
    public static func ok(_ file: String, _ values: [Double]) -> FeatureRow {
        FeatureRow(file: file, status: .ok, values: values, error: nil)
    }

    /// What the row takes in memory, as a table read holds it (`MemoryBudget`): itself, in the array of rows it
    /// grows in, its file's name, its values and its error's text.
    public var heldBytes: Int {
        let values = self.values.map { MemoryBudget.arrayBytes(count: $0.count, stride: 8) } ?? 0
        let error = self.error.map(MemoryBudget.stringBytes) ?? 0
        return MemoryBudget.grownElementBytes(stride: MemoryLayout<FeatureRow>.stride) + MemoryBudget.stringBytes(file) + values + error
    }

    /// A row for a mask with both halves empty.
    public static func empty(_ file: String) -> FeatureRow {
        FeatureRow(file: file, status: .empty, values: nil, error: nil)
    }

    /// A row for an unreadable file; line breaks in `reason` become spaces.
    public static func error(_ file: String, _ reason: String) -> FeatureRow {
        let line = String(reason.map { $0.isNewline ? " " : $0 })
        return FeatureRow(file: file, status: .error, values: nil, error: line)
    }

    /// The notes for `rows` just measured at the grey `threshold` when most of the masks read reach every edge of
    /// their image, as masks drawn inverted do, or are empty, and when any is a label image the threshold splits
    /// (`MaskDrawing`); measured against `reference`, also when some were resized to its size (`MaskSizes.resizeNote`).
    public static func notes(_ rows: [FeatureRow], threshold: UInt8, reference: ReferenceSet?) -> [String] {
        drawingNotes(rows, threshold: threshold) + [reference.flatMap { MaskSizes.resizeNote(rows.compactMap(\.size), against: $0) }].compactMap { $0 }
    }

    /// The drawing notes of `notes(_:threshold:reference:)`.
    static func drawingNotes(_ rows: [FeatureRow], threshold: UInt8) -> [String] {
        let read = rows.filter { $0.status != .error }
        return [MaskDrawing.invertedNote(edged: read.filter(\.reachesEveryEdge).count, of: read.count, threshold: threshold,
                                         effect: "their features are the background's"),
                MaskDrawing.emptyNote(empty: read.filter { $0.status == .empty }.count, of: read.count, threshold: threshold),
                MaskDrawing.splitNote(read.map { ($0.file, $0.splitLevels) }, threshold: threshold),
                MaskDrawing.orientationNote(read.compactMap(\.orientation))]
            .compactMap { $0 }
    }

    /// The files `rows` were read from, each once, in order: a mask file, or the stack of a stack's mask
    /// (`FILE.npy[i]` is `FILE.npy`), which a command that writes files beside them must never replace.
    public static func files(of rows: [FeatureRow]) -> [String] {
        var seen = Set<String>()
        return rows.map { StackRowName($0.file)?.path ?? $0.file }.filter { seen.insert($0).inserted }
    }

    /// `rows` with every file listed more than once (a table edited or concatenated) replaced by one `error` row
    /// in its first place, which says how many times: its rows may disagree, and a join on the file would take
    /// one of them by order. Other rows are kept as they are, in order.
    public static func listedOnce(_ rows: [FeatureRow]) -> [FeatureRow] {
        var counts: [String: Int] = [:]
        for row in rows { counts[row.file, default: 0] += 1 }
        guard counts.count < rows.count else { return rows }
        var reported = Set<String>()
        return rows.compactMap { row -> FeatureRow? in
            let count = counts[row.file, default: 0]
            guard count > 1 else { return row }
            guard reported.insert(row.file).inserted else { return nil }
            var error = FeatureRow.error(row.file, "listed \(count) times in the features; none of its rows is used")
            error.index = row.index
            return error
        }
    }
}
