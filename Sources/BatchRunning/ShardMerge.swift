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

    /// The records beside `outputs`, checked to be shards 0..<N of one input, one each, with outputs unedited.
    public static func records(_ outputs: [String]) throws(Refusal) -> [ShardRecord] {
        var records: [ShardRecord] = []
        for output in outputs {
            let path = ShardRecord.path(beside: output)
            guard let data = FileManager.default.contents(atPath: path),
                  let record = try? ShardRecord.decoder.decode(ShardRecord.self, from: data) else {
                throw Refusal(description: "\(path) is missing or unreadable: every output of a --shard run has one beside it")
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
    /// them (`Place`: sorted by the UTF-8 bytes of the input's path, a stack's masks by their `index`); a file in two
    /// shards is refused.
    public static func csv(_ outputs: [String], records: [ShardRecord]) throws(Refusal) -> String {
        var header: [String]?
        var rows: [Row] = []
        for (output, record) in zip(outputs, records) {
            let table: CSVTable
            do {
                table = try CSVTable(contentsOf: output)
            } catch {
                throw Refusal(description: "\(error)")
            }
            if let header, header != table.header {
                throw Refusal(description: "\(output) has other columns than \(outputs[0])")
            }
            header = table.header
            guard table.header.first == "file" else { throw Refusal(description: "\(output): the first column is not file") }
            try checkRows(table.records.count, of: output, against: record)
            let indexColumn = table.header.firstIndex(of: Place.indexColumn)
            for record in table.records {
                let file = record.fields.first ?? ""
                let index = indexColumn.flatMap { $0 < record.fields.count ? Int(record.fields[$0]) : nil }
                rows.append(Row(place: Place(file: file, index: index), file: file, line: CSVField.line(record.fields), source: output))
            }
        }
        return (header.map { CSVField.line($0) + "\n" } ?? "") + (try sorted(rows))
    }

    /// JSON-lines tables whose objects have a `file` string: every line, in the order a single run writes them
    /// (`Place`).
    public static func jsonLines(_ outputs: [String], records: [ShardRecord]) throws(Refusal) -> String {
        var rows: [Row] = []
        for (output, record) in zip(outputs, records) {
            let lines = try lines(output)
            try checkRows(lines.count, of: output, against: record)
            for (number, line) in lines.enumerated() {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                      let file = object["file"] as? String else {
                    throw Refusal(description: "\(output):\(number + 1): not a JSON object with a file")
                }
                let place = Place(file: file, index: object[Place.indexColumn] as? Int)
                rows.append(Row(place: place, file: file, line: String(decoding: line, as: UTF8.self), source: output))
            }
        }
        return try sorted(rows)
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
            return try FileBytes.read(output).split(separator: 10)
        } catch {
            throw Refusal(description: "\(error)")
        }
    }

    /// Where a row of a table goes in a single run's output: at its input's place among the inputs, sorted by the
    /// UTF-8 bytes of their paths, and for a mask of a NumPy stack (`FILE.npy[i]`, `FILE.npz:MEMBER[i]`, with `i`
    /// in the `index` column) at the stack file's place, by `i`. Sorting the names alone would put `FILE.npy[10]`
    /// before `FILE.npy[2]`.
    struct Place {
        /// The column that holds a stack mask's index.
        static let indexColumn = "index"
        /// The input file: the path, or the stack's file.
        let path: String
        /// The mask's index in its stack; nil for a file.
        let index: Int?

        /// The place of the row named `file` whose `index` column holds `index`.
        init(file: String, index: Int?) {
            guard let index, index >= 0, file.hasSuffix("[\(index)]") else {
                (path, self.index) = (file, nil)
                return
            }
            let name = file.dropLast("[\(index)]".count)
            // An archive's member follows the last colon that ends its path (`FILE.npz:MEMBER`).
            let archive = name.indices.reversed().first { name[$0] == ":" && name[..<$0].lowercased().hasSuffix(".npz") }
            (path, self.index) = (String(archive.map { name[..<$0] } ?? name), index)
        }

        /// Whether `self` comes before `other` in a single run's output.
        func precedes(_ other: Place) -> Bool {
            guard path == other.path else { return UTF8Order.precedes(path, other.path) }
            return (index ?? -1) < (other.index ?? -1)
        }
    }

    /// A row of a shard's table: its place, its file and text, and the shard output it came from.
    struct Row {
        let place: Place
        let file: String
        let line: String
        let source: String
    }

    private static func sorted(_ rows: [Row]) throws(Refusal) -> String {
        var sourceOf: [String: String] = [:]
        for row in rows {
            if let earlier = sourceOf.updateValue(row.source, forKey: row.file) {
                throw Refusal(description: "\(row.file) is in both \(earlier) and \(row.source)")
            }
        }
        return rows.sorted { $0.place.precedes($1.place) }.map { $0.line + "\n" }.joined()
    }
}
