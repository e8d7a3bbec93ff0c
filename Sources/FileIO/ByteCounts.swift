/// How often two byte values occur in a buffer, sixteen bytes at a time: what `CSVStream` counts to find record
/// boundaries (quotes and line breaks). (`CSVBlock` sizes its field bounds from `CTextScan`'s separator marks.)
enum ByteCounts {
    /// The occurrences of `first` and of `second` among `bytes[range]`.
    static func count(_ first: UInt8, _ second: UInt8, in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (first: Int, second: Int) {
        var firsts = 0, seconds = 0
        var index = range.lowerBound
        if let base = bytes.baseAddress {
            let firstLanes = SIMD16<UInt8>(repeating: first), secondLanes = SIMD16<UInt8>(repeating: second)
            let zero = SIMD16<UInt8>(), one = SIMD16<UInt8>(repeating: 1)
            while range.upperBound - index >= 16 {
                // Byte-wide lane counts, emptied before they can wrap.
                var laneFirsts = zero, laneSeconds = zero
                var rounds = 0
                while rounds < 255, range.upperBound - index >= 16 {
                    let lanes = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
                    laneFirsts &+= zero.replacing(with: one, where: lanes .== firstLanes)
                    laneSeconds &+= zero.replacing(with: one, where: lanes .== secondLanes)
                    index += 16
                    rounds += 1
                }
                firsts += Int(SIMD16<UInt16>(truncatingIfNeeded: laneFirsts).wrappedSum())
                seconds += Int(SIMD16<UInt16>(truncatingIfNeeded: laneSeconds).wrappedSum())
            }
        }
        for index in index..<range.upperBound {
            firsts += bytes[index] == first ? 1 : 0
            seconds += bytes[index] == second ? 1 : 0
        }
        return (firsts, seconds)
    }
}
