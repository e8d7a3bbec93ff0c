import FileIO

/// Hand labels of masks: `file,label` with `good|bad|1|0`, trimmed, any case (the design's contract), and
/// `true|false|1.0|0.0`, as pandas writes a column of booleans, or of 1s and 0s with a missing value among them
/// (`BinaryField`).
public struct LabelTable: Sendable {
    /// One label and where it was read.
    public struct Entry: Sendable, Equatable {
        /// The file as written in the labels file.
        public let file: String
        /// True for good.
        public let isGood: Bool
        /// The 1-based line.
        public let line: Int
    }

    /// The file the labels were read from.
    public let path: String
    /// The labels read.
    public let entries: [Entry]
    /// Lines that could not be used, as `path:line: reason`.
    public let problems: [String]

    /// Reads `path`; columns `file` and `label` are found by name. The file is read block by block, and only its
    /// labels are kept: memory holds the entries, never the records. Labels that would take more than `budget`
    /// (with the join's two dictionaries of them) are an error at the line where it runs out.
    public init(contentsOf path: String, budget: MemoryBudget = MemoryBudget()) throws(CSVTable.ParseError) {
        var budget = budget
        self.path = path
        let stream = try CSVStream(contentsOf: path)
        let header = stream.header
        let fileColumn = try CSVTable.column("file", in: header, path: path)
        let labelColumn = try CSVTable.column("label", in: header, path: path)
        var entries: [Entry] = []
        var problems: [String] = []
        entries.reserveCapacity(min(stream.fileSize / 16, 1 << 24))
        try stream.forEachBlock(jobs: 1, transform: { $0 }) { block throws(CSVTable.ParseError) in
            let (entriesBefore, problemsBefore) = (entries.count, problems.count)
            for record in 0..<block.count {
                let line = block.line(record)
                guard block.fieldCount(record) == header.count else {
                    problems.append("\(path):\(line): \(block.fieldCount(record)) fields where the header has \(header.count)")
                    continue
                }
                let label = block.string(record, labelColumn)
                if let isGood = BinaryField.value(label) {
                    entries.append(Entry(file: block.string(record, fileColumn), isGood: isGood, line: line))
                } else {
                    problems.append("\(path):\(line): label must be \(BinaryField.spellings), got \(Excerpt.quoted(label))")
                }
            }
            guard block.count > 0 else { return }
            let taken = entries[entriesBefore...].reduce(0) { $0 + Self.entryBytes + MemoryBudget.stringBytes($1.file) }
                + problems[problemsBefore...].reduce(0) { $0 + 32 + MemoryBudget.stringBytes($1) }
            try budget.take(taken, count: entries.count + problems.count, what: "labels", line: block.line(block.count - 1), of: path)
        }
        self.entries = entries
        self.problems = problems
    }
}

extension LabelTable {
    /// What one entry takes beyond its file's name: itself, in the array it grows in, and its places in the join's
    /// two dictionaries.
    static let entryBytes = MemoryBudget.grownElementBytes(stride: MemoryLayout<Entry>.stride) + 2 * 48

    /// Why labels cannot be joined.
    public struct JoinError: Error, Equatable, Sendable, CustomStringConvertible {
        /// What is wrong.
        public let description: String
    }

    /// The label of each file by the design's join: the exact `file`, else the base name when it is unique on both
    /// sides; nil where none joins. Also the label entries that joined no file. Two labels for one file that
    /// disagree are an error; the same label twice counts once.
    ///
    /// A labels file written on Windows names `masks\a.png`: when no mask's name holds a backslash, a label's
    /// backslashes separate folders as its slashes do, so that its base name is `a.png`.
    public func join(_ files: [String]) throws(JoinError) -> (labels: [Entry?], unjoined: [Entry]) {
        let backslashSeparates = !files.contains { $0.contains("\\") }
        // Positions in `entries`: of each file's first label, and of the one label of a base name (-1 for several).
        var byFile: [String: Int] = [:], byBase: [String: Int] = [:]
        byFile.reserveCapacity(entries.count)
        byBase.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            if let previous = byFile[entry.file].map({ entries[$0] }) {
                guard previous.isGood == entry.isGood else {
                    throw JoinError(description: "\(path): \(Excerpt.quoted(entry.file)) is labelled both good and bad (lines \(previous.line) and \(entry.line))")
                }
                continue
            }
            byFile[entry.file] = index
            let base = backslashSeparates ? entry.file.windowsBaseName : entry.file.baseName
            byBase[base] = byBase[base] == nil ? index : -1
        }
        let fileBaseCounts = Dictionary(files.map { ($0.baseName, 1) }, uniquingKeysWith: +)
        var used = Set<Int>()
        let labels = files.map { file -> Entry? in
            var found = byFile[file]
            if found == nil, fileBaseCounts[file.baseName] == 1, let only = byBase[file.baseName], only >= 0 { found = only }
            if let found { used.insert(found) }
            return found.map { entries[$0] }
        }
        return (labels, byFile.values.filter { !used.contains($0) }.sorted().map { entries[$0] })
    }
}

extension LabelTable {
    /// Why labels did not join `files` (called when some or none did), for people: an example label and an
    /// example mask, how they are joined, and the masks whose base name another mask shares (their labels
    /// need full paths). Nil when every file found its label.
    public func joinExplanation(_ files: [String]) -> String? {
        guard let joined = try? join(files).labels else { return nil }
        let missing = zip(files, joined).filter { $0.1 == nil }.map(\.0)
        guard !missing.isEmpty else { return nil }
        var text = "\(missing.count) of \(files.count) masks have no label in \(path)"
        let joinedLines = Set(joined.compactMap { $0?.line })
        let unjoined = entries.filter { !joinedLines.contains($0.line) }
        if let label = unjoined.first, let mask = missing.first {
            text += ": labels name files such as \(Excerpt.quoted(label.file)) (line \(label.line)), masks are named such as "
                + Excerpt.quoted(mask)
        }
        text += ". A label joins a mask by the exact path, else by the base name when it is unique among the masks and among the labels"
        if let garbled = unjoined.first(where: { $0.file.unicodeScalars.contains("\u{FFFD}") }) {
            // Bytes that are not UTF-8 read as U+FFFD: a name written in another encoding never joins.
            text += "; \(path) is not UTF-8 text (line \(garbled.line)): Excel's \"CSV\" and some editors save Latin-1 or "
                + "Windows-1252, whose accented letters are other bytes; save it as \"CSV UTF-8\" (pandas: encoding=\"utf-8\"), "
                + "or iconv -f WINDOWS-1252 -t UTF-8 \(path) > LABELS.csv"
        }
        if let nearMiss = Self.nearMiss(labels: unjoined.map(\.file), masks: missing) { text += "; " + nearMiss }
        var byBase: [String: [String]] = [:]
        for file in files { byBase[file.baseName, default: []].append(file) }
        if let shared = byBase.values.filter({ $0.count > 1 }).min(by: { $0[0] < $1[0] }) {
            let count = byBase.values.filter { $0.count > 1 }.reduce(0) { $0 + $1.count }
            text += "; \(count) masks share a base name with another (such as \(Excerpt.quoted(shared[0])) and \(Excerpt.quoted(shared[1]))): "
                + "give their full paths in the labels file"
        }
        return text
    }

    /// What most often keeps `labels` from `masks` when only a name's case or its extension differs (labels
    /// written on the images, `img_1.jpg`, beside masks `img_1.png`; or names without `.png`), with an example;
    /// nil when neither joins any. The join itself stays exact: this only says what to change.
    static func nearMiss(labels: [String], masks: [String]) -> String? {
        let stem = { (name: String) -> String in
            let base = name.windowsBaseName
            return base.lastIndex(of: ".").map { String(base[..<$0]) }.flatMap { $0.isEmpty ? nil : $0 } ?? base
        }
        let maskByLowercase = Dictionary(masks.map { ($0.baseName.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        // A stack's mask (`s.npy[3]`) has no extension of its own to miss.
        let maskByStem = Dictionary(masks.filter { !$0.hasSuffix("]") }.map { (stem($0), $0) }, uniquingKeysWith: { first, _ in first })
        var inCase = 0, byExtension = 0
        var caseExample: (label: String, mask: String)?, extensionExample: (label: String, mask: String)?
        // A label whose base name is a mask's own missed for another reason (two masks share it), said below.
        let maskBases = Set(masks.map(\.baseName))
        for label in labels where !maskBases.contains(label.windowsBaseName) {
            if let mask = maskByLowercase[label.windowsBaseName.lowercased()] {
                inCase += 1
                caseExample = caseExample ?? (label, mask)
            } else if let mask = maskByStem[stem(label)] {
                byExtension += 1
                extensionExample = extensionExample ?? (label, mask)
            }
        }
        if let example = extensionExample, byExtension >= inCase {
            return "\(byExtension) labels name a mask but for its extension (such as \(Excerpt.quoted(example.label)) for "
                + "\(Excerpt.quoted(example.mask))): label the masks' own files, as `features` lists them"
        }
        return caseExample.map {
            "\(inCase) labels name a mask but for the case of its letters (such as \(Excerpt.quoted($0.label)) for \(Excerpt.quoted($0.mask))): "
                + "names are matched exactly"
        }
    }

    /// `problems` for standard error: the first five, then how many more.
    public var problemSummary: [String] {
        Array(problems.prefix(5)) + (problems.count > 5 ? ["\(path): ... and \(problems.count - 5) more unusable label lines"] : [])
    }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// The part after the last `/`.
    var baseName: String {
        utf8.lastIndex(of: UInt8(ascii: "/")).map { String(self[index(after: $0)...]) } ?? self
    }

    /// The part after the last `/` or `\`.
    var windowsBaseName: String {
        utf8.lastIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") }.map { String(self[index(after: $0)...]) } ?? self
    }
}
