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
    /// slowed; an image of three levels or more (a label image of several classes, a dim grey picture) stays
    /// empty, for no level is the mask.
    public static func reading(at threshold: UInt8, cut: (UInt8) throws(MaskImageError) -> BinaryMask,
                               grey: () throws(MaskImageError) -> GreyImage) throws(MaskImageError) -> BinaryMask {
        let mask = try cut(threshold)
        guard mask.foregroundCount == 0 else { return mask }
        let image = try grey()
        var level: UInt8 = 0
        for pixel in image.pixels where pixel != 0 && pixel != level {
            guard level == 0 else { return mask }
            level = pixel
        }
        return level == 0 ? mask : BinaryMask(image, threshold: level)
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

    /// A word with the low `count` bits set (`count` in 0...64).
    public static func lowBits(_ count: Int) -> UInt64 {
        count >= 64 ? ~0 : (UInt64(1) << UInt64(count)) &- 1
    }
}
