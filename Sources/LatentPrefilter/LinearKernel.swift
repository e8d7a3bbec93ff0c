/// `x . weights` and `|x|^2` of a row of little-endian values, eight lanes at a time (float32 input is scored in
/// float32 arithmetic, which moves a margin by about 1e-6 of its size; float64 input in float64).
struct LinearKernel<Scalar: BinaryFloatingPoint & SIMDScalar> {
    let weights: [Scalar]

    func dotAndSquares(_ raw: UnsafeRawBufferPointer, offset: Int) -> (dot: Double, squares: Double) {
        let stride = MemoryLayout<Scalar>.stride
        var dot = SIMD8<Scalar>(), squares = SIMD8<Scalar>()
        var column = 0
        weights.withUnsafeBytes { weightBytes in
            while column + 8 <= weights.count {
                let x = raw.loadUnaligned(fromByteOffset: offset + column * stride, as: SIMD8<Scalar>.self)
                let w = weightBytes.loadUnaligned(fromByteOffset: column * stride, as: SIMD8<Scalar>.self)
                dot += x * w
                squares += x * x
                column += 8
            }
        }
        var dotSum = Double(dot.sum()), squareSum = Double(squares.sum())
        while column < weights.count {
            let x = Double(raw.loadUnaligned(fromByteOffset: offset + column * stride, as: Scalar.self))
            dotSum += x * Double(weights[column])
            squareSum += x * x
            column += 1
        }
        return (dotSum, squareSum)
    }
}
