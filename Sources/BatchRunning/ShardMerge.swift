import FileIO
import NumpyFormats
import Foundation

/// Combines the outputs of the N shards of one run into the output one run over all inputs would have written,
/// after checking their `.shard.json` records: all N present once, one input digest, each output's bytes as its
/// shard wrote them and holding the rows its record states, no row twice.
public enum ShardMerge {
    /// Why shards cannot be merged.
    public struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        /// What is wrong, naming the files.
        public let description: String

        /// A refusal saying `description`.
        public init(description: String) {
            self.description = description
        }
    }

    /// The most shards a record may name.
    public static let maximumShards = 1 << 20

    /// What shard outputs hold, as their names say; the merged output is of their kind.
    public enum Kind: Equatable, Sendable {
        /// A features or decisions CSV (`.csv`, or `.csv.gz`).
        case csv
        /// A features JSON Lines table (`.jsonl`, or `.jsonl.gz`).
        case jsonLines
        /// `latent screen`'s indices, one per line (`.txt`, or `.txt.gz`).
        case indices
        /// `latent screen`'s kept vectors (`.npy`).
        case npy

        /// The kind of an output named `path`, in any case; nil for any other name. A `.gz` name is read and
        /// written gzip-compressed (`Gzip.writeAsNamed`), so compressed and plain shards merge alike.
        public init?(outputNamed path: String) {
            if path.lowercased().hasSuffix(".npy") {
                self = .npy
                return
            }
            let name = Gzip.uncompressedName(path).lowercased()
            if name.hasSuffix(".csv") {
                self = .csv
            } else if name.hasSuffix(".jsonl") {
                self = .jsonLines
            } else if name.hasSuffix(".txt") {
                self = .indices
            } else {
                return nil
            }
        }

        /// The name ending of the kind, for messages.
        public var suffix: String {
            switch self {
            case .csv: ".csv"
            case .jsonLines: ".jsonl"
            case .indices: ".txt"
            case .npy: ".npy"
            }
        }
    }

    /// The records beside `outputs`, checked to be shards 0..<N of one input, one each, with outputs unedited.
    public static func records(_ outputs: [String]) throws(Refusal) -> [ShardRecord] {
        var records: [ShardRecord] = []
        for output in outputs {
            let path = ShardRecord.path(beside: output)
            let bytes: [UInt8]
            do {
                bytes = try FileBytes.read(path, limit: ShardRecord.maximumBytes, what: "shard record")
            } catch {
                // Where the record is missing, say where it should be; else the error says what is wrong with it.
                let missing = FileIdentity(path: path) == nil
                throw Refusal(description: "\(error)" + (missing ? ": every output of a --shard run has a shard record beside it" : ""))
            }
            guard let record = try? ShardRecord.decoder.decode(ShardRecord.self, from: Data(bytes)) else {
                throw Refusal(description: "\(path) is not a valid shard record: run that shard again")
            }
            guard (1...maximumShards).contains(record.count), (0..<record.count).contains(record.index), record.rows >= 0 else {
                throw Refusal(description: "\(path) is not a valid shard record (shard \(record.index)/\(record.count), \(record.rows) rows)")
            }
            guard let digest = record.contentDigest else {
                throw Refusal(description: "\(path) has no content digest (written by an older ganfilter): run that shard again")
            }
            let actual: String
            do {
                actual = try ShardRecord.contentDigest(of: output)
            } catch {
                throw Refusal(description: "\(error)")
            }
            guard actual == digest else {
                throw Refusal(description: "\(output) was changed after its shard wrote it (its bytes no longer match \(path)): run that shard again")
            }
            records.append(record)
        }
        guard let first = records.first else { throw Refusal(description: "no outputs to merge") }
        for (output, record) in zip(outputs, records) {
            guard record.count == first.count else {
                throw Refusal(description: "\(output) is shard \(record.index)/\(record.count) but \(outputs[0]) is of \(first.count) shards")
            }
            guard record.inputDigest == first.inputDigest else {
                throw Refusal(description: "\(output) was made from other inputs than \(outputs[0]) (input digests differ)")
            }
        }
        for index in 0..<first.count {
            let holders = zip(outputs, records).filter { $0.1.index == index }.map(\.0)
            guard holders.count == 1 else {
                throw Refusal(description: holders.isEmpty ? "shard \(index)/\(first.count) is missing"
                    : "shard \(index)/\(first.count) is given twice: \(holders.joined(separator: ", "))")
            }
        }
        return records
    }

    /// CSV tables with the same header whose first column is `file`: every row, in the order a single run writes
    /// them (`TablePlace`: sorted by the UTF-8 bytes of the input's path, a stack's masks by their `index`); a file in two
    /// shards is refused. Each shard is read block by block, and its records kept as the text of their lines alone
    /// (`MergedLines`, which writes them).
    public static func csv(_ outputs: [String], records: [ShardRecord]) throws(Refusal) -> MergedLines {
        var header: [String]?
        var lines = MergedLines()
        for (source, (output, record)) in zip(outputs, records).enumerated() {
            let stream: CSVStream
            do {
                stream = try CSVStream(contentsOf: output)
            } catch {
                throw Refusal(description: "\(error)")
            }
            if let header, header != stream.header {
                throw Refusal(description: "\(output) has other columns than \(outputs[0])")
            }
            header = stream.header
            guard stream.header.first == "file" else { throw Refusal(description: "\(output): the first column is not file") }
            let indexColumn = stream.header.firstIndex(of: TablePlace.indexColumn)
            let before = lines.count
            do {
                try stream.forEachBlock(jobs: 1, transform: { $0 }) { block throws(CSVTable.ParseError) in
                    for row in 0..<block.count {
                        let fields = block.fields(row)
                        let file = fields.first ?? ""
                        let index = indexColumn.flatMap { $0 < fields.count ? Int(fields[$0]) : nil }
                        lines.append(CSVField.line(fields).utf8, place: TablePlace(file: file, index: index), file: file, source: source)
                    }
                    if block.count > 0 { try lines.hold(line: block.line(block.count - 1), of: output) }
                }
            } catch {
                throw Refusal(description: "\(error)")
            }
            try checkRows(lines.count - before, of: output, against: record)
        }
        lines.header = header.map { Array((CSVField.line($0) + "\n").utf8) } ?? []
        try lines.check(sources: outputs)
        return lines
    }

    /// JSON-lines tables whose objects have a `file` string: every line, in the order a single run writes them
    /// (`TablePlace`). Each shard is read line by line (`LineReader`).
    public static func jsonLines(_ outputs: [String], records: [ShardRecord]) throws(Refusal) -> MergedLines {
        var lines = MergedLines()
        for (source, (output, record)) in zip(outputs, records).enumerated() {
            let before = lines.count
            do {
                let reader = try LineReader(path: output)
                while let line = try reader.next() {
                    guard !line.isEmpty else { continue }
                    guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                          let file = object["file"] as? String else {
                        throw Refusal(description: "\(output):\(reader.lineNumber): not a JSON object with a file")
                    }
                    lines.append(line, place: TablePlace(file: file, index: object[TablePlace.indexColumn] as? Int), file: file, source: source)
                    try lines.hold(line: reader.lineNumber, of: output)
                }
            } catch let error as FileBytes.ReadError {
                throw Refusal(description: "\(error)")
            } catch let error as CSVTable.ParseError {
                throw Refusal(description: "\(error)")
            } catch let refusal as Refusal {
                throw refusal
            } catch {
                throw Refusal(description: "\(output): \(error)")
            }
            try checkRows(lines.count - before, of: output, against: record)
        }
        try lines.check(sources: outputs)
        return lines
    }

    /// Index files (one 0-based index per line, increasing), in shard order; the result must increase strictly.
    public static func indices(_ outputs: [String], records: [ShardRecord]) throws(Refusal) -> String {
        var text = ""
        var last = -1
        for (output, record) in zip(outputs, records).sorted(by: { $0.1.index < $1.1.index }) {
            let lines = try lines(output)
            try checkRows(lines.count, of: output, against: record)
            for (number, line) in lines.enumerated() {
                guard let index = Int(String(decoding: line, as: UTF8.self)), index > last else {
                    throw Refusal(description: "\(output):\(number + 1): not an index above the previous shard's")
                }
                last = index
                text += String(index) + "\n"
            }
        }
        return text
    }

    /// `.npy` shard outputs stacked in shard order into `output` (`NumpyConcatenation`), each holding the rows
    /// its shard record states.
    public static func npy(_ outputs: [String], records: [ShardRecord], to output: String) throws(Refusal) {
        let ordered = zip(outputs, records).sorted { $0.1.index < $1.1.index }
        let expected = Dictionary(ordered.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        do {
            try NumpyConcatenation.write(ordered.map(\.0), to: output) { path, rows in
                guard let record = expected[path], rows != record.rows else { return nil }
                return rowProblem(rows, of: path, against: record)
            }
        } catch {
            throw Refusal(description: error.description)
        }
    }

    /// Throws unless `output` holds the rows its record states.
    public static func checkRows(_ rows: Int, of output: String, against record: ShardRecord) throws(Refusal) {
        guard rows == record.rows else {
            throw Refusal(description: rowProblem(rows, of: output, against: record))
        }
    }

    /// What is wrong with `output` holding `rows` rows where its shard `record` states others.
    static func rowProblem(_ rows: Int, of output: String, against record: ShardRecord) -> String {
        "\(output) holds \(rows) rows but its shard record says \(record.rows): run that shard again"
    }

    /// The lines of `output`.
    private static func lines(_ output: String) throws(Refusal) -> [ArraySlice<UInt8>] {
        do {
            return try Gzip.decompress(path: output).split(separator: 10)
        } catch {
            throw Refusal(description: "\(error)")
        }
    }
}

/// The rows of shards' tables as the merge holds them: the text of every line in one buffer, and for each its
/// place and where its text ends; and the shard each file came from. The merged table is written from them a
/// piece at a time: 100,000 rows of every feature set (a 34 MB table) merge in 108 MB, where strings of each line
/// and of each record's fields, and the whole merged text twice over, took 264 MB.
public struct MergedLines: Sendable {
    /// The text before the first line (a CSV table's header), with its line break.
    var header: [UInt8] = []
    private var text: [UInt8] = []
    private var rows: [(place: TablePlace, end: Int)] = []
    /// The shard each file came from, to refuse a file in two shards.
    private var sourceOf: [String: Int32] = [:]
    private var repeated: (file: String, first: Int32, second: Int32)?
    private var budget = MemoryBudget()
    /// What the lines appended since the last `hold` take.
    private var unheld = 0

    /// How many lines are held.
    public var count: Int { rows.count }

    /// Holds `line` (without its line break), the row of `file` at `place`, from the shard numbered `source`.
    mutating func append(_ line: some Collection<UInt8>, place: TablePlace, file: String, source: Int) {
        text.append(contentsOf: line)
        rows.append((place, text.count))
        unheld += MemoryBudget.grownElementBytes(stride: line.count + MemoryLayout<(place: TablePlace, end: Int)>.stride)
            + MemoryBudget.stringBytes(file) + 48
        if let earlier = sourceOf.updateValue(Int32(truncatingIfNeeded: source), forKey: file), repeated == nil {
            repeated = (file, earlier, Int32(truncatingIfNeeded: source))
        }
    }

    /// Counts the lines appended since the last call, read up to `line` of the shard `path`, against the memory one
    /// input may take (`MemoryBudget`); throws when they exceed it.
    mutating func hold(line: Int, of path: String) throws(CSVTable.ParseError) {
        try budget.take(unheld, count: rows.count, what: "rows of the shards", line: line, of: path)
        unheld = 0
    }

    /// Throws when a file came twice (`sources` names the shards by number).
    func check(sources: [String]) throws(ShardMerge.Refusal) {
        if let repeated {
            throw ShardMerge.Refusal(description: "\(repeated.file) is in both \(sources[Int(repeated.first)]) and \(sources[Int(repeated.second)])")
        }
    }

    /// Writes the header and every line, each ending in a line break, in the order a single run writes them (ties
    /// in the order held), to `path` as its name says (`TableOutput`), a megabyte at a time.
    public func write(to path: String) throws(OutputError) {
        let order = rows.indices.sorted { a, b in
            rows[a].place.precedes(rows[b].place) || (!rows[b].place.precedes(rows[a].place) && a < b)
        }
        let output = try TableOutput(path: path)
        var piece = header
        piece.reserveCapacity(1 << 20)
        for row in order {
            piece.append(contentsOf: text[(row == 0 ? 0 : rows[row - 1].end)..<rows[row].end])
            piece.append(10)
            if piece.count >= 1 << 20 {
                try output.append(piece)
                piece.removeAll(keepingCapacity: true)
            }
        }
        try output.append(piece)
        try output.finish()
    }
}
