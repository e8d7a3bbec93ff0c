import CTextScan
import FileIO
import Testing

/// The two ways a block is cut into fields, against a plain split of the text: the marks of every comma and line
/// feed (`gf_csv_separators`, on each of its paths), used for text without quotes or carriage returns, and the
/// byte-by-byte parser, used for any other text.
struct CSVBlockTests {
    private struct Lcg {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
    }

    /// The records of quote-free LF text as a plain split makes them: blank lines skipped, each record with the
    /// line it is on.
    private func split(_ text: String) -> [(fields: [String], line: Int)] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            line.isEmpty ? nil : (line.split(separator: ",", omittingEmptySubsequences: false).map(String.init), index + 1)
        }
    }

    private func records(_ block: CSVBlock) -> [(fields: [String], line: Int)] {
        (0..<block.count).map { (block.fields($0), block.line($0)) }
    }

    @Test func plainTextIsCutWhereAPlainSplitCutsIt() throws {
        var random = Lcg(state: 11)
        let pieces = ["a", "7", "-0.25", ",", ",", "\n", "\n", " ", "é", "0123456789abcdefghij", ""]
        for _ in 0..<2_000 {
            // Lengths around the 64-byte steps, separators on either side of a step's edge.
            var text = (0..<random.next(40)).map { _ in pieces[random.next(pieces.count)] }.joined()
            if random.next(4) == 0 { text += "," }
            let expected = split(text)
            let block = try CSVBlock(Array(text.utf8), firstLine: 1, path: "t.csv")
            let got = records(block)
            #expect(got.count == expected.count, "\(text.debugDescription)")
            for (g, e) in zip(got, expected) {
                #expect(g.fields == e.fields && g.line == e.line, "\(text.debugDescription)")
            }
            // The byte-by-byte parser (which a quoted record at the end sends the block to) agrees.
            let general = try CSVBlock(Array((text + (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + "\"q\"\n").utf8), firstLine: 1, path: "t.csv")
            let generalRecords = records(general).dropLast()
            #expect(generalRecords.count == got.count)
            for (g, e) in zip(generalRecords, got) { #expect(g.fields == e.fields && g.line == e.line) }
        }
    }

    @Test func aLongRecordIsRefusedOnEitherPath() throws {
        let long = String(repeating: "1,", count: CSVTable.maximumRecordLength / 2 + 1) + "1\n"
        for text in ["a\n" + long, "a\n\"q\"\n" + long] {
            #expect(throws: CSVTable.ParseError.self) { try CSVBlock(Array(text.utf8), firstLine: 1, path: "t.csv") }
        }
    }

    /// The separator marks on the path the CPU takes and on the baseline, against the bytes themselves.
    @Test func separatorMarksAreTheSameOnEveryPath() {
        var random = Lcg(state: 5)
        let alphabet: [UInt8] = Array("ab9.-,\n\"\r ".utf8) + [0, 0x80, 0xFF, 0x2C ^ 0x80]
        for length in 0..<300 {
            for round in 0..<4 {
                let bytes = (0..<length).map { _ in round == 0 ? UInt8(random.next(256)) : alphabet[random.next(alphabet.count)] }
                var chosen = [UInt64](repeating: 0, count: (length + 63) / 64), baseline = chosen
                var chosenCount = 0, baselineCount = 0
                let chosenSpecial = bytes.withUnsafeBufferPointer { gf_csv_separators($0.baseAddress, $0.count, &chosen, &chosenCount) }
                let baselineSpecial = bytes.withUnsafeBufferPointer { gf_csv_separators_baseline($0.baseAddress, $0.count, &baseline, &baselineCount) }
                var expected = [UInt64](repeating: 0, count: (length + 63) / 64)
                for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") {
                    expected[index / 64] |= 1 << UInt64(index % 64)
                }
                let special: Int32 = bytes.contains(UInt8(ascii: "\"")) || bytes.contains(UInt8(ascii: "\r")) ? 1 : 0
                #expect(chosen == expected && baseline == expected, "length \(length)")
                #expect(chosenCount == expected.reduce(0) { $0 + $1.nonzeroBitCount } && baselineCount == chosenCount)
                #expect(chosenSpecial == special && baselineSpecial == special)
            }
        }
    }
}
