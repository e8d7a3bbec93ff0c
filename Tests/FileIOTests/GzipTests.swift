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

    /// A table kept compressed otherwise than as gzip is an error naming the compression and how to undo it, for
    /// every reader (zlib reads such a file as it is, which was a table of garbage: "a quote inside an unquoted
    /// field"); text that only starts with the same letters is text.
    @Test func aTableCompressedOtherwiseSaysSo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let starts: [(ForeignCompression, [UInt8])] = [
            (.xz, [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00, 0x04]),  // the first bytes of Python's lzma.compress
            (.bzip2, Array("BZh91AY&SY".utf8) + [0xD8, 0x21]),          // bz2.compress(b"file,label\n")
            (.bzip2, Array("BZh9".utf8) + [0x17, 0x72, 0x45, 0x38]),     // bz2.compress(b"")
            (.zstd, [0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x0B]),
            (.zip, Array("PK".utf8) + [3, 4, 20, 0]),
            (.sevenZip, [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0x00, 0x04]),
        ]
        for (compression, bytes) in starts {
            #expect(ForeignCompression.starting(bytes) == compression)
            let path = try folder.write(bytes + Array(repeating: 0x41, count: 100), to: "t.csv")
            for read in [{ _ = try CSVTable(contentsOf: path) }, { _ = try LineReader(path: path).next() }] {
                do {
                    try read()
                    Issue.record("\(compression.name): read as a table")
                } catch {
                    #expect("\(error)".contains("\(compression.name)-compressed") && "\(error)".contains(path), "\(error)")
                }
            }
        }
        for text in ["BZh,PK\nx,y\n", "BZh9,a\n1,2\n", "7z,PK\n1,2\n"] {
            #expect(ForeignCompression.starting(Array(text.utf8)) == nil, "\(text)")
            let path = try folder.write(Array(text.utf8), to: "text.csv")
            #expect(try CSVTable(contentsOf: path).records.count == 1)
        }
        #expect(ForeignCompression.named("T.CSV.XZ") == .xz && ForeignCompression.named("a.tgz") == .tar)
        #expect(ForeignCompression.named("a.csv.gz") == nil && ForeignCompression.named("a.npz") == nil)
    }

    /// A table in UTF-16 or UTF-32 (Excel's "Unicode Text", pandas' `encoding="utf-16"`), with a byte order mark
    /// or without, plain or gzip-compressed, is an error naming the encoding and the command that converts it, for
    /// every reader (read as UTF-8 it was a header of NULs: "no column named file"); UTF-8 text, with its mark or
    /// without, is read.
    @Test func aTableInUTF16OrUTF32SaysSo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let text = "file,label\na.png,good\n"
        let encodings: [(ForeignTextEncoding, String.Encoding)] = [
            (.utf16LittleEndian, .utf16), (.utf16LittleEndian, .utf16LittleEndian), (.utf16BigEndian, .utf16BigEndian),
            (.utf32LittleEndian, .utf32), (.utf32LittleEndian, .utf32LittleEndian), (.utf32BigEndian, .utf32BigEndian),
        ]
        for (expected, encoding) in encodings {
            let bytes = try #require(text.data(using: encoding).map(Array.init))
            #expect(ForeignTextEncoding.starting(bytes) == expected, "\(encoding)")
            for name in ["t.csv", "t.csv.gz"] {
                let path = folder.path + "/" + name
                try Gzip.writeAsNamed(bytes, to: path)
                for read in [{ _ = try CSVTable(contentsOf: path) }, { _ = try LineReader(path: path).next() }] {
                    do {
                        try read()
                        Issue.record("\(expected.name): read as a table")
                    } catch {
                        let command = name.hasSuffix(".gz") ? "| iconv -f UTF-\(expected.name.dropFirst(4).prefix(2)) -t UTF-8 | gzip > \(folder.path)/t-utf8.csv.gz"
                            : "iconv -f UTF-\(expected.name.dropFirst(4).prefix(2)) -t UTF-8 \(path) > \(folder.path)/t-utf8.csv"
                        #expect("\(error)".contains("\(path): \(expected.name) text") && "\(error)".contains(command), "\(error)")
                    }
                }
            }
        }
        for bytes in [Array(text.utf8), [0xEF, 0xBB, 0xBF] + Array(text.utf8), Array("a\n".utf8)] {
            #expect(ForeignTextEncoding.starting(bytes) == nil)
            let path = try folder.write(bytes, to: "text.csv")
            #expect(try CSVTable(contentsOf: path).header.count >= 1)
        }
        #expect(ForeignTextEncoding.utf16BigEndian.remedy(for: "labels").hasSuffix("labels > labels-utf8"))
        #expect(ForeignTextEncoding.utf16BigEndian.remedy(for: "dir.v2/.labels").hasSuffix("dir.v2/.labels > dir.v2/.labels-utf8"))
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
