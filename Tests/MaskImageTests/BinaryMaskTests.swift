import FileIO
import MaskImage
import Testing
import TestSupport

struct BinaryMaskTests {
    @Test func setsAndCountsPixelsAcrossWordBoundaries() {
        var mask = BinaryMask(width: 130, height: 3)
        #expect(mask.wordsPerRow == 3)
        for x in [0, 63, 64, 127, 128, 129] { mask[x, 1] = true }
        #expect(mask.foregroundCount == 6)
        #expect(mask[129, 1] && !mask[129, 0] && !mask[1, 1])
        mask[64, 1] = false
        #expect(mask.foregroundCount == 5)
    }

    /// `reachesEveryEdge` against the pixels themselves, across word boundaries: a mask whose foreground touches
    /// three edges does not, one touching all four does.
    @Test func reachesEveryEdgeOnlyWhenItsForegroundTouchesAllFour() {
        for (width, height) in [(1, 1), (5, 3), (64, 2), (65, 4), (130, 7)] {
            #expect(!BinaryMask(width: width, height: height).reachesEveryEdge)
            let edges: [(Int, Int)] = [(0, height / 2), (width - 1, height / 2), (width / 2, 0), (width / 2, height - 1)]
            for left in 0..<4 {
                var mask = BinaryMask(width: width, height: height)
                for (index, (x, y)) in edges.enumerated() where index != left { mask[x, y] = true }
                let touchesAll = (0..<height).contains { mask[0, $0] } && (0..<height).contains { mask[width - 1, $0] }
                    && (0..<width).contains { mask[$0, 0] } && (0..<width).contains { mask[$0, height - 1] }
                #expect(mask.reachesEveryEdge == touchesAll, "\(width)x\(height) without edge \(left)")
            }
            var full = BinaryMask(width: width, height: height)
            for (x, y) in edges { full[x, y] = true }
            #expect(full.reachesEveryEdge, "\(width)x\(height)")
        }
        #expect(!BinaryMask(width: 0, height: 3).reachesEveryEdge)
    }

    @Test func refusesWordsThatDoNotFit() {
        #expect(BinaryMask(width: 10, height: 2, words: [0]) == nil)
        #expect(BinaryMask(width: 10, height: 1, words: [1 << 10]) == nil, "padding bit set")
        #expect(BinaryMask(width: 10, height: 1, words: [1 << 9]) != nil)
        #expect(BinaryMask(width: 64, height: 1, words: [~0]) != nil)
        #expect(BinaryMask(width: 0, height: 4, words: []) != nil)
    }

    @Test func thresholdsGreyImages() {
        let grey = GreyImage(width: 3, height: 1, pixels: [127, 128, 255])
        let mask = BinaryMask(grey, threshold: 128)
        #expect(!mask[0, 0] && mask[1, 0] && mask[2, 0])
        #expect(BinaryMask(grey, threshold: 0).foregroundCount == 3)
    }

    /// Only a two-level image empty at the threshold changes: it reads its second level (a 0/1 label image its
    /// 1s). An image of one level or of three, and every image with a pixel at the threshold, reads as before.
    @Test func aTwoLevelImageReadsItsSecondLevel() throws {
        let image = { (levels: [UInt8]) in GreyImage(width: 70, height: 2, pixels: (0..<140).map { levels[$0 % levels.count] }) }
        func read(_ grey: GreyImage, at threshold: UInt8) throws -> BinaryMask {
            try BinaryMask.reading(at: threshold, name: "m", cut: { threshold throws(MaskImageError) in BinaryMask(grey, threshold: threshold) },
                                   grey: { () throws(MaskImageError) in grey })
        }
        #expect(try read(image([0, 1, 1]), at: 128) == BinaryMask(image([0, 1, 1]), threshold: 1))
        #expect(try read(image([0, 1, 1]), at: 128).foregroundCount == 93)
        #expect(try read(image([0, 38]), at: 128).foregroundCount == 70)
        #expect(try read(image([0, 0]), at: 128).foregroundCount == 0)
        #expect(throws: MaskImageError.labelImage(path: "m", levels: [1, 2], threshold: 128), "a left lung at 1, a right one at 2") {
            try read(image([0, 1, 2]), at: 128)
        }
        #expect(try read(image((0..<12).map(UInt8.init)), at: 128).foregroundCount == 0, "eleven levels: a dim grey picture")
        #expect(try read(image([0, 37, 90]), at: 128).foregroundCount == 0, "darker colours, not class indices")
        #expect(throws: MaskImageError.labelImage(path: "m", levels: [1, 2, 3], threshold: 128)) { try read(image([0, 1, 2, 3]), at: 128) }
        var speck = (0..<1400).map { UInt8($0 % 2) }
        speck[0] = 2
        #expect(try read(GreyImage(width: 70, height: 20, pixels: speck), at: 128).foregroundCount == 0, "level 2 is a speck, not a class")
        #expect(try read(image([0, 1, 200]), at: 128).foregroundCount == 46)
        #expect(try read(image([0, 1]), at: 0).foregroundCount == 140)
        // The same as PNG files: a 0/1 PNG, and a palette PNG of VOC's class colour (128, 0, 0), read as their 0/255 twin.
        let reader = PNGReader()
        let levels = image([0, 1, 1]).pixels.map(UInt16.init)
        let ones = try PNGEncoder.encode(samples: levels, width: 70, height: 2, format: .grey8)
        let palette = try PNGEncoder.encode(samples: levels, width: 70, height: 2, format: try #require(PNGPixelFormat(.palette, bitDepth: 8)),
                                            palette: [(0, 0, 0), (128, 0, 0)])
        let scaled = try reader.mask(decoding: try PNGEncoder.encode(samples: levels.map { $0 * 255 }, width: 70, height: 2, format: .grey8),
                                     name: "scaled", threshold: 128)
        // 16 bits: 0/1 and 0/255 (whose high bytes, all an 8-bit reading keeps, are 0), and 0/1 in colour with alpha.
        let grey16 = try #require(PNGPixelFormat(.grey, bitDepth: 16)), rgba16 = try #require(PNGPixelFormat(.rgba, bitDepth: 16))
        let wide = [try PNGEncoder.encode(samples: levels, width: 70, height: 2, format: grey16),
                    try PNGEncoder.encode(samples: levels.map { $0 * 255 }, width: 70, height: 2, format: grey16),
                    try PNGEncoder.encode(samples: levels.flatMap { [$0, $0, $0, 65535] }, width: 70, height: 2, format: rgba16)]
        for png in [ones, palette] + wide {
            #expect(try BinaryMask.reading(at: 128, name: "png", cut: { t throws(MaskImageError) in try reader.mask(decoding: png, name: "png", threshold: t) },
                                           grey: { () throws(MaskImageError) in try reader.twoLevelImage(decoding: png, name: "png") }) == scaled)
        }
        // Three 16-bit levels, 0, 1 and 300 (high bytes 0, 0 and 1): no level is the mask, so it stays empty.
        let three = try PNGEncoder.encode(samples: (0..<140).map { [0, 1, 300][$0 % 3] }, width: 70, height: 2, format: grey16)
        #expect(try reader.twoLevelImage(decoding: three, name: "three").pixels.allSatisfy { $0 == 0 })
        #expect(try reader.twoLevelImage(decoding: wide[0], name: "two").pixels == levels.map { $0 == 0 ? 0 : 255 })

        // An 8-bit PNG of three levels, read as a file: its two-level reading shows none, its grey levels the classes.
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let labels = try folder.write(try PNGEncoder.encode(samples: (0..<140).map { UInt16($0 % 3) }, width: 70, height: 2, format: .grey8),
                                      to: "labels.png")
        #expect(throws: MaskImageError.labelImage(path: labels, levels: [1, 2], threshold: 128)) {
            try MaskInput(InputFile(path: labels)).mask(threshold: 128, maxPixels: PNGReader.defaultMaxPixels)
        }
        #expect(try MaskInput(InputFile(path: labels)).mask(threshold: 1, maxPixels: PNGReader.defaultMaxPixels).foregroundCount == 93)
    }

    /// The size of the class maps below.
    static let (width, height) = (64, 48)
    /// A class map of two lungs drawn as regions on 0: classes 1 (left) and 2 (right).
    static let regions = (0..<(width * height)).map { p -> UInt16 in
        let (x, y) = (p % width, p / width)
        guard (8..<40).contains(y) else { return 0 }
        return (6..<26).contains(x) ? 1 : (38..<58).contains(x) ? 2 : 0
    }
    /// Classes 0, 1 and 2 strewn at random pixel by pixel.
    static let strewn = (0..<(width * height)).map { p in UInt16(truncatingIfNeeded: (p &* 2_654_435_761) >> 11) % 3 }

    /// A palette PNG in VOC's class colours, as labelme saves a left lung (class 1, (128, 0, 0), grey 38) and a right
    /// one (class 2, (0, 128, 0), grey 75), is an error naming those levels, not an empty mask; the same colours
    /// strewn at random pixel by pixel stay empty, as does a region beside a speck of another colour.
    @Test func aPaletteLabelImageInDarkClassColoursIsAnErrorNotAnEmptyMask() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (width, height, regions, strewn) = (Self.width, Self.height, Self.regions, Self.strewn)
        let palette = try #require(PNGPixelFormat(.palette, bitDepth: 8))
        let colours: [(UInt8, UInt8, UInt8)] = [(0, 0, 0), (128, 0, 0), (0, 128, 0)]
        let lungs = try folder.write(try PNGEncoder.encode(samples: regions, width: width, height: height, format: palette, palette: colours),
                                     to: "lungs.png")
        #expect(throws: MaskImageError.labelImage(path: lungs, levels: [38, 75], threshold: 128)) {
            try MaskInput(InputFile(path: lungs)).mask(threshold: 128, maxPixels: PNGReader.defaultMaxPixels)
        }
        #expect(try MaskInput(InputFile(path: lungs)).mask(threshold: 1, maxPixels: PNGReader.defaultMaxPixels).foregroundCount == 2 * 20 * 32)
        let noise = try folder.write(try PNGEncoder.encode(samples: strewn, width: width, height: height, format: palette, palette: colours),
                                     to: "noise.png")
        #expect(try MaskInput(InputFile(path: noise)).mask(threshold: 128, maxPixels: PNGReader.defaultMaxPixels).foregroundCount == 0)
        // The same regions on a background of a dark colour, not black (a palette of random colours): empty.
        let grounded = try folder.write(try PNGEncoder.encode(samples: regions, width: width, height: height, format: palette,
                                                              palette: [(40, 40, 40)] + colours.dropFirst()), to: "grounded.png")
        #expect(try MaskInput(InputFile(path: grounded)).mask(threshold: 128, maxPixels: PNGReader.defaultMaxPixels).foregroundCount == 0)
        var specks = regions.map { $0 == 2 ? 0 : $0 }
        specks[0] = 2
        let speck = try folder.write(try PNGEncoder.encode(samples: specks, width: width, height: height, format: palette, palette: colours),
                                     to: "speck.png")
        #expect(try MaskInput(InputFile(path: speck)).mask(threshold: 128, maxPixels: PNGReader.defaultMaxPixels).foregroundCount == 0,
                "one region and a speck: no two classes, and no one level")
    }

    /// A label image whose classes the grey threshold splits (a left lung red, grey 76, beside a right one green,
    /// grey 150; or grey levels 127 and 254, `labels * 127`) reads as the classes at or above the threshold, as
    /// before, and says which levels it split; a map of one colour, two colours both above the threshold, strewn
    /// colours, a dim speck beside two bright lungs and a soft edge say nothing.
    @Test func aLabelImageThatTheThresholdSplitsSaysItsLevels() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (width, height, regions, strewn) = (Self.width, Self.height, Self.regions, Self.strewn)
        let rgb = try #require(PNGPixelFormat(.rgb, bitDepth: 8))
        func write(_ classes: [UInt16], _ colours: [[UInt16]], to name: String) throws -> String {
            try folder.write(try PNGEncoder.encode(samples: classes.flatMap { colours[Int($0)] }, width: width, height: height, format: rgb),
                             to: name)
        }
        func read(_ path: String, at threshold: UInt8 = 128) throws -> MaskReading {
            try MaskInput(InputFile(path: path)).read(threshold: threshold, maxPixels: PNGReader.defaultMaxPixels)
        }
        let redGreen = try read(write(regions, [[0, 0, 0], [255, 0, 0], [0, 255, 0]], to: "red-green.png"))
        #expect(redGreen.splitLevels == [76, 150])
        #expect(redGreen.mask.foregroundCount == 20 * 32, "the right lung alone, as the cut reads it")
        #expect(try read(write(regions, [[0, 0, 0], [255, 0, 0], [0, 255, 0]], to: "red-green.png"), at: 1).splitLevels == nil)
        #expect(try read(write(regions, [[0, 0, 0], [255, 255, 255], [255, 255, 255]], to: "white.png")).splitLevels == nil)
        #expect(try read(write(regions, [[0, 0, 0], [255, 255, 0], [0, 255, 0]], to: "bright.png")).splitLevels == nil)
        #expect(try read(write(strewn, [[0, 0, 0], [255, 0, 0], [0, 255, 0]], to: "strewn.png")).splitLevels == nil)
        let grey = try folder.write(try PNGEncoder.encode(samples: regions.map { [0, 127, 254][Int($0)] }, width: width, height: height,
                                                          format: .grey8), to: "grey.png")
        #expect(try read(grey).splitLevels == [127, 254])
        // Two bright lungs beside a dim region of 1% of the pixels, and two lungs with a soft edge: nothing to say.
        var speck = regions.map { [0, 255, 255][Int($0)] as UInt16 }
        for x in 0..<31 { speck[44 * width + x] = 60 }
        #expect(try read(folder.write(try PNGEncoder.encode(samples: speck, width: width, height: height, format: .grey8),
                                      to: "speck.png")).splitLevels == nil)
        let soft = (0..<(width * height)).map { p -> UInt16 in
            let (x, y) = (p % width, p / width)
            let inside = (8..<40).contains(y) && ((6..<26).contains(x) || (38..<58).contains(x))
            let edge = (7..<41).contains(y) && ((5..<27).contains(x) || (37..<59).contains(x))
            return inside ? 255 : edge ? UInt16(40 + (x * 7 + y * 3) % 80) : 0
        }
        #expect(try read(folder.write(try PNGEncoder.encode(samples: soft, width: width, height: height, format: .grey8),
                                      to: "soft.png")).splitLevels == nil)
        // What the decoder counts: the pixels the cut leaves out, and whether they are of few levels; a soft map of
        // more levels than a label image has is not looked at again.
        let counted = try PNGReader().maskAndDimPixels(atPath: grey, threshold: 128)
        #expect(counted.dimPixels == 20 * 32 && counted.fewDimLevels && counted.mask.foregroundCount == 20 * 32)
        let ramp = (0..<(width * height)).map { UInt16($0 % 127) }
        let many = try PNGReader().maskAndDimPixels(atPath: folder.write(try PNGEncoder.encode(samples: ramp, width: width, height: height,
                                                                                                 format: .grey8), to: "ramp.png"), threshold: 128)
        #expect(many.dimPixels == ramp.filter { $0 != 0 }.count && !many.fewDimLevels)
        // Classes blended at their edges, as a class map resized smoothly leaves them: still split.
        let colours: [[UInt16]] = [[0, 0, 0], [255, 0, 0], [0, 255, 0]]
        var blended: [UInt16] = regions.flatMap { colours[Int($0)] }
        for y in 8..<40 {
            // A blend of its own in each row, as smooth resizing leaves them: many levels, each of a few pixels.
            let blend = UInt16(100 + y)
            let edges: [(x: Int, colour: [UInt16])] = [(5, [blend, 0, 0]), (26, [blend, 0, 0]), (37, [0, blend, 0]), (58, [0, blend, 0])]
            for edge in edges {
                let start = (y * width + edge.x) * 3
                blended.replaceSubrange(start..<start + 3, with: edge.colour)
            }
        }
        let smooth = try folder.write(try PNGEncoder.encode(samples: blended, width: width, height: height, format: rgb), to: "smooth.png")
        #expect(try read(smooth).splitLevels == [76, 150])
        #expect(try PNGReader().maskAndDimPixels(atPath: smooth, threshold: 128).fewDimLevels)
    }

    /// An array of grey levels is looked at as a PNG is: a stack of class maps saved as `labels * 127` or in the
    /// grey of red and green, as uint8 or int64, says its levels; the same classes as one level, a soft map and
    /// classes strewn at random say nothing; a `bool` or probability array holds two levels and is not looked at.
    @Test func anArrayOfClassLevelsThatTheThresholdSplitsSaysItsLevels() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (width, height, regions, strewn) = (Self.width, Self.height, Self.regions, Self.strewn)
        let soft = (0..<(width * height)).map { p -> UInt8 in
            let (x, y) = (p % width, p / width)
            let inside = (8..<40).contains(y) && ((6..<26).contains(x) || (38..<58).contains(x))
            let edge = (6..<42).contains(y) && ((4..<28).contains(x) || (36..<60).contains(x))
            return inside ? 255 : edge ? UInt8(1 + (x * 7 + y * 3) % 127) : 0
        }
        let masks: [[UInt8]] = [regions.map { [0, 127, 254][Int($0)] }, regions.map { [0, 76, 150][Int($0)] },
                                regions.map { [0, 255, 255][Int($0)] }, soft, strewn.map { [0, 76, 150][Int($0)] }]
        func stack(_ descr: String, _ bytes: [UInt8], name: String) throws -> MaskStack {
            let header = NpyBytes.header("{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(masks.count), \(height), \(width)), }")
            return try MaskStack(path: folder.write(header + bytes, to: name))
        }
        func levels(_ stack: MaskStack, at threshold: UInt8 = 128) throws -> [[Int]?] {
            try (0..<stack.count).map {
                try MaskInput(stack: stack, index: $0, path: stack.name).read(threshold: threshold, maxPixels: PNGReader.defaultMaxPixels).splitLevels
            }
        }
        let expected: [[Int]?] = [[127, 254], [76, 150], nil, nil, nil]
        let grey = try stack("|u1", masks.flatMap { $0 }, name: "grey.npy")
        #expect(try levels(grey) == expected)
        #expect(try levels(grey, at: 1) == [nil, nil, nil, nil, nil], "a threshold below every class splits none")
        let wide = try stack("<i8", masks.flatMap { $0.flatMap { [$0, 0, 0, 0, 0, 0, 0, 0] } }, name: "wide.npy")
        #expect(try levels(wide) == expected)
        let bool = try stack("|b1", masks.flatMap { $0.map { $0 == 0 ? 0 : 1 } }, name: "bool.npy")
        #expect(try levels(bool) == [nil, nil, nil, nil, nil])
        #expect(try MaskInput(stack: grey, index: 0, path: grey.name).read(threshold: 128, maxPixels: PNGReader.defaultMaxPixels)
            .mask.foregroundCount == 20 * 32, "the right lung alone, as the cut reads it")
    }

    @Test func lowBits() {
        #expect(BinaryMask.lowBits(0) == 0)
        #expect(BinaryMask.lowBits(3) == 0b111)
        #expect(BinaryMask.lowBits(64) == ~0)
    }
}
