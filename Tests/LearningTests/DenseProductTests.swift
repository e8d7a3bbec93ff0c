import CDenseKernels
import SeededRandom
import Testing

/// The MLP's dense product, on the CPU's best path and on the baseline one, against the plain loop: the same
/// bits, whatever the sizes (rows left over from the register blocks, columns past the last sixteen) and the
/// orientation of `a`.
struct DenseProductTests {
    @Test func bothPathsAddTheProductsAsThePlainLoopDoes() {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            let outer = random.integer(below: 9) + 1, sum = random.integer(below: 40) + 1, columns = random.integer(below: 50) + 1
            let transposed = random.integer(below: 2) == 1
            let (outerStride, sumStride) = transposed ? (1, outer) : (sum, 1)
            let a = (0..<(outer * sum)).map { _ in Float(random.uniform(-1, 1)) }
            let b = (0..<(sum * columns)).map { _ in Float(random.uniform(-1, 1)) }
            let start = (0..<(outer * columns)).map { _ in Float(random.uniform(-1, 1)) }
            var expected = start
            for i in 0..<outer {
                for s in 0..<sum {
                    let scale = a[i * outerStride + s * sumStride]
                    for j in 0..<columns { expected[i * columns + j] += scale * b[s * columns + j] }
                }
            }
            var best = start, baseline = start
            ganfilter_product(a, outerStride, sumStride, b, &best, outer, sum, columns)
            ganfilter_product_baseline(a, outerStride, sumStride, b, &baseline, outer, sum, columns)
            #expect(best.map(\.bitPattern) == expected.map(\.bitPattern), "\(outer)x\(sum)x\(columns)")
            #expect(baseline.map(\.bitPattern) == expected.map(\.bitPattern), "\(outer)x\(sum)x\(columns)")
        }
    }
}
