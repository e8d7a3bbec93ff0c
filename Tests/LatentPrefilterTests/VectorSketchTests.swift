import FileIO
import LatentPrefilter
import Matrices
import SeededRandom
import Testing

/// The sketch of a prefilter's training vectors: every vector added is found, others rarely, and a damaged
/// sketch in a model file is refused by name.
struct VectorSketchTests {
    static func vectors(_ rows: Int, columns: Int, seed: UInt64) throws -> Matrix {
        var random = SeededGenerator(seed: seed)
        return try #require(Matrix(rows: rows, columns: columns, values: (0..<rows * columns).map { _ in random.uniform(-3, 3) }))
    }

    @Test func everyVectorAddedIsFoundAndFreshOnesRarely() throws {
        let seen = try Self.vectors(3000, columns: 16, seed: 1)
        let sketch = VectorSketch(seen)
        #expect(sketch.vectors == 3000 && sketch.problem == nil)
        #expect(sketch.contains(rowsOf: seen).allSatisfy { $0 })
        // The false-positive rate (1 - e^(-11/16))^11 is about 4.6e-4: some 9 of 20,000; 40 would be far beyond it.
        let fresh = try Self.vectors(20_000, columns: 16, seed: 2)
        let hits = sketch.contains(rowsOf: fresh).filter { $0 }.count
        #expect(hits < 40, "\(hits) fresh vectors look seen")
        // A vector differing in its last bit is another vector; zero's two signs are one.
        var nudged = seen.row(0)
        nudged[5] = nudged[5].nextUp
        let nudgedRow = try #require(Matrix(rows: 1, columns: 16, values: nudged))
        #expect(sketch.contains(rowsOf: nudgedRow) == [false])
        let zeros = VectorSketch(try #require(Matrix(rows: 1, columns: 2, values: [0, -0.0])))
        let otherZeros = try #require(Matrix(rows: 1, columns: 2, values: [-0.0, 0]))
        #expect(zeros.contains(rowsOf: otherZeros) == [true])
    }

    @Test func aDamagedSketchHoldsNothingAndSaysWhy() throws {
        var sketch = VectorSketch(try Self.vectors(10, columns: 3, seed: 3))
        let empty = VectorSketch(Matrix(rows: 0, columns: 3))
        let five = try Self.vectors(5, columns: 3, seed: 4)
        #expect(empty.problem == nil && empty.contains(rowsOf: five) == Array(repeating: false, count: 5))
        let two = try Self.vectors(2, columns: 3, seed: 3)
        for (bits, hashes, message) in [(String(sketch.bits.dropLast()), 11, "whole number of 16-digit words"),
                                        (sketch.bits.uppercased(), 11, "lower-case hexadecimal"),
                                        ("", 11, "whole number"), (sketch.bits, 0, "hash_count"), (sketch.bits, 65, "hash_count")] {
            var damaged = sketch
            damaged.bits = bits
            damaged.hashCount = hashes
            #expect(damaged.problem?.contains(message) == true, "\(bits.count) \(hashes)")
            #expect(damaged.contains(rowsOf: two) == [false, false])
        }
        sketch.vectors = -1
        #expect(sketch.problem?.contains("vectors must be at least 0") == true)
    }
}
