/// What an input held in memory as it is read (a table's rows, a reference's masks) may take: a share of the
/// memory the process may use (`UsableMemory`). A reader adds what each part it keeps takes, by its own estimate,
/// and stops with an error naming the file and the line where the budget runs out, rather than be killed, or
/// stopped by an allocation that fails, some gigabytes later. A table of garbage or a gzip bomb (a few megabytes
/// that inflate to billions of rows) is refused so; any table a person or a run of the tool writes fits.
public struct MemoryBudget: Sendable {
    /// The share of the memory the process may use that one input may take: half, leaving the rest to the work
    /// done with it.
    public static let share = 0.5

    /// The bytes `share` of `UsableMemory.bytes` comes to; nil (no limit) when that cannot be told. Measured once
    /// a process, when first asked (it reads a few files of `/proc` and `/sys`, which a table read would otherwise
    /// repeat).
    public static let defaultLimit: Int? = UsableMemory.bytes.map { Int(Double($0) * share) }

    /// The most bytes the input may take; nil for no limit.
    public let limit: Int?
    /// The bytes taken so far.
    public private(set) var used = 0

    /// A budget of `limit` bytes.
    public init(limit: Int? = MemoryBudget.defaultLimit) {
        self.limit = limit
    }

    /// Adds `bytes` taken by what was read up to `line` of the table `path` (0: of a file read otherwise; `what`
    /// names what it holds, in the plural: "labels", "rows"; `count` how many were read); throws when the total
    /// exceeds the limit.
    public mutating func take(_ bytes: Int, count: Int, what: String, line: Int, of path: String) throws(CSVTable.ParseError) {
        let (total, overflow) = used.addingReportingOverflow(max(0, bytes))
        used = overflow ? Int.max : total
        guard let limit, used > limit else { return }
        throw CSVTable.ParseError(path: path, line: line, reason: "the \(count) \(what) read \(line > 0 ? "up to this line" : "so far") would take about "
            + "\(ByteCount.text(used)) of memory, more than the \(ByteCount.text(limit)) one input may take here (half of what "
            + "this process may use): is this the right file? (a gzip file can inflate to far more than its size)")
    }

    /// What a string of `text` takes: its bytes and a heap object's header, or nothing beyond its 16 bytes when it
    /// is short enough to be held inline.
    public static func stringBytes(_ text: String) -> Int {
        let count = text.utf8.count
        return count <= 15 ? 16 : 16 + 32 + count
    }

    /// What an array of `count` elements of `stride` bytes takes beyond its reference: its header and elements.
    public static func arrayBytes(count: Int, stride: Int) -> Int {
        32 + count * stride
    }

    /// What an element of `stride` bytes takes in an array that grows as it is read: up to three times its size,
    /// while the array's storage is copied into storage twice as large.
    public static func grownElementBytes(stride: Int) -> Int {
        3 * stride
    }
}
