import Foundation
import MaskImage
import Testing
import TestSupport

/// Every kind of bad file gives a typed error that names the file, and never crashes or hangs.
struct BadInputTests {
    static let goodPNG: [UInt8] = {
        var mask = BinaryMask(width: 20, height: 6)
        for x in 2..<18 { mask[x, 3] = true }
        return (try? PNGEncoder.encode(mask)) ?? []
    }()

    func decode(_ bytes: [UInt8], maxPixels: UInt64 = PNGReader.defaultMaxPixels) -> Result<BinaryMask, MaskImageError> {
        Result { () throws(MaskImageError) in
            try PNGReader(maxPixels: maxPixels).mask(decoding: bytes, name: "bad.png", threshold: 128)
        }
    }

    @Test func goodFixtureDecodes() throws {
        #expect(try decode(Self.goodPNG).get().foregroundCount == 16)
    }

    @Test func truncatedAtEveryOffset() {
        for length in 0..<Self.goodPNG.count {
            let result = decode(Array(Self.goodPNG.prefix(length)))
            switch result {
            case .success:
                Issue.record("a PNG cut to \(length) bytes decoded")
            case .failure(let error):
                #expect(error.path == "bad.png")
                switch length {
                case 0: #expect(error == .emptyFile(path: "bad.png"))
                case 1..<8: #expect(error == .notPNG(path: "bad.png", format: nil))
                default: #expect(error == .truncated(path: "bad.png"), "cut at \(length): \(error)")
                }
            }
        }
    }

    @Test func bitFlipsInEveryChunkAreRefusedOrHarmless() {
        for chunk in PNGChunks.chunks(of: Self.goodPNG) {
            for byte in chunk.offset + 4..<chunk.offset + 12 + chunk.length {
                var bytes = Self.goodPNG
                bytes[byte] ^= 0x10
                if case .failure(let error) = decode(bytes) {
                    #expect(error.path == "bad.png")
                    #expect(!error.reason.isEmpty)
                }
            }
        }
    }

    @Test func crcMismatchInCriticalChunks() {
        for type in ["IHDR", "IDAT"] {
            guard let chunk = PNGChunks.chunks(of: Self.goodPNG).first(where: { $0.type == type }) else {
                Issue.record("no \(type)")
                continue
            }
            var bytes = Self.goodPNG
            bytes[chunk.offset + 8 + chunk.length] ^= 0xff
            guard case .failure(.crcMismatch(let path, _)) = decode(bytes) else {
                Issue.record("\(type) CRC error not reported as such: \(decode(bytes))")
                continue
            }
            #expect(path == "bad.png")
        }
    }

    @Test func corruptCompressedDataWithValidCRC() {
        guard let idat = PNGChunks.chunks(of: Self.goodPNG).first(where: { $0.type == "IDAT" }) else {
            Issue.record("no IDAT")
            return
        }
        var bytes = Self.goodPNG
        bytes[idat.offset + 8] = 0x00  // zlib header byte: "incorrect header check"
        PNGChunks.fixCRC(&bytes, chunkAt: idat.offset)
        guard case .failure(.corruptImageData) = decode(bytes) else {
            Issue.record("expected corrupt image data, got \(decode(bytes))")
            return
        }
    }

    /// The zlib stream's Adler-32 is not checked (each chunk's CRC-32 is): a wrong one under a right CRC gives the
    /// same mask, and the same change without the CRC fixed is refused.
    @Test func theImageDataIsGuardedByItsCRCNotTheAdler32() throws {
        let idat = try #require(PNGChunks.chunks(of: Self.goodPNG).first { $0.type == "IDAT" })
        var bytes = Self.goodPNG
        bytes[idat.offset + 8 + idat.length - 1] ^= 0x5A  // the last byte of the stream's Adler-32
        guard case .failure(.crcMismatch) = decode(bytes) else {
            Issue.record("a wrong IDAT CRC not reported as such: \(decode(bytes))")
            return
        }
        PNGChunks.fixCRC(&bytes, chunkAt: idat.offset)
        #expect(try decode(bytes).get() == decode(Self.goodPNG).get())
    }

    @Test func zeroAndHugeDimensions() {
        let idat = PNGChunks.chunk("IDAT", [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])
        let end = PNGChunks.chunk("IEND", [])
        for (width, height) in [(0, 10), (10, 0)] {
            let bytes = PNGChunks.signature + PNGChunks.ihdr(width: UInt32(width), height: UInt32(height)) + idat + end
            #expect(decode(bytes).failure == .zeroSize(path: "bad.png"))
        }
        // A decompression bomb's header: refused from IHDR alone, before any allocation.
        let bomb = PNGChunks.signature + PNGChunks.ihdr(width: 100_000, height: 100_000) + idat + end
        #expect(decode(bomb).failure == .tooLarge(path: "bad.png", width: 100_000, height: 100_000,
                                                  limit: PNGReader.defaultMaxPixels))
        let wide = PNGChunks.signature + PNGChunks.ihdr(width: 0x7fff_ffff, height: 0x7fff_ffff) + idat + end
        #expect(decode(wide).failure?.reason.contains("over the limit") == true)
        // The limit is a setting: a 20x6 image passes 120 and fails 119.
        #expect((try? decode(Self.goodPNG, maxPixels: 120).get()) != nil)
        #expect(decode(Self.goodPNG, maxPixels: 119).failure == .tooLarge(path: "bad.png", width: 20, height: 6, limit: 119))
    }

    @Test func notPNGAndEmpty() {
        #expect(decode(Array("hello, world: this is text".utf8)).failure == .notPNG(path: "bad.png", format: nil))
        #expect(decode([]).failure == .emptyFile(path: "bad.png"))
        #expect(decode(PNGChunks.signature).failure == .truncated(path: "bad.png"))
        #expect(decode(Array(PNGChunks.signature.dropLast()) + [0]).failure == .notPNG(path: "bad.png", format: nil))
    }

    @Test func unreadableFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let reader = PNGReader()
        let missing = folder.path + "/missing.png"
        #expect(throws: MaskImageError.unreadable(path: missing, detail: "No such file or directory")) {
            try reader.mask(atPath: missing, threshold: 128)
        }
        let directory = folder.path + "/dir.png"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        #expect(throws: MaskImageError.notRegularFile(path: directory, kind: "directory")) {
            try reader.mask(atPath: directory, threshold: 128)
        }
        let fifo = folder.path + "/fifo.png"
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(throws: MaskImageError.notRegularFile(path: fifo, kind: "FIFO")) {
            try reader.mask(atPath: fifo, threshold: 128)
        }
        let empty = try folder.write([], to: "empty.png")
        #expect(throws: MaskImageError.emptyFile(path: empty)) { try reader.mask(atPath: empty, threshold: 128) }
        let text = try folder.write(Array("not an image".utf8), to: "text.png")
        #expect(throws: MaskImageError.notPNG(path: text, format: nil)) { try reader.mask(atPath: text, threshold: 128) }
        // A JPEG saved under a PNG name is named by its magic number; a zip archive by its name, as PyTorch saves one.
        let jpeg = try folder.write([0xFF, 0xD8, 0xFF, 0xE0, 0, 16] + Array("JFIF".utf8), to: "mask.png")
        #expect(throws: MaskImageError.notPNG(path: jpeg, format: .jpeg)) { try reader.mask(atPath: jpeg, threshold: 128) }
        #expect(throws: MaskImageError.notPNG(path: "m.png", format: .jpeg)) {
            try reader.greyImage(decoding: [0xFF, 0xD8, 0xFF, 0xE0], name: "m.png")
        }
        let tensor = try folder.write(Array("PK\u{3}\u{4}archive/data.pkl".utf8), to: "masks.pt")
        #expect(throws: MaskImageError.notPNG(path: tensor, format: .pytorch)) { try reader.mask(atPath: tensor, threshold: 128) }
        let cut = try folder.write(Array(Self.goodPNG.prefix(40)), to: "cut.png")
        #expect(throws: MaskImageError.truncated(path: cut)) { try reader.mask(atPath: cut, threshold: 128) }
        if geteuid() != 0 {
            let locked = try folder.write(Self.goodPNG, to: "locked.png")
            chmod(locked, 0)
            #expect(throws: MaskImageError.self) { try reader.mask(atPath: locked, threshold: 128) }
        }
    }

    @Test func errorsNameTheFile() {
        let error = MaskImageError.truncated(path: "a/b.png")
        #expect(error.description == "a/b.png: truncated PNG (the file ends before IEND)")
        #expect(!error.reason.contains("a/b.png"))
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
