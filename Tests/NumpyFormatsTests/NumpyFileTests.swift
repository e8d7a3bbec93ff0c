import FileIO
import Foundation
import Matrices
import NumpyFormats
import Testing
import TestSupport

/// `.npy` files written by NumPy itself (`Tests/Fixtures/make_numpy_fixtures.py`) read back exactly, in every
/// layout NumPy reads (Fortran order, either byte order, N x d with axes of one), as little-endian rows; what is not a 2-D float array
/// is refused with a message naming the file.
struct NumpyFileTests {
    static let expected = (0..<15).map { Double($0) + 0.25 }

    @Test(arguments: ["f4_v1", "f4_v2", "f4_v3", "f8_v1", "f8_v2", "f8_v3", "fortran", "fortran_f4", "big_endian", "big_endian_f4",
                      "fortran_big_endian", "dcgan", "axis_of_one_fortran"])
    func readsEveryVersionPrecisionAndLayout(name: String) throws {
        let reader = try NumpyReader(path: Fixtures.path("npy/\(name).npy"))
        #expect(reader.header.rows == 5 && reader.header.columns == 3)
        #expect(reader.header.elementType == (name.contains("f4") || name == "fortran_big_endian" || name == "dcgan" ? .float32 : .float64))
        var values: [Double] = []
        while let block = try reader.nextBlock(maxRows: 2) {
            #expect(block.rows <= 2 && block.columns == 3)
            values += block.values
        }
        #expect(values == Self.expected)
    }

    @Test(arguments: [
        ("int32", "element type <i4 is not supported"), ("one_dimensional", "is not 2-D"), ("three_dimensional", "nor N x d with axes of one"),
        ("lying_header", "but the file has 240 bytes"), ("missing", "No such file"),
        // Found by Fuzz/run.sh FuzzNumpy: sizes whose products or sums overflow Int trapped.
        ("huge_shape", "is too large"), ("end_overflow", "is too large"),
    ])
    func refusesWhatItCannotUse(name: String, message: String) {
        let path = Fixtures.path("npy/\(name).npy")
        do {
            _ = try NumpyReader(path: path)
            Issue.record("\(name) was accepted")
        } catch {
            #expect(error.path == path)
            #expect(error.reason.contains(message), "\(error)")
        }
    }

    /// Found by `Fuzz/run.sh FuzzNumpy`: a ZIP64 end record whose 64-bit fields exceed `Int.max` trapped while
    /// converting them; every directory value is now clamped and checked against the file without overflowing sums.
    @Test func archivesWithImpossibleZip64ValuesAreRefused() throws {
        let path = Fixtures.path("npy/fuzz_zip64_huge_offsets.npz")
        #expect(throws: VectorFileError.self) { try NpzArchive(path: path) }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // The shipped ZIP64 archive with each 8-byte field of its ZIP64 records set to all ones, in turn.
        let original = try FileBytes.read(Fixtures.path("npy/zip64.npz"))
        for start in stride(from: 0, to: original.count - 8, by: 1) {
            var bytes = original
            for index in start..<start + 8 { bytes[index] = 0xff }
            let path = try folder.write(bytes, to: "mutated.npz")
            if let archive = try? NpzArchive(path: path), let reader = try? archive.reader() {
                while let block = try? reader.nextBlock(maxRows: 64), block.rows > 0 {}
            }
        }
    }

    @Test func emptyArraysHaveNoBlocks() throws {
        let reader = try NumpyReader(path: Fixtures.path("npy/empty.npy"))
        #expect(reader.header.rows == 0)
        #expect(try reader.nextBlock(maxRows: 10) == nil)
    }

    /// A FIFO is refused before any read, which would wait for a writer, and the message says what it is.
    @Test func aFIFOIsNamedForWhatItIs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fifo = folder.path + "/z.npy"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: VectorFileError(path: fifo, reason: SystemError.notRegularFile(S_IFIFO))) { try NumpyReader(path: fifo) }
    }

    @Test func garbageHeadersAreRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cases: [[UInt8]] = [
            Array("not numpy at all".utf8),
            [0x93] + Array("NUMPY".utf8) + [9, 0, 10, 0] + Array("{'descr': '<f4'}".utf8),
            [0x93] + Array("NUMPY".utf8) + [1, 0, 0xff, 0xff] + Array("{".utf8),
            [0x93] + Array("NUMPY".utf8) + [1, 0, 20, 0] + Array("['descr', 'shape']  ".utf8),
        ]
        for bytes in cases {
            let path = try folder.write(bytes, to: "bad.npy")
            #expect(throws: VectorFileError.self) { try NumpyReader(path: path) }
        }
    }

    @Test(arguments: [NumpyHeader.ElementType.float32, .float64])
    func writtenFilesReadBack(type: NumpyHeader.ElementType) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/out.npy"
        let writer = try NumpyWriter(path: path, elementType: type, columns: 4)
        let first = try #require(Matrix(rowArrays: [[1, 2, 3, 4], [0.1, -0.5, 1e-3, 7]]))
        let second = try #require(Matrix(rowArrays: [[9, 8, 7, 6]]))
        try writer.append(first)
        try writer.append(second)
        #expect(!FileManager.default.fileExists(atPath: path), "nothing at the destination before finish()")
        try writer.finish()
        let reader = try NumpyReader(path: path)
        #expect(reader.header.rows == 3 && reader.header.elementType == type)
        #expect(reader.header.dataOffset % 64 == 0)
        let values = try #require(try reader.nextBlock(maxRows: 10)).values
        let written = first.values + second.values
        #expect(values == (type == .float32 ? written.map { Double(Float($0)) } : written))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.npy"])
    }
}

/// `.npz` archives written by NumPy: stored, deflated, ZIP64, several arrays.
struct NpzArchiveTests {
    @Test(arguments: ["stored", "deflated", "zip64"])
    func readsTheOnlyArray(name: String) throws {
        let archive = try NpzArchive(path: Fixtures.path("npy/\(name).npz"))
        let reader = try archive.reader()
        #expect(reader.header.rows == 5 && reader.header.columns == 3)
        #expect(try reader.nextBlock(maxRows: 10)?.values == NumpyFileTests.expected)
    }

    /// A deflated member is inflated into a temporary file that is unlinked at once: nothing is left behind,
    /// even by a process killed while reading it.
    @Test func anInflatedMemberLeavesNoFileBehind() throws {
        let folder = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        let listing = { Set(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("ganfilter-npz-") }) }
        let before = listing()
        let archive = try NpzArchive(path: Fixtures.path("npy/deflated.npz"))
        let reader = try archive.reader()
        // Tests running beside this one inflate members too, and their files exist for an instant; a file of
        // this reader's would stay.
        var left = listing().subtracting(before)
        for _ in 0..<200 where !left.isEmpty {
            Thread.sleep(forTimeInterval: 0.01)
            left = listing().intersection(left)
        }
        #expect(left.isEmpty, "\(left)")
        #expect(try reader.nextBlock(maxRows: 10)?.values == NumpyFileTests.expected)
    }

    @Test func namedMembersAndErrors() throws {
        let archive = try NpzArchive(path: Fixtures.path("npy/two_arrays.npz"))
        #expect(archive.members.map(\.name) == ["a.npy", "b.npy"])
        #expect(try archive.reader(member: "b").nextBlock(maxRows: 10)?.values == NumpyFileTests.expected.map { $0 * 2 })
        // Without a name, or with one it lacks, the archive lists its arrays with their shapes and element types.
        #expect(throws: VectorFileError(path: archive.path, reason: "holds 2 arrays (a.npy: 5 x 3 <f8; b.npy: 5 x 3 <f8); name one with --member")) {
            try archive.reader()
        }
        #expect(throws: VectorFileError(path: archive.path, reason: "no member c (it has a.npy: 5 x 3 <f8; b.npy: 5 x 3 <f8)")) {
            try archive.reader(member: "c")
        }
        #expect(throws: VectorFileError.self) { try NpzArchive(path: Fixtures.path("npy/truncated.npz")) }
        #expect(throws: VectorFileError.self) { try NpzArchive(path: Fixtures.path("npy/f4_v1.npy")) }
    }

    /// A member is judged by its header and declared size before it is inflated (`make_hostile_npz.py`): its
    /// head is its first bytes alone, and `arrays` refuses a member larger than the budget by the size its
    /// directory declares, so a member whose stream ends after 4 KiB is refused as too large, not as truncated.
    @Test func aMemberIsJudgedBeforeItIsInflated() throws {
        let archive = try NpzArchive(path: Fixtures.path("stacks/huge_truncated.npz"))
        let member = try archive.member(named: nil)
        #expect(member.size > 4_000_000)
        let head = try archive.head(of: member, count: 200)
        #expect(head.count == 200 && Array(head.prefix(6)) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59])
        #expect(try NumpyHeader.fields(head, path: "huge").shape == [1, 2000, 2000])
        #expect {
            try archive.arrays(maxBytes: 1 << 20)
        } throws: { error in
            "\(error)".contains("larger than")
        }
        #expect {
            try archive.arrays()
        } throws: { error in
            "\(error)".contains("truncated deflate data")
        }
        // A stream running past the declared size is read to it (as Python's zipfile reads it) and its CRC holds.
        let outgrows = try NpzArchive(path: Fixtures.path("stacks/outgrows.npz"))
        let grown = try outgrows.member(named: "masks")
        #expect(try outgrows.head(of: grown, count: 1 << 20).count == grown.size)
        let inflated = try outgrows.location(of: grown)
        var info = stat()
        #expect(stat(inflated.path, &info) == 0 && inflated.offset == 0 && Int(info.st_size) == grown.size)
    }
}
