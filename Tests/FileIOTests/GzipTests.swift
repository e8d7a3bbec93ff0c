import FileIO
import Foundation
import Testing
import TestSupport

struct GzipTests {
    @Test func roundTripAndTransparentCSVReading() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let text = "a,b\n1,\"x,y\"\n" + String(repeating: "2,3\n", count: 100_000)
        try Gzip.write(Array(text.utf8), to: folder.path + "/t.csv.gz")
        let compressed = try FileBytes.read(folder.path + "/t.csv.gz")
        #expect(Gzip.isCompressed(compressed) && compressed.count < text.utf8.count / 20)
        #expect(try Gzip.decompress(path: folder.path + "/t.csv.gz") == Array(text.utf8))
        let table = try CSVTable(contentsOf: folder.path + "/t.csv.gz")
        #expect(table.header == ["a", "b"] && table.records.count == 100_001 && table.records[0].fields == ["1", "x,y"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["t.csv.gz"])
    }

    @Test func aStreamWrittenInPiecesIsTheStreamWrittenAtOnce() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // Incompressible bytes, so that one piece fills zlib's output buffer many times over.
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<700_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for pieces in [1, 3, 1_000] {
            let stream = try GzipStream(path: "t.gz")
            var compressed: [UInt8] = []
            let size = (bytes.count + pieces - 1) / pieces
            for start in stride(from: 0, to: bytes.count, by: size) {
                compressed += try stream.compress(Array(bytes[start..<min(start + size, bytes.count)]))
            }
            compressed += try stream.finish()
            #expect(try stream.finish().isEmpty)
            let path = try folder.write(compressed, to: "pieces-\(pieces).gz")
            #expect(try Gzip.decompress(path: path) == bytes, "\(pieces) pieces")
        }
        let empty = try GzipStream(path: "e.gz")
        let path = try folder.write(try empty.finish(), to: "empty.gz")
        #expect(Gzip.isCompressed(try FileBytes.read(path)))
        #expect(try Gzip.decompress(path: path).isEmpty)
    }

    @Test func anOutputNamedGzIsWrittenCompressedAndAnyOtherAsItIs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let text = Array(String(repeating: "file,label\na.png,good\n", count: 1_000).utf8)
        for name in ["t.csv.gz", "T.CSV.GZ", "t.txt.gz"] {
            try Gzip.writeAsNamed(text, to: folder.path + "/" + name)
            #expect(Gzip.isCompressed(try FileBytes.read(folder.path + "/" + name)), "\(name)")
            #expect(try Gzip.decompress(path: folder.path + "/" + name) == text)
        }
        for name in ["t.csv", "t.gzip", "t.gz.csv"] {
            try Gzip.writeAsNamed(text, to: folder.path + "/" + name)
            #expect(try FileBytes.read(folder.path + "/" + name) == text, "\(name)")
        }
    }

    @Test func corruptDataIsAnErrorNamingTheFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Gzip.write(Array(String(repeating: "1,2\n", count: 10_000).utf8), to: folder.path + "/t.gz")
        var bytes = try FileBytes.read(folder.path + "/t.gz")
        bytes.removeLast(bytes.count / 2)
        let cut = try folder.write(bytes, to: "cut.gz")
        #expect(throws: FileBytes.ReadError.self) { try Gzip.decompress(path: cut) }
        do {
            _ = try CSVTable(contentsOf: cut)
            Issue.record("a truncated gzip file was read")
        } catch {
            #expect(error.path == cut)
        }
    }
}

struct LineReaderTests {
    @Test func readsPlainAndGzipLinesWithByteOrderMarkAndCRLF() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let text = Array("\u{FEFF}a,b\r\n1,2\n\n3,4".utf8)
        try AtomicFile.write(text, to: folder.path + "/plain.csv")
        try Gzip.write(text, to: folder.path + "/packed.csv.gz")
        for name in ["plain.csv", "packed.csv.gz"] {
            let reader = try LineReader(path: folder.path + "/" + name)
            var lines: [String] = []
            while let line = try reader.next() { lines.append(String(decoding: line, as: UTF8.self)) }
            #expect(lines == ["a,b", "1,2", "", "3,4"], "\(name)")
            #expect(reader.lineNumber == 4)
        }
        #expect(throws: FileBytes.ReadError.self) { try LineReader(path: folder.path + "/missing.csv") }
        #expect(throws: FileBytes.ReadError.self) { try LineReader(path: folder.path) }
    }

    @Test func longLinesSpanningChunksComeBackWhole() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let lines = (0..<5).map { String(repeating: "\($0)", count: 700_000) }
        try AtomicFile.write(Array(lines.joined(separator: "\n").utf8), to: folder.path + "/long.txt")
        let reader = try LineReader(path: folder.path + "/long.txt")
        var read: [String] = []
        while let line = try reader.next() { read.append(String(decoding: line, as: UTF8.self)) }
        #expect(read == lines)
    }
}
