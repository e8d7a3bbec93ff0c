import SeededRandom
import Testing

/// ganfilter's seeded generator: its sequence is a contract (synthetic data, folds and bootstrap replicates are
/// reproducible), checked against an independent implementation of SplitMix64 and xoshiro256**
/// (`Tests/Fixtures/make_seeded_random_golden.py`).
struct SeededGeneratorTests {
    @Test func theSequenceIsXoshiro256StarStarSeededBySplitMix64() {
        var zero = SeededGenerator(seed: 0)
        #expect((0..<4).map { _ in zero.next() } == [0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a, 0x1a5f_849d_4933_e6e0, 0x6aa5_94f1_262d_2d2c])
        var fortyTwo = SeededGenerator(seed: 42)
        #expect((0..<4).map { _ in fortyTwo.next() } == [0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e, 0xae17_5332_39e4_99a1, 0xecb8_ad47_03b3_60a1])
        var stream = SeededGenerator(seed: 42, stream: 3)
        #expect((0..<2).map { _ in stream.next() } == [0xefbd_e50f_c44e_4b4e, 0x4a2d_f451_b780_9365])
    }

    @Test func integersAreInRangeAndUnbiased() {
        var random = SeededGenerator(seed: 7)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[random.integer(below: 6)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 400 }, "\(counts)")
    }

    @Test func uniformsAndNormalsHaveTheirMoments() {
        var random = SeededGenerator(seed: 9)
        let uniforms = (0..<100_000).map { _ in random.uniform() }
        #expect(uniforms.allSatisfy { (0..<1).contains($0) })
        #expect(abs(uniforms.reduce(0, +) / 1e5 - 0.5) < 0.005)
        let normals = (0..<100_000).map { _ in random.normal() }
        let mean = normals.reduce(0, +) / 1e5
        let variance = normals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 1e5
        #expect(abs(mean) < 0.02 && abs(variance - 1) < 0.02)
    }

    @Test func aShuffleIsAPermutationAndSeeded() {
        var a = SeededGenerator(seed: 5), b = SeededGenerator(seed: 5)
        var first = Array(0..<100), second = Array(0..<100)
        a.shuffle(&first)
        b.shuffle(&second)
        #expect(first == second && first.sorted() == Array(0..<100) && first != Array(0..<100))
    }
}
