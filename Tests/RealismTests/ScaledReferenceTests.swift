import Foundation
import MaskImage
@testable import Realism
import SeededRandom
import TestSupport
import Testing

/// The scaled frames' search: exactly what comparing with every frame gives, on any number of threads; and its
/// leave-one-out scores cached under the reference's digest, where a file that is stale, cut short or lies about
/// a score it checks is computed again with a note.
struct ScaledReferenceTests {
    /// The mean of the `bestCount` largest of `scores` (of all, when there are fewer), computed plainly.
    static func meanOfBest(_ scores: [Double]) -> Double {
        let best = scores.sorted(by: >).prefix(ScaledReference.bestCount)
        return best.reduce(0, +) / Double(best.count)
    }

    @Test func thePrunedSearchIsTheFullComparison() throws {
        var random = SeededGenerator(seed: 7)
        let masks = (0..<60).map { _ in ReferenceIndexTests.mask(width: 64, height: 48, &random) }
        let (set, folder) = try ReferenceIndexTests.reference(masks)
        defer { folder.remove() }
        let frames = set.scaled.frames
        for index in frames.indices {
            let expected = Self.meanOfBest(frames.indices.filter { $0 != index }.map { frames[index].dice(frames[$0]) })
            #expect(set.scaled.score(frames[index], excluding: index) == expected, "frame \(index)")
        }
        #expect(set.scaled.leaveOneOut(by: .dice, jobs: 1) == set.scaled.leaveOneOut(by: .dice, jobs: 3))
    }

    /// The boundary score compares every frame in one C pass: the same as `ScaledBoundary.f1` pair by pair.
    @Test func theBoundaryScoreIsThePairwiseF1() throws {
        var random = SeededGenerator(seed: 8)
        let masks = (0..<40).map { _ in ReferenceIndexTests.mask(width: 64, height: 48, &random) }
        let (set, folder) = try ReferenceIndexTests.reference(masks)
        defer { folder.remove() }
        let outlines = set.scaled.frames.map(ScaledBoundary.init)
        for index in outlines.indices {
            let expected = Self.meanOfBest(outlines.indices.filter { $0 != index }.map { outlines[index].f1(outlines[$0]) })
            #expect(abs(set.scaled.boundaryScore(set.scaled.frames[index], excluding: index) - expected) <= 1e-15, "frame \(index)")
        }
        #expect(set.scaled.leaveOneOut(by: .boundary, jobs: 1) == set.scaled.leaveOneOut(by: .boundary, jobs: 3))
        // F1 is symmetric, 1 for an outline with itself, and 0 against an empty one.
        #expect(outlines[0].f1(outlines[1]) == outlines[1].f1(outlines[0]) && outlines[2].f1(outlines[2]) == 1)
    }

    /// A frame turned back from lying any way is the frame of the mask turned back so (pixel for pixel but where a
    /// sample falls exactly between two source pixels, which rounds the other way), and each pixel goes where
    /// `MaskOrientation.placeTurnedBack` says. Turned back from a way and from its inverse is the frame itself; the
    /// two quarter turns are each other's inverse, every other way its own.
    @Test(arguments: MaskOrientation.allCases)
    func aFrameTurnedBackIsTheFrameOfTheMaskTurnedBack(way: MaskOrientation) throws {
        var random = SeededGenerator(seed: 11)
        var differing = 0, pixels = 0
        let inverse: MaskOrientation = switch way {
        case .quarterTurnedClockwise: .quarterTurnedCounterclockwise
        case .quarterTurnedCounterclockwise: .quarterTurnedClockwise
        default: way
        }
        for _ in 0..<40 {
            let mask = ReferenceIndexTests.mask(width: 64, height: 48, &random)
            let swaps = way.back.swapsAxes
            var turned = BinaryMask(width: swaps ? mask.height : mask.width, height: swaps ? mask.width : mask.height)
            for y in 0..<mask.height {
                for x in 0..<mask.width where mask[x, y] {
                    let place = way.placeTurnedBack(x: x, y: y, width: mask.width, height: mask.height)
                    turned[place.x, place.y] = true
                }
            }
            let frame = try #require(ScaledMask(AlignedMask(mask)))
            let expected = try #require(ScaledMask(AlignedMask(turned)))
            let back = frame.turnedBack(from: way)
            #expect(back.turnedBack(from: inverse) == frame && back.count == frame.count)
            for i in 0..<64 {
                for j in 0..<64 {
                    let place = way.placeTurnedBack(x: j, y: i, width: 64, height: 64)
                    #expect(frame.rows[i] >> UInt64(j) & 1 == back.rows[place.y] >> UInt64(place.x) & 1)
                }
            }
            differing += zip(back.rows, expected.rows).map { ($0 ^ $1).nonzeroBitCount }.reduce(0, +)
            pixels += expected.count
        }
        #expect(Double(differing) <= 0.01 * Double(pixels), "\(differing) of \(pixels) pixels differ")
    }

    /// Real lungs lying any way match the reference best turned back from that way, and as they lie, as they lie;
    /// against a reference of more than `orientationFrames` frames, the check compares with that many of them, evenly
    /// spaced, and finds what a reference of those frames alone finds.
    @Test func theOrientationCheckFindsTheWayAndComparesWithAFewHundredFramesAtMost() throws {
        let folder = Fixtures.root + "/masks/lung256"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".png") }.sorted()
        let lungs = try names.map { try PNGReader().mask(atPath: folder + "/" + $0, threshold: 128) }
        // The real masks two and a half times over: more frames than the check takes.
        let masks = (lungs + lungs + lungs.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)).map(AlignedMask.init)
        let count = masks.count, probeCount = ScaledReference.orientationFrames
        #expect(count > probeCount)
        let reference = ScaledReference(masks)
        let probe = ScaledReference((0..<probeCount).map { masks[$0 * count / probeCount] })
        var frames: [ScaledMask?] = [], expected: [OrientationMatch?] = []
        for (k, way) in MaskOrientation.allCases.enumerated() {
            // A real mask lying `way`: each pixel is the pixel that turning it back puts there.
            let mask = lungs[10 * k + 5]
            let swaps = way.back.swapsAxes
            let (width, height) = swaps ? (mask.height, mask.width) : (mask.width, mask.height)
            var lying = BinaryMask(width: width, height: height)
            for y in 0..<height {
                for x in 0..<width {
                    let place = way.placeTurnedBack(x: x, y: y, width: width, height: height)
                    lying[x, y] = mask[place.x, place.y]
                }
            }
            frames += [ScaledMask(AlignedMask(lying)), ScaledMask(AlignedMask(lungs[10 * k + 6]))]
            expected += [.turned(way), .asItLies]
        }
        let found = reference.orientations(frames, at: Array(frames.indices))
        #expect(found == expected)
        #expect(found == probe.orientations(frames, at: Array(frames.indices)))
        #expect(reference.orientations(frames, at: [0, 3]) == [found[0], nil, nil, found[3]] + Array(repeating: nil, count: frames.count - 4))
    }

    /// A mask matches best the way of its highest score when that is above its own, the first of equal ways.
    @Test func aMaskMatchesBestTheWayOfItsHighestScoreAboveItsOwn() {
        let ways = MaskOrientation.allCases
        #expect(OrientationMatch(own: 0.5, turned: ways.map { _ in 0.4 }) == .asItLies)
        #expect(OrientationMatch(own: 0.5, turned: ways.map { _ in 0.5 }) == .asItLies)
        #expect(OrientationMatch(own: 0.5, turned: [0.6, 0.7, 0.7, 0.1, 0.1, 0.1, 0.1]) == .turned(.upsideDown))
        #expect(OrientationMatch(own: 0.5, turned: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.9]) == .turned(.quarterTurnedCounterclockwise))
    }

    /// Scored a tile at a time against more frames than one pass takes: each score the pairwise F1's, with a frame
    /// left out where asked and 0 for no mask.
    @Test func manyMasksAreScoredAsEachAlone() throws {
        var random = SeededGenerator(seed: 10)
        let masks = (0..<530).map { _ in ReferenceIndexTests.mask(width: 40, height: 30, &random) }
        let (set, folder) = try ReferenceIndexTests.reference(masks)
        defer { folder.remove() }
        // A reference counts copies once: more distinct frames than one pass of 512 must remain.
        #expect(set.scaled.frames.count > 512, "\(set.scaled.frames.count) distinct frames")
        let outlines = set.scaled.frames.map(ScaledBoundary.init)
        let queries: [ScaledMask?] = (0..<40).map { index in index % 13 == 5 ? nil : set.scaled.frames[(index * 37) % set.scaled.frames.count] }
        let excluding: [Int?] = queries.indices.map { $0 % 3 == 0 ? ($0 * 37) % set.scaled.frames.count : nil }
        let scores = set.scaled.scores(queries, by: .boundary, excluding: excluding)
        for (index, query) in queries.enumerated() {
            guard let query else {
                #expect(scores[index] == 0)
                continue
            }
            let mine = ScaledBoundary(query)
            let expected = Self.meanOfBest(outlines.indices.filter { $0 != excluding[index] }.map { mine.f1(outlines[$0]) })
            #expect(abs(scores[index] - expected) <= 1e-15, "mask \(index)")
            #expect(scores[index] == set.scaled.boundaryScore(query, excluding: excluding[index]), "mask \(index)")
        }
        #expect(set.scaled.scores(queries, by: .boundary) == queries.map { set.scaled.boundaryScore($0) })
        #expect(set.scaled.scores(queries, by: .dice) == queries.map { set.scaled.score($0) })
    }

    @Test(arguments: [(ScaledReference.FrameScore.dice, "scaled"), (.boundary, "boundary")])
    func theLeaveOneOutScoresSurviveTheCache(score: ScaledReference.FrameScore, name: String) throws {
        var random = SeededGenerator(seed: 9)
        let masks = (0..<30).map { _ in ReferenceIndexTests.mask(width: 64, height: 48, &random) }
        let (set, folder) = try ReferenceIndexTests.reference(masks)
        defer { folder.remove() }
        let expected = set.scaled.leaveOneOut(by: score)
        let cache = folder.path + "/cache"
        var notes: [String] = []
        #expect(set.scaled.cachedLeaveOneOut(by: score, digest: set.digest, folder: cache, note: { notes.append($0) }) == expected && notes.isEmpty)
        let path = cache + "/reference-\(set.digest)-\(name).bin"
        #expect(set.scaled.cachedLeaveOneOut(by: score, digest: set.digest, folder: cache, note: { notes.append($0) }) == expected && notes.isEmpty)

        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        var lying = good
        lying[28 + 8 * 0 + 6] ^= 0x01  // the first score, which is checked
        var outOfRange = good
        outOfRange.replaceSubrange(36..<44, with: withUnsafeBytes(of: (2.0).bitPattern.littleEndian) { Data($0) })
        var stale = good
        stale[6] = stale[6] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")  // the digest
        for (what, bytes) in [("cut short", good.prefix(good.count - 1)), ("too long", good + Data([0])), ("empty", Data()),
                              ("a checked score changed", lying), ("a score above 1", outOfRange), ("another reference", stale)] {
            try bytes.write(to: URL(fileURLWithPath: path))
            notes = []
            #expect(set.scaled.cachedLeaveOneOut(by: score, digest: set.digest, folder: cache, note: { notes.append($0) }) == expected, "\(what)")
            #expect(notes.count == 1 && notes[0].contains("making them again"), "\(what): \(notes)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == good, "\(what): the file is made good again")
        }
    }

    @Test func theFramesSurviveTheCache() throws {
        var random = SeededGenerator(seed: 11)
        let masks = (0..<20).map { _ in ReferenceIndexTests.mask(width: 64, height: 48, &random) }
        let (set, folder) = try ReferenceIndexTests.reference(masks)
        defer { folder.remove() }
        let cache = folder.path + "/cache"
        var notes: [String] = []
        let made = ScaledReference.cached(set.masks, digest: set.digest, folder: cache, note: { notes.append($0) })
        #expect(made.frames == set.scaled.frames && notes.isEmpty)
        #expect(ScaledReference.cached(set.masks, digest: set.digest, folder: cache, note: { notes.append($0) }).frames == made.frames && notes.isEmpty)
        // A reference read with the cache folder takes its frames from there.
        #expect(try ReferenceSet(folder: folder.path, cache: cache).scaled.frames == made.frames)

        let path = cache + "/reference-\(set.digest)-frames.bin"
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        var lying = good
        lying[28 + 8 * 20] ^= 0x10  // a row of the first frame, which is checked
        var unchecked = good
        unchecked[28 + 8 * (ScaledMask.side + 20)] ^= 0x10  // a row of the second frame, which is not made again
        #expect(!ScaledCacheFile.checked(of: 20).contains(1))
        var stale = good
        stale[6] = stale[6] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")  // the digest
        for (what, bytes) in [("cut short", good.prefix(good.count - 1)), ("too long", good + Data([0])), ("empty", Data()),
                              ("a checked frame changed", lying), ("an unchecked frame changed", unchecked), ("another reference", stale)] {
            try bytes.write(to: URL(fileURLWithPath: path))
            notes = []
            #expect(ScaledReference.cached(set.masks, digest: set.digest, folder: cache, note: { notes.append($0) }).frames == made.frames, "\(what)")
            #expect(notes.count == 1 && notes[0].contains("making them again"), "\(what): \(notes)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == good, "\(what): the file is made good again")
        }
    }
}
