/// Elements held from a 64-byte boundary, for the kernels that load 64 bytes at once (`CBitCount`'s
/// `gf_outline_matches`). An array's elements begin wherever the allocator puts its header (16 or 48 bytes past
/// a cache line for a large one), so that nearly every 64-byte load of eight frame rows straddled two cache lines.
///
/// Immutable once made, so it is shared between threads as a value would be.
final class AlignedBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    /// The boundary the first element lies on, in bytes: a cache line, and an AVX-512 register.
    static var alignment: Int { 64 }

    /// How many elements.
    let count: Int
    private let start: UnsafeMutablePointer<Element>

    /// A copy of `elements`.
    init(_ elements: [Element]) {
        count = elements.count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<Element>.stride, alignment: Self.alignment)
        start = raw.bindMemory(to: Element.self, capacity: max(1, count))
        elements.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { start.initialize(from: base, count: count) }
        }
    }

    deinit {
        start.deallocate()
    }

    /// Calls `body` with the elements.
    func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Element>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: start, count: count))
    }
}
