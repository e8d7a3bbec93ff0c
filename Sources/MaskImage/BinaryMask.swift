import CBitCount
/// A binary image stored one bit per pixel, rows packed into 64-bit words.
///
/// Column `x` of row `y` is bit `x % 64` (least significant first) of word `y * wordsPerRow + x / 64`.
/// Bits past `width` in a row's last word are always zero, so a population count of the words is the
/// number of foreground pixels.
public struct BinaryMask: Equatable, Sendable {
    /// Number of columns.
    public let width: Int
    /// Number of rows.
    public let height: Int
    /// Number of 64-bit words that hold one row.
    public let wordsPerRow: Int
    /// The packed rows, `height * wordsPerRow` words.
    public private(set) var words: [UInt64]

    /// An all-background mask of the given size.
    public init(width: Int, height: Int) {
        precondition(width >= 0 && height >= 0, "mask dimensions must not be negative")
        self.width = width
        self.height = height
        self.wordsPerRow = (width + 63) / 64
        self.words = Array(repeating: 0, count: wordsPerRow * height)
    }

    /// A mask over packed words; returns nil when the word count does not fit the size or padding bits are set.
    public init?(width: Int, height: Int, words: [UInt64]) {
        guard width >= 0, height >= 0 else { return nil }
        let wordsPerRow = (width + 63) / 64
        guard words.count == wordsPerRow * height else { return nil }
        if width % 64 != 0 {
            let padding = ~BinaryMask.lowBits(width % 64)
            for y in 0..<height where words[y * wordsPerRow + wordsPerRow - 1] & padding != 0 {
                return nil
            }
        }
        self.width = width
        self.height = height
        self.wordsPerRow = wordsPerRow
        self.words = words
    }

    /// A mask over words the caller guarantees to fit: `wordsPerRow * height` words, padding bits clear.
    /// For the package's own bit-level operations, which keep those invariants by construction.
    package init(width: Int, height: Int, packedWords words: [UInt64]) {
        assert(BinaryMask(width: width, height: height, words: words) != nil, "words do not fit the mask")
        self.width = width
        self.height = height
        self.wordsPerRow = (width + 63) / 64
        self.words = words
    }

    /// The mask of the pixels of `image` whose grey value is at least `threshold`, packed 64 pixels to a word.
    public init(_ image: GreyImage, threshold: UInt8) {
        self.init(width: image.width, height: image.height)
        let (width, height, wordsPerRow) = (self.width, self.height, self.wordsPerRow)
        image.pixels.withUnsafeBufferPointer { pixels in
            words.withUnsafeMutableBufferPointer { words in
                guard let pixels = pixels.baseAddress, let words = words.baseAddress else { return }
                for y in 0..<height {
                    let row = pixels + y * width
                    for w in 0..<wordsPerRow {
                        let start = w * 64
                        var word: UInt64 = 0
                        for bit in 0..<min(64, width - start) where row[start + bit] >= threshold {
                            word |= 1 << UInt64(bit)
                        }
                        words[y * wordsPerRow + w] = word
                    }
                }
            }
        }
    }

    /// The mask an image gives at grey `threshold` (`cut` cuts it at a threshold, `grey` reads its grey levels);
    /// but a two-level image whose second level lies below the threshold reads that level as foreground: a 0/1
    /// label image (`(probability > 0.5).astype(np.uint8)` saved as it is), or a palette mask whose class colour
    /// is dark (VOC's class 1, (128, 0, 0), is grey 38).
    ///
    /// Such an image would otherwise be empty, and every measure of it lost without a word. `grey` gives the levels
    /// as stored (`PNGReader.twoLevelImage(atPath:)` compares a 16-bit PNG's samples whole, so 0/255 saved in 16
    /// bits counts). Only a mask empty at `threshold` has its grey levels read, so no other image is changed or
    /// slowed.
    ///
    /// An image of more levels has no one level that is the mask. A label image of a few classes (2 to 8 levels
    /// beside 0, each at least `labelImageShare` of the pixels) is an error (`MaskImageError.labelImage`) that
    /// says how to choose, not an empty mask that the filter would reject and a user delete: one saved as class
    /// indices (levels within `labelImageClasses`: a left lung at 1 and a right one at 2, as
    /// `np.uint8(scores.argmax(0))` saves them), or in dark class colours drawn as regions on black
    /// (`isDrawnInRegions(_:levels:)`: labelme's palette PNG of a left and a right lung). Any other image (a dim
    /// grey picture, specks, a few dark levels strewn at random, dark colours on a background not black) stays
    /// empty, as a cut at the threshold leaves it. `levels` reads the image's grey levels when `grey` shows none (a
    /// PNG's two-level reading gives none for three levels or more); without it `grey`'s image is the one looked at.
    /// `name` names the file in the error.
    public static func reading(at threshold: UInt8, name: String, cut: (UInt8) throws(MaskImageError) -> BinaryMask,
                               grey: () throws(MaskImageError) -> GreyImage,
                               levels: (() throws(MaskImageError) -> GreyImage)? = nil) throws(MaskImageError) -> BinaryMask {
        let mask = try cut(threshold)
        guard mask.foregroundCount == 0 else { return mask }
        var image = try grey()
        var counts = levelCounts(image)
        if counts.count == 1, let level = counts.keys.first { return BinaryMask(image, threshold: level) }
        if counts.isEmpty, let levels {
            image = try levels()
            counts = levelCounts(image)
        }
        if (2...labelImageClasses.count).contains(counts.count),
           counts.values.allSatisfy({ Double($0) >= labelImageShare * Double(image.pixels.count) }),
           counts.keys.allSatisfy({ labelImageClasses.contains(Int($0)) }) || isDrawnInRegions(image, levels: counts) {
            throw .labelImage(path: name, levels: counts.keys.sorted().map(Int.init), threshold: threshold)
        }
        return mask
    }

    /// The class levels (ascending) of a label image that the grey `threshold` splits, or nil: in `image`, 2 to
    /// `labelImageClasses.count` classes (the levels other than 0 of at least `labelImageShare` of the pixels) that
    /// hold `labelImageClassCover` of the non-zero pixels (the rest, a class map resized smoothly, blends them at
    /// their edges), those below the threshold `labelImageSplitShare` of them and some at or above it, drawn as
    /// regions on black (`isDrawnInRegions(_:levels:)`). A cut at the threshold reads the classes at or above it
    /// alone: a left lung drawn red (grey 76) beside a right one drawn green (grey 150), or classes saved as
    /// `labels * 127`, read as the right lung. The mask is read so all the same (a map of several organs, the
    /// lungs the brightest, is read as it should be); `MaskDrawing.splitNote` says it.
    public static func splitLevels(_ image: GreyImage, threshold: UInt8) -> [Int]? {
        let counts = levelCounts(image)
        let classes = counts.filter { Double($0.value) >= labelImageShare * Double(image.pixels.count) }
        let lit = Double(counts.values.reduce(0, +))
        guard (2...labelImageClasses.count).contains(classes.count),
              Double(classes.values.reduce(0, +)) >= labelImageClassCover * lit,
              Double(classes.filter { $0.key < threshold }.values.reduce(0, +)) >= labelImageSplitShare * lit,
              classes.keys.contains(where: { $0 >= threshold }), isDrawnInRegions(image, levels: counts) else { return nil }
        return classes.keys.sorted().map(Int.init)
    }

    /// The least share of a split label image's non-zero pixels its classes below the threshold hold
    /// (`splitLevels`): a lung left out, not the dim edge of a soft mask.
    public static let labelImageSplitShare = 0.1

    /// The least share of a split label image's non-zero pixels its classes hold (`splitLevels`).
    public static let labelImageClassCover = 0.75

    /// The levels of a label image's classes beside 0 (`reading(at:name:cut:grey:levels:)`): class indices.
    public static let labelImageClasses = 1...8
    /// The least share of the pixels each class of a label image covers: a region, not specks.
    public static let labelImageShare = 0.005
    /// The least `regionShare(_:)` of a label image whose classes are dark colours rather than indices (a palette
    /// PNG in VOC's colours, as labelme saves one: class 1 (128, 0, 0) is grey 38, class 2 (0, 128, 0) grey 75).
    /// Classes drawn as regions reach 0.9 and more; pixels of a few levels strewn at random stay below 0.6.
    public static let labelImageRegionShare = 0.75

    /// Whether `image`, of the non-zero `levels`, is classes drawn as regions on a black background: 0 covers at
    /// least `labelImageBackground` of the pixels (a palette of random colours seldom holds black) and
    /// `regionShare(_:)` is at least `labelImageRegionShare`.
    static func isDrawnInRegions(_ image: GreyImage, levels: [UInt8: Int]) -> Bool {
        let background = image.pixels.count - levels.values.reduce(0, +)
        return Double(background) >= labelImageBackground * Double(image.pixels.count) && regionShare(image) >= labelImageRegionShare
    }

    /// The least share of the pixels a label image in colours leaves black: its background.
    public static let labelImageBackground = 0.25

    /// Of the pixels other than 0 with a right-hand neighbour, the share whose neighbour holds the same level:
    /// near 1 when the levels are regions, near a level's own share of the pixels when they are strewn at random.
    static func regionShare(_ image: GreyImage) -> Double {
        var pairs = 0, same = 0
        image.pixels.withUnsafeBufferPointer { pixels in
            for y in 0..<image.height {
                let row = y * image.width
                for x in 0..<max(image.width - 1, 0) where pixels[row + x] != 0 {
                    pairs += 1
                    if pixels[row + x + 1] == pixels[row + x] { same += 1 }
                }
            }
        }
        return pairs == 0 ? 0 : Double(same) / Double(pairs)
    }

    /// The pixel count of each grey level other than 0 in `image`.
    static func levelCounts(_ image: GreyImage) -> [UInt8: Int] {
        var counts = [Int](repeating: 0, count: 256)
        for pixel in image.pixels { counts[Int(pixel)] += 1 }
        var levels: [UInt8: Int] = [:]
        for level in 1..<256 where counts[level] > 0 { levels[UInt8(level)] = counts[level] }
        return levels
    }

    /// Whether the pixel at column `x`, row `y` is foreground.
    public subscript(x: Int, y: Int) -> Bool {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel outside the mask")
            return words[y * wordsPerRow + x >> 6] >> UInt64(x & 63) & 1 == 1
        }
        set {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel outside the mask")
            let bit = UInt64(1) << UInt64(x & 63)
            if newValue {
                words[y * wordsPerRow + x >> 6] |= bit
            } else {
                words[y * wordsPerRow + x >> 6] &= ~bit
            }
        }
    }

    /// Number of foreground pixels.
    public var foregroundCount: Int {
        words.withUnsafeBufferPointer { words in words.baseAddress.map { gf_popcount($0, words.count) } ?? 0 }
    }

    /// Whether the foreground reaches all four edges of the image (a pixel in the first and the last row and
    /// column), as no lung mask's does but the background of lungs drawn dark on a light ground does
    /// (`MaskDrawing`).
    public var reachesEveryEdge: Bool {
        guard width > 0, height > 0 else { return false }
        let last = height - 1
        let firstRow = words[0..<wordsPerRow], lastRow = words[last * wordsPerRow..<(last + 1) * wordsPerRow]
        guard firstRow.contains(where: { $0 != 0 }), lastRow.contains(where: { $0 != 0 }) else { return false }
        let (rightWord, rightBit) = ((width - 1) >> 6, UInt64((width - 1) & 63))
        return (0..<height).contains { words[$0 * wordsPerRow] & 1 != 0 }
            && (0..<height).contains { words[$0 * wordsPerRow + rightWord] >> rightBit & 1 != 0 }
    }

    /// A word with the low `count` bits set (`count` in 0...64).
    public static func lowBits(_ count: Int) -> UInt64 {
        count >= 64 ? ~0 : (UInt64(1) << UInt64(count)) &- 1
    }
}
