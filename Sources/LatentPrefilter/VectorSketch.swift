import Matrices

/// Which latent vectors a prefilter was trained on, as a Bloom filter (Bloom 1970) of their exact values: a run
/// verified on those vectors checks the promise on what made it, and `latent verify` says so.
///
/// Sixteen bits and eleven hashes a vector (Kirsch and Mitzenmacher's double hashing of two 64-bit hashes of the
/// vector's IEEE bits) make a vector never trained on look trained on with a probability of about 1 in 2,000
/// ((1 - e^(-11/16))^11); a vector trained on is always found. The bits are stored as hexadecimal, 16 digits a
/// 64-bit word (its high digit first), low word first.
public struct VectorSketch: Codable, Equatable, Sendable {
    /// Vectors added.
    public var vectors: Int
    /// Hash functions a vector sets.
    public var hashCount: Int
    /// The filter's bits, hexadecimal.
    public var bits: String

    /// Bits a vector takes.
    public static let bitsPerVector = 16
    /// The hashes `init(_:)` uses.
    public static let defaultHashCount = 11
    /// The most bits a sketch holds (1 MB, 524,288 vectors at full precision): a larger training set shares
    /// them, at a higher false-positive rate.
    public static let maximumBits = 1 << 23

    /// The sketch of every row of `vectors`.
    public init(_ vectors: Matrix) {
        self.vectors = vectors.rows
        hashCount = Self.defaultHashCount
        let words = max(1, min(Self.maximumBits, vectors.rows * Self.bitsPerVector) / 64 + 1)
        var filter = [UInt64](repeating: 0, count: words)
        for row in 0..<vectors.rows {
            for bit in Self.positions(vectors.row(row), hashCount: hashCount, bitCount: words * 64) {
                filter[bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
        bits = filter.map(Self.hex).joined()
    }

    /// Why a sketch read from a file cannot be used; nil when it can.
    public var problem: String? {
        guard vectors >= 0 else { return "seen_vectors: vectors must be at least 0, got \(vectors)" }
        guard (1...64).contains(hashCount) else { return "seen_vectors: hash_count must be in 1...64, got \(hashCount)" }
        guard !bits.isEmpty, bits.utf8.count % 16 == 0, bits.utf8.count / 16 <= Self.maximumBits / 64 + 1 else {
            return "seen_vectors: bits must be a whole number of 16-digit words, at most \(Self.maximumBits / 64 + 1), got \(bits.utf8.count) digits"
        }
        guard bits.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            return "seen_vectors: bits must be lower-case hexadecimal digits"
        }
        return nil
    }

    /// For each row of `vectors`, whether the sketch holds it (always, when it was added; rarely otherwise). A
    /// sketch with a `problem` holds nothing.
    public func contains(rowsOf vectors: Matrix) -> [Bool] {
        guard problem == nil else { return Array(repeating: false, count: vectors.rows) }
        let digits = Array(bits.utf8)
        let filter = stride(from: 0, to: digits.count, by: 16).map { start in
            digits[start..<start + 16].reduce(UInt64(0)) { $0 << 4 | UInt64($1 <= 57 ? $1 - 48 : $1 - 87) }
        }
        return (0..<vectors.rows).map { row in
            Self.positions(vectors.row(row), hashCount: hashCount, bitCount: filter.count * 64).allSatisfy { bit in
                filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0
            }
        }
    }

    /// The bits `vector` sets: `h1 + i * h2` modulo the bit count, for i below `hashCount`. Zero's two signs
    /// hash alike.
    static func positions(_ vector: [Double], hashCount: Int, bitCount: Int) -> [Int] {
        var first: UInt64 = 0x9E37_79B9_7F4A_7C15
        var second: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        for value in vector {
            let bits = (value == 0 ? 0 : value).bitPattern
            first = mix(first ^ bits)
            second = mix(second &+ bits)
        }
        second |= 1
        return (0..<UInt64(hashCount)).map { Int((first &+ $0 &* second) % UInt64(bitCount)) }
    }

    /// SplitMix64's finaliser (Steele, Lea and Flood 2014).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func hex(_ word: UInt64) -> String {
        let digits = String(word, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
