import Foundation
import MaskImage
import Parallelism
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Stacks of masks written by NumPy (`Tests/Fixtures/make_mask_stack_fixtures.py`) read as NumPy reads them:
/// every element type, layout and byte order gives the masks whose checksums NumPy computed.
struct MaskStackTests {
    private struct Expected: Decodable {
        struct Checksum: Decodable, Equatable {
            let count: Int
            let positions: Int
        }

        let count: Int
        let height: Int
        let width: Int
        let masks: [String: [Checksum]]
    }

    private func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("stacks/expected.json"))))
    }

    private func checksum(_ mask: BinaryMask) -> Expected.Checksum {
        var count = 0, positions = 0
        for y in 0..<mask.height {
            for x in 0..<mask.width where mask[x, y] {
                count += 1
                positions += y * mask.width + x
            }
        }
        return Expected.Checksum(count: count, positions: positions)
    }

    @Test(arguments: ["grey.npy", "grey_fortran.npy", "bool.npy", "bool_fortran.npy", "prob_be.npy", "prob_f8_fortran.npy",
                      "masks.npz", "stored.npz", "int32.npy", "uint16_fortran.npy", "prob_f2.npy"])
    func everyLayoutGivesNumPysMasks(file: String) throws {
        let expected = try expected()
        let stack = try MaskStack(path: Fixtures.path("stacks/" + file), member: file == "masks.npz" ? "masks" : nil)
        #expect(stack.count == expected.count && stack.height == expected.height && stack.width == expected.width)
        let masks = try (0..<stack.count).map { try stack.mask(at: $0, threshold: 128) }
        #expect(masks.map(checksum) == expected.masks["128"])
        if stack.element.isGrey {
            // Grey stacks follow the grey threshold, as PNG files do; the others do not depend on it.
            #expect(try (0..<stack.count).map { checksum(try stack.mask(at: $0, threshold: 200)) } == expected.masks["200"])
        } else {
            #expect(try (0..<stack.count).map { checksum(try stack.mask(at: $0, threshold: 200)) } == expected.masks["128"])
        }
    }

    /// A 0/1 stack (`(grey >= 128).astype(np.uint8)`) reads its 1s at any grey threshold, as a batch reads it
    /// (`MaskInput`); a channel of one (N x 1 x H x W, N x H x W x 1) lays the masks out as N x H x W does.
    @Test(arguments: [("labels01.npy", "128", "128"), ("channel_last.npy", "128", "128"), ("channel_first_fortran.npy", "128", "200"),
                      ("labels_int64.npy", "128", "128")])
    func zeroOneMasksAndStacksOfOneChannelGiveNumPysMasks(file: String, at128: String, at200: String) throws {
        let expected = try expected()
        let path = Fixtures.path("stacks/" + file)
        let stack = try MaskStack(path: path)
        #expect(stack.count == expected.count && stack.height == expected.height && stack.width == expected.width)
        for (threshold, key) in [(UInt8(128), at128), (200, at200)] {
            let masks = try (0..<stack.count).map { try MaskInput(stack: stack, index: $0, path: path).mask(threshold: threshold, maxPixels: 1 << 20) }
            #expect(masks.map(checksum) == expected.masks[key], "\(file) at \(threshold)")
        }
        // Mask 5 holds no pixel: it stays empty.
        #expect(try MaskInput(stack: stack, index: 5, path: path).mask(threshold: 128, maxPixels: 1 << 20).foregroundCount == 0)
    }

    /// A Fortran-order stack larger than one band is rewritten band by band (here 2 or 3 masks at a time).
    @Test(arguments: [2 * 23 * 37, 3 * 23 * 37 * 8 + 5])
    func fortranStacksAreRewrittenBandByBand(bandBytes: Int) throws {
        for file in ["grey_fortran.npy", "prob_f8_fortran.npy"] {
            let stack = try MaskStack(path: Fixtures.path("stacks/" + file), member: nil, maxPixels: 1 << 20, bandBytes: bandBytes)
            #expect(try (0..<stack.count).map { checksum(try stack.mask(at: $0, threshold: 128)) } == expected().masks["128"], "\(file)")
        }
    }

    @Test func rowsAreNamedByStackAndMember() throws {
        let stack = try MaskStack(path: Fixtures.path("stacks/masks.npz"), member: "other.npy")
        #expect(stack.element == .bool && stack.name(of: 3) == Fixtures.path("stacks/masks.npz") + ":other[3]")
        #expect(try MaskStack(path: Fixtures.path("stacks/grey.npy")).name(of: 0) == Fixtures.path("stacks/grey.npy") + "[0]")
        #expect(throws: MaskImageError.self) { try MaskStack(path: Fixtures.path("stacks/masks.npz")) }
        #expect(throws: MaskImageError.self) { try MaskStack(path: Fixtures.path("stacks/grey.npy"), member: "masks") }
    }

    /// A stack's name given to a FIFO or a folder is refused before any read (a FIFO would wait for a writer), and
    /// the message says what the file is.
    @Test func aStackThatIsNotARegularFileIsNamedForWhatItIs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fifo = folder.path + "/masks.npy"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: MaskImageError.notRegularFile(path: fifo, kind: "FIFO")) { try MaskStack(path: fifo) }
        try FileManager.default.createDirectory(atPath: folder.path + "/folder.npy", withIntermediateDirectories: false)
        #expect(throws: MaskImageError.notRegularFile(path: folder.path + "/folder.npy", kind: "directory")) {
            try MaskStack(path: folder.path + "/folder.npy")
        }
    }

    @Test func aMaskHoldingNaNIsUnreadableAndTheOthersAreRead() throws {
        let stack = try MaskStack(path: Fixtures.path("stacks/nan.npy"))
        #expect(throws: MaskImageError.invalidArray(path: stack.name(of: 2), detail: "holds NaN at row 4, column 9")) {
            try stack.mask(at: 2, threshold: 128)
        }
        #expect(try checksum(stack.mask(at: 3, threshold: 128)) == expected().masks["128"]?[3])
    }

    /// A float mask holding a value that is no probability (grey levels as floats, a tanh output, an infinity) is
    /// unreadable, naming the pixel and what to save instead; a resize's small overshoot is read as the probability.
    @Test func aFloatMaskOutsideProbabilitiesIsUnreadableAndTheOthersAreRead() throws {
        let stack = try MaskStack(path: Fixtures.path("stacks/outside_f4.npy"))
        let expected = try expected()
        for readable in [0, 2, 5, 6] {
            #expect(try checksum(stack.mask(at: readable, threshold: 128)) == expected.masks["128"]?[readable], "mask \(readable)")
        }
        for (index, value) in [(1, "at row"), (3, "-1.0 at row 0, column 0"), (4, "inf at row 1, column 2")] {
            do {
                _ = try stack.mask(at: index, threshold: 128)
                Issue.record("mask \(index) was read")
            } catch {
                guard case .invalidArray(let path, let detail) = error else { Issue.record("\(error)"); continue }
                #expect(path == stack.name(of: index))
                #expect(detail.contains(value) && detail.contains("float masks hold probabilities 0-1"), "\(detail)")
            }
        }
    }

    /// An integer mask holding a value that is not a grey level is unreadable, naming the pixel; the others are read.
    @Test func anIntegerMaskOutsideZeroTo255IsUnreadableAndTheOthersAreRead() throws {
        let stack = try MaskStack(path: Fixtures.path("stacks/outside_int16.npy"))
        #expect(stack.element == .integer(size: 2, signed: true))
        #expect(throws: MaskImageError.invalidArray(path: stack.name(of: 2),
                                                    detail: "holds -1 at row 4, column 9; integer masks hold grey levels 0-255 " + MaskStack.integerAdvice)) {
            try stack.mask(at: 2, threshold: 128)
        }
        #expect(throws: MaskImageError.invalidArray(path: stack.name(of: 4),
                                                    detail: "holds 300 at row 1, column 2; integer masks hold grey levels 0-255 " + MaskStack.integerAdvice)) {
            try stack.mask(at: 4, threshold: 128)
        }
        let expected = try expected()
        for index in [0, 1, 3, 5, 6] {
            #expect(try checksum(stack.mask(at: index, threshold: 128)) == expected.masks["128"]?[index])
        }
    }

    /// Every element type NumPy names maps to the reading its values need; what no mask is made of is refused.
    @Test func elementTypesFollowTheirDescription() {
        #expect(MaskStack.element("|u1")! == (.uint8, false))
        #expect(MaskStack.element("|i1")! == (.integer(size: 1, signed: true), false))
        #expect(MaskStack.element(">u8")! == (.integer(size: 8, signed: false), true))
        #expect(MaskStack.element("=i4")! == (.integer(size: 4, signed: true), false))
        #expect(MaskStack.element("<f2")! == (.float(size: 2), false))
        for refused in ["|i2", "<i3", "<u16", "<c8", "|f4", "<U5", "<M8[s]", "i8", ""] {
            #expect(MaskStack.element(refused) == nil, "\(refused)")
        }
        // Half precision, exactly: the smallest subnormal, the largest finite value, one half, and NaN.
        #expect(MaskStack.half(0x0001) == 0x1p-24 && MaskStack.half(0x7bff) == 65504 && MaskStack.half(0x3800) == 0.5)
        #expect(MaskStack.half(0xb800) == -0.5 && MaskStack.half(0x7c00) == .infinity && MaskStack.half(0x7e00).isNaN)
    }

    @Test func whatIsNotAStackOfMasksIsRefusedNamingTheFile() throws {
        for (file, words) in [("flat.npy", "masks[None]"), ("complex.npy", "astype(np.uint8)")] {
            let path = Fixtures.path("stacks/" + file)
            #expect {
                try MaskStack(path: path)
            } throws: { error in
                "\(error)".contains(path) && "\(error)".contains(words)
            }
        }
        #expect(throws: MaskImageError.self) { try MaskStack(path: Fixtures.path("stacks/grey.npy"), maxPixels: 100) }
        // A structured array (its descr a list of fields), and an archive of no arrays, say so.
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fields = "{'descr': [('a', '|u1')], 'fortran_order': False, 'shape': (2, 4, 4), }".padding(toLength: 117, withPad: " ", startingAt: 0) + "\n"
        let structured = try folder.write([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(fields.utf8.count), 0] + Array(fields.utf8)
                                          + [UInt8](repeating: 0, count: 32), to: "structured.npy")
        let emptyArchive = try folder.write(Array("PK".utf8) + [5, 6] + [UInt8](repeating: 0, count: 18), to: "none.npz")
        for (path, words) in [(structured, "element type [('a', '|u1')] is not a mask type"), (emptyArchive, "holds no arrays")] {
            #expect {
                try MaskStack(path: path)
            } throws: { error in
                "\(error)".contains(path) && "\(error)".contains(words)
            }
        }
        // A header that promises more masks than the file holds, cut short anywhere.
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path("stacks/grey_fortran.npy"))))
        for cut in [bytes.count - 1, bytes.count / 2, 140] {
            let path = try folder.write(Array(bytes.prefix(cut)), to: "cut\(cut).npy")
            #expect(throws: MaskImageError.self) { try MaskStack(path: path) }
        }
        let listing = MaskInputListing([folder.path + "/cut140.npy", Fixtures.path("stacks/grey.npy")], recursive: false)
        // Whatever the two paths' order, the cut stack is one input holding its reason and the other its 7 masks.
        #expect(listing.inputs.count == 8)
        #expect(listing.inputs.filter { $0.problem != nil }.map(\.name) == [folder.path + "/cut140.npy"])
        #expect(listing.inputs.compactMap(\.index) == Array(0..<7))
    }

    /// Masks of several channels, first (PyTorch) or last (JAX), are refused with the NumPy calls that make one mask
    /// of both lungs, on the channel axis; a stack whose axes cannot be told apart gets no such advice.
    @Test(arguments: [([2, 3, 40, 48], "3 channels (axis 1)", "masks[:, 1:].max(axis=1)"),
                      ([2, 40, 48, 2], "2 channels (axis -1)", "masks.argmax(axis=-1) > 0"),
                      ([2, 20, 8, 8], nil, nil)])
    func masksOfSeveralChannelsAreRefusedWithTheCallThatJoinsThem(shape: [Int], channels: String?, call: String?) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let bytes = NpyBytes.header("{'descr': '|u1', 'fortran_order': False, 'shape': (\(shape.map(String.init).joined(separator: ", "))), }")
            + [UInt8](repeating: 0, count: shape.reduce(1, *))
        let path = try folder.write(bytes, to: "channels.npy")
        #expect {
            try MaskStack(path: path)
        } throws: { error in
            let text = "\(error)"
            guard let channels, let call else { return text.contains("is not a stack of masks") && !text.contains("channels (axis") }
            return text.contains(path) && text.contains(channels) && text.contains(call)
        }
    }

    /// A C-order stack cut short (a save interrupted, a disk that filled) keeps its whole masks, and each mask past
    /// its end is unreadable naming where the file ends, as the same bytes streamed on standard input give; a cut
    /// inside the header, a Fortran-order stack cut short and a file longer than its header says are refused whole.
    @Test func aStackCutShortKeepsItsWholeMasks() throws {
        let path = Fixtures.path("stacks/grey.npy")
        let whole = try MaskStack(path: path)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let maskBytes = whole.height * whole.width
        let dataStart = bytes.count - whole.count * maskBytes
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for (cut, kept) in [(dataStart + 3 * maskBytes + 5, 3), (dataStart + 6 * maskBytes, 6), (dataStart, 0), (bytes.count - 1, 6)] {
            let stack = try MaskStack(path: try folder.write(Array(bytes.prefix(cut)), to: "cut.npy"))
            #expect(stack.count == whole.count && stack.listedCount == kept + 1, "one row stands for the missing masks")
            for index in 0..<kept {
                #expect(try stack.mask(at: index, threshold: 128) == whole.mask(at: index, threshold: 128), "\(cut): mask \(index)")
            }
            for index in kept..<whole.count {
                #expect {
                    try stack.mask(at: index, threshold: 128)
                } throws: { error in
                    "\(error)".contains("cut.npy[\(index)]") && "\(error)".contains("the file ends before mask \(index) of 7 is complete")
                        && "\(error)".contains("cut short after \(kept) whole masks") && "\(error)".contains("the file has \(cut)")
                }
            }
        }
        for cut in [dataStart - 1, 20] {
            #expect(throws: MaskImageError.self) { try MaskStack(path: try folder.write(Array(bytes.prefix(cut)), to: "header.npy")) }
        }
        #expect(throws: MaskImageError.self) { try MaskStack(path: try folder.write(bytes + [0], to: "long.npy")) }
        #expect(whole.listedCount == whole.count)
        // A header that promises a billion masks over ten bytes lists eleven rows.
        let promise = NpyBytes.header("{'descr': '|u1', 'fortran_order': False, 'shape': (1000000000, 1, 1), }")
        let bomb = try MaskStack(path: try folder.write(promise + Array(repeating: 1, count: 10), to: "bomb.npy"))
        #expect(bomb.count == 1_000_000_000 && bomb.listedCount == 11)
    }

    /// A deflated member's header is checked before the member is inflated (`make_hostile_npz.py`): a member
    /// whose stream is cut after 4 KiB is refused for its size when its header asks too much, and found
    /// truncated only when it is within the limit. A stream running past the size its directory declares is
    /// read to that size only, as NumPy reads it, and a header padded past 4 KiB is read whole.
    @Test func aDeflatedMembersHeaderIsCheckedBeforeItIsInflated() throws {
        let huge = Fixtures.path("stacks/huge_truncated.npz")
        #expect {
            try MaskStack(path: huge, maxPixels: 1_000_000)
        } throws: { error in
            "\(error)".contains("2000 x 2000 pixels are over the limit")
        }
        #expect {
            try MaskStack(path: huge)
        } throws: { error in
            "\(error)".contains("truncated deflate data")
        }
        let outgrows = try MaskStack(path: Fixtures.path("stacks/outgrows.npz"))
        #expect(outgrows.count == 1 && outgrows.height == 10 && outgrows.width == 10)
        #expect(try outgrows.mask(at: 0, threshold: 128).foregroundCount == 0)
        // A header longer than the first 4 KiB read for it is read to its end.
        let long = try MaskStack(path: Fixtures.path("stacks/long_header.npz"))
        #expect(long.count == 2 && long.height == 3 && long.width == 4)
        #expect(try (0..<2).map { try long.mask(at: $0, threshold: 1).foregroundCount } == [0, 12])
    }
}

/// A stack read from a stream, band by band, gives the masks the file gives.
struct MaskStreamTests {
    @Test(arguments: [1, 3 * 23 * 37 * 4, 1 << 24])
    func bandsOfAnySizeGiveTheFilesMasks(bandBytes: Int) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path("stacks/prob_be.npy"))))
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let writer = BackgroundThread { [ends] in
            _ = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
            close(ends[1])
        }
        let stream = try MaskStream(descriptor: ends[0], name: "z")
        var bands: [[MaskInput]] = []
        stream.forEachBand(bandBytes: bandBytes) { bands.append($0) }
        writer.join()
        close(ends[0])
        let stack = try MaskStack(path: Fixtures.path("stacks/prob_be.npy"))
        let inputs = bands.flatMap { $0 }
        #expect(inputs.map(\.name) == (0..<7).map { "z[\($0)]" } && inputs.map(\.index) == Array(0..<7))
        #expect(try inputs.map { try $0.mask(threshold: 128, maxPixels: 1 << 20) } == (0..<7).map { try stack.mask(at: $0, threshold: 128) })
        #expect(bands.count == (bandBytes == 1 << 24 ? 1 : bandBytes == 1 ? 7 : 3))  // float32 masks of 3,404 bytes
    }
}
