import FileIO

/// Which run of ASCII digits in a file's base name numbers its vector, chosen once for a whole table of names.
///
/// The run is the last one that tells the names apart: `img_0012.png` and `z.npy[12]` are vector 12, and in a
/// table of `img_12_256x256.png`, `img_13_256x256.png`, ... every name ends in the same `256` and `256`, so the
/// first run numbers them. Names whose runs differ in number (or a table of one name) are numbered by their last
/// run. A name without digits numbers nothing, and neither does a run too long to be an index.
public struct NameNumbering: Sendable, Equatable {
    /// The run that numbers a name, counted from its last run of digits (0 the last).
    public let runFromEnd: Int
    /// How many runs of digits every name holds, when they all hold the same number; else nil.
    public let runsPerName: Int?

    /// The numbering of `names` (a table's file column; names without digits are passed over), in one pass that
    /// keeps only the first name's numbers.
    public init(names: some Sequence<String>) {
        var first: [Int?] = []
        var differs: [Bool] = []
        var sameCount = true
        for name in names {
            let values = Self.digitRuns(of: name).map(Self.value(of:))
            guard !values.isEmpty else { continue }
            guard !first.isEmpty else {
                first = values
                differs = Array(repeating: false, count: values.count)
                continue
            }
            guard values.count == first.count else {
                sameCount = false
                break
            }
            for run in values.indices where values[run] != first[run] { differs[run] = true }
        }
        runsPerName = sameCount && !first.isEmpty ? first.count : nil
        runFromEnd = sameCount ? differs.reversed().firstIndex(of: true) ?? 0 : 0
    }

    /// The vector that `name` names: its run of digits `runFromEnd` from the last, nil when it has no such run
    /// (or one too long to be an index).
    public func index(of name: String) -> Int? {
        let runs = Self.digitRuns(of: name)
        guard runFromEnd < runs.count else { return nil }
        return Self.value(of: runs[runs.count - 1 - runFromEnd])
    }

    /// What the join by name did, when it was not the last run of digits: which run, and an example; nil when it
    /// was the last.
    public func note(example: String) -> String? {
        guard runFromEnd > 0, let runsPerName else { return nil }
        let ordinal = Self.ordinal(runsPerName - runFromEnd)
        return "joined by the \(ordinal) of the \(runsPerName) runs of digits in each file name, the last that differs between "
            + "names (\(Excerpt.quoted(example)) is vector \(index(of: example).map(String.init) ?? "none"))"
    }

    /// The runs of ASCII digits in the base name of `name` (after its last `/`), in order.
    static func digitRuns(of name: String) -> [Substring.UTF8View] {
        let base = name.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).last ?? Substring(name).utf8[...]
        return base.split(whereSeparator: { $0 < UInt8(ascii: "0") || $0 > UInt8(ascii: "9") })
    }

    /// A run's number, its leading zeros dropped; nil beyond 18 digits.
    static func value(of run: Substring.UTF8View) -> Int? {
        let digits = run.drop { $0 == UInt8(ascii: "0") }
        guard digits.count <= 18 else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func ordinal(_ position: Int) -> String {
        switch position {
        case 1: "first"
        case 2: "second"
        case 3: "third"
        default: "\(position)th"
        }
    }
}
