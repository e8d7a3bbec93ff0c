import FileIO
import Foundation
import Testing
import TestSupport

/// The block reader against tables it is given: whatever the chunk size (so wherever the blocks are cut) and
/// the thread count, it reads back every field and the line each record starts on.
struct CSVStreamTests {
    /// Random rows of fields holding commas, quotes, line breaks and carriage returns, the CSV text of them
    /// (RFC 4180 quoting, LF or CRLF ends), and the line each row starts on.
    func table(rows: Int, seed: UInt64) -> (rows: [[String]], text: String, lines: [Int]) {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        let pieces = ["a", "7", "-0.25", ",", "\"", "\n", "\r\n", " ", "é", "x\"y", ""]
        var table: [[String]] = []
        var text = ""
        var lines: [Int] = []
        var line = 1
        for _ in 0..<rows {
            let row = (0..<(2 + next(4))).map { _ in (0..<next(4)).map { _ in pieces[next(pieces.count)] }.joined() }
            lines.append(line)
            let written = CSVField.line(row) + (next(3) == 0 ? "\r\n" : "\n")
            line += written.utf8.filter { $0 == UInt8(ascii: "\n") }.count
            text += written
            if next(10) == 0 {
                text += "\n"  // a blank line, skipped
                line += 1
            }
            table.append(row)
        }
        return (table, text, lines)
    }

    @Test func everyChunkSizeAndThreadCountReadsTheSameRecords() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for seed in 1...4 as ClosedRange<UInt64> {
            let (rows, text, lines) = table(rows: 300, seed: seed)
            let path = try folder.write([0xEF, 0xBB, 0xBF] + Array(("h1,h2\n" + text).utf8), to: "t\(seed).csv")
            for chunkSize in [1, 2, 3, 7, 64, 1000, 1 << 20] {
                for jobs in 1...3 {
                    let stream = try CSVStream(contentsOf: path, chunkSize: chunkSize)
                    #expect(stream.header == ["h1", "h2"])
                    var read: [[String]] = [], readLines: [Int] = []
                    try stream.forEachBlock(jobs: jobs, transform: { block in
                        (0..<block.count).map { (block.fields($0), block.line($0)) }
                    }, consume: { records in
                        read += records.map(\.0)
                        readLines += records.map(\.1)
                    })
                    #expect(read == rows, "chunk size \(chunkSize), \(jobs) jobs")
                    #expect(readLines == lines.map { $0 + 1 }, "chunk size \(chunkSize), \(jobs) jobs")
                }
            }
            let table = try CSVTable(parsing: Array(("h1,h2\n" + text).utf8), path: "t.csv")
            #expect(table.records.map(\.fields) == rows && table.records.map(\.line) == lines.map { $0 + 1 })
        }
    }

    @Test func malformedRecordsAreRefusedNamingTheLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cases: [(String, Int, String)] = [
            ("h\n1\n2\n\"open\n4\n", 4, "not closed"),
            ("h\n1\nab\"c\n", 3, "quote inside"),
            ("h\n1\n\"a\"b\n", 3, "after a closing quote"),
            ("h\n\"a\nb\",\"c\"d\n", 3, "after a closing quote"),
            ("", 1, "empty"),
            ("\n\n", 1, "empty"),
        ]
        for (text, line, reason) in cases {
            let path = try folder.write(Array(text.utf8), to: "bad.csv")
            for chunkSize in [1, 4, 1 << 20] {
                do {
                    let stream = try CSVStream(contentsOf: path, chunkSize: chunkSize)
                    try stream.forEachBlock(jobs: 2, transform: { $0.count }, consume: { _ in })
                    Issue.record("\(text.debugDescription) was read")
                } catch {
                    #expect(error.line == line && error.reason.contains(reason) && error.path == path,
                            "\(text.debugDescription), chunk size \(chunkSize): \(error)")
                }
            }
        }
    }

    /// The rounds overlap (one round's consuming and the next one's reading run beside a round's parsing), but
    /// the error that stops the reading is still the first in the file: a consumer's error before a malformed
    /// record blocks after it, and nothing is consumed after an error. (A block is refused whole, so the
    /// chunks here are small enough that the malformed record has a block of its own.)
    @Test func theFirstErrorInFileOrderStopsTheReading() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let records = (0..<400).map { "\($0)" }
        let path = try folder.write(Array((["h"] + records + ["ab\"c"]).joined(separator: "\n").utf8), to: "late.csv")
        for chunkSize in [8, 64] {
            for jobs in 1...3 {
                for stop in [5, 150, 350] {
                    var consumed: [Int] = []
                    do {
                        let stream = try CSVStream(contentsOf: path, chunkSize: chunkSize)
                        try stream.forEachBlock(jobs: jobs, transform: { block in (0..<block.count).map { Int(block.string($0, 0)) ?? -1 } },
                                                consume: { values throws(CSVTable.ParseError) in
                            for value in values {
                                guard value < stop else { throw CSVTable.ParseError(path: path, line: value + 2, reason: "stop") }
                                consumed.append(value)
                            }
                        })
                        Issue.record("read to the end")
                    } catch {
                        #expect(error.reason == "stop" && error.line == stop + 2, "chunk \(chunkSize), \(jobs) jobs: \(error)")
                    }
                    #expect(consumed == Array(0..<stop), "chunk \(chunkSize), \(jobs) jobs")
                }
                do {
                    let stream = try CSVStream(contentsOf: path, chunkSize: chunkSize)
                    var count = 0
                    try stream.forEachBlock(jobs: jobs, transform: { $0.count }, consume: { count += $0 })
                    Issue.record("read to the end")
                } catch {
                    #expect(error.line == 402 && error.reason.contains("quote inside"), "chunk \(chunkSize), \(jobs) jobs: \(error)")
                }
            }
        }
    }

    @Test func numbersAreReadFromFieldsWithoutStrings() throws {
        let block = try CSVBlock(Array("1.5,\" -2e3 \",x,inf\n".utf8), firstLine: 7, path: "n.csv")
        var values = [Double](repeating: 0, count: 2)
        #expect(values.withUnsafeMutableBufferPointer { block.finiteDoubles(0, columns: [0, 1], into: $0) } == nil)
        #expect(values == [1.5, -2000] && block.line(0) == 7)
        #expect(values.withUnsafeMutableBufferPointer { block.finiteDoubles(0, columns: [0, 2], into: $0) } == 1)
        #expect(values.withUnsafeMutableBufferPointer { block.finiteDoubles(0, columns: [3], into: $0) } == 0)
    }

    /// A table saved with another separator (a spreadsheet's ';', a TSV) is one field wide: the missing column's
    /// message says which separator the file seems to use.
    @Test func aHeaderOfAnotherSeparatorSaysSo() {
        for (header, words) in [("file;label", "separated by ';'"), ("file\tlabel", "separated by tabs"), ("name,label", "it is 'name,label'")] {
            #expect {
                try CSVTable.column("file", in: header.split(separator: ",").map(String.init), path: "t.csv")
            } throws: { error in
                "\(error)".contains(words)
            }
        }
    }

    /// ... and so does a quote in such a table, which a comma-separated reading fails at before the header is known
    /// (a spreadsheet quotes a field holding its separator); a comma-separated file's malformed quote does not.
    @Test func aQuoteInATableOfAnotherSeparatorSaysSoToo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for (text, words) in [("file;label\na.png;good\n\"b;c.png\";bad\n", "3: text after a closing quote; the file looks separated by ';'"),
                              ("file\tlabel\n\"b\tc.png\"\tbad\n", "2: text after a closing quote; the file looks separated by tabs"),
                              ("file,label\n\"b.png\";bad\n", "2: text after a closing quote")] {
            let hinted = words.contains("looks separated")
            try text.write(toFile: folder.path + "/t.csv", atomically: true, encoding: .utf8)
            for read in [{ () throws in _ = try CSVTable(contentsOf: folder.path + "/t.csv") }, { () throws in _ = try CSVTable(parsing: text, path: "t.csv") }] {
                #expect {
                    try read()
                } throws: { error in
                    "\(error)".contains(words) && "\(error)".contains("looks separated") == hinted
                }
            }
        }
    }
}
