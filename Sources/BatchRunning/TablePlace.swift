import FileIO
import NumpyFormats

/// Where a row of a table goes in a single run's output: at its input's place among the inputs, sorted by the
/// UTF-8 bytes of their paths, and for a mask of a NumPy stack (`FILE.npy[i]`, `FILE.npz:MEMBER[i]`, with `i`
/// in the `index` column) at the stack file's place, by `i`. Sorting the names alone would put `FILE.npy[10]`
/// before `FILE.npy[2]`.
///
/// `merge` puts shards' rows in this order, and `train` its rows, so that a table's row order (a shuffled or
/// hand-sorted copy) never changes a result.
public struct TablePlace: Sendable, Equatable {
    /// The column that holds a stack mask's index.
    public static let indexColumn = "index"
    /// The input file: the path, or the stack's file.
    public let path: String
    /// The mask's index in its stack; nil for a file.
    public let index: Int?

    /// The place of the row named `file` whose `index` column holds `index`.
    public init(file: String, index: Int?) {
        guard let index, let row = StackRowName(file, index: index) else {
            (path, self.index) = (file, nil)
            return
        }
        (path, self.index) = (row.path, index)
    }

    /// Whether `self` comes before `other` in a single run's output.
    public func precedes(_ other: TablePlace) -> Bool {
        guard path == other.path else { return UTF8Order.precedes(path, other.path) }
        return (index ?? -1) < (other.index ?? -1)
    }

    /// `items` in their places (`file` and `index` name each), ties in their given order: a table's rows as a
    /// single run writes them, whatever order they came in.
    public static func sorted<Item>(_ items: [Item], file: (Item) -> String, index: (Item) -> Int?) -> [Item] {
        let places = items.map { TablePlace(file: file($0), index: index($0)) }
        return items.indices.sorted { a, b in
            places[a].precedes(places[b]) || (!places[b].precedes(places[a]) && a < b)
        }.map { items[$0] }
    }
}
