#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ganfilter's own seeded pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// Its sequence for a given seed is part of ganfilter's contract (synthetic data, folds and bootstrap
/// replicates are reproducible across platforms and Swift versions), which Swift's `shuffle()` and
/// `random(in:)` do not promise; use the methods here, not the standard library's.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose sequence is determined by `seed`.
    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9e37_79b9_7f4a_7c15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// A generator for item `index` of a stream seeded by `seed`: independent of how many items
    /// come before it, so items can be produced in any order or in parallel.
    public init(seed: UInt64, stream index: UInt64) {
        self.init(seed: seed ^ ((index &+ 1) &* 0xd1b5_4a32_d192_ed03))
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform double in [`lower`, `upper`).
    public mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * uniform()
    }

    /// A uniform integer in `0 ..< bound` (`bound` > 0), without modulo bias (Lemire's method).
    public mutating func integer(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// True with probability `p`.
    public mutating func bernoulli(_ p: Double) -> Bool {
        uniform() < p
    }

    /// A standard normal variate (Box-Muller, one of the pair).
    public mutating func normal() -> Double {
        let u1 = 1 - uniform()  // in (0, 1]
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Shuffles `items` in place (Fisher-Yates, from the last element down). Inlinable, so that a caller's
    /// element type specialises it: a tree shuffles its features at every node, and the unspecialised generic
    /// swaps cost a tenth of a forest's training.
    @inlinable
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, integer(below: i + 1))
        }
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
