/// `a . b` over `count` values, eight lanes at a time.
@inline(__always)
func rowDot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
    var lanes = SIMD8<Double>()
    var k = 0
    let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
    while k + 8 <= count {
        lanes += rawA.loadUnaligned(fromByteOffset: 8 * k, as: SIMD8<Double>.self) * rawB.loadUnaligned(fromByteOffset: 8 * k, as: SIMD8<Double>.self)
        k += 8
    }
    var sum = lanes.sum()
    while k < count {
        sum += a[k] * b[k]
        k += 1
    }
    return sum
}
