import Foundation
import Parallelism
import Synchronization
import Testing

/// The one parallel map: results in index order whatever the thread count, errors rethrown, and the CPUs a
/// process may use.
struct ParallelismTests {
    @Test(arguments: [1, 2, 7, 64])
    func resultsAreInIndexOrderForAnyJobs(jobs: Int) {
        let squares = ParallelMap.map(count: 1000, jobs: jobs, chunkSize: 7) { $0 * $0 }
        #expect(squares == (0..<1000).map { $0 * $0 })
    }

    /// Tiles cover the items once, in order, whatever the thread count, and progress ends at the item count.
    @Test(arguments: [1, 2, 7])
    func tilesAreInIndexOrderForAnyJobs(jobs: Int) {
        let done = Mutex(0)
        let squares = ParallelMap.mapTiles(count: 1001, jobs: jobs, tileSize: 16, progress: { count in done.withLock { $0 = max($0, count) } }) {
            range in range.map { $0 * $0 }
        }
        #expect(squares == (0..<1001).map { $0 * $0 })
        #expect(done.withLock { $0 } == 1001)
        #expect(ParallelMap.mapTiles(count: 0, jobs: jobs, tileSize: 16) { $0.map { $0 } }.isEmpty)
    }

    struct Stop: Error, Equatable {}

    @Test func theFirstErrorIsRethrown() {
        #expect(throws: Stop.self) {
            _ = try ParallelMap.map(count: 100, jobs: 2) { (index: Int) throws(Stop) -> Int in
                if index == 50 { throw Stop() }
                return index
            }
        }
    }

    @Test func availableProcessorsIsPositiveAndAtMostTheMachine() {
        #expect(AvailableProcessors.count >= 1)
        #expect(AvailableProcessors.count <= ProcessInfo.processInfo.processorCount)
    }

    /// A huge --jobs holds no more in memory than the CPUs this process may use.
    @Test func widthIsCappedAtTheAvailableProcessors() {
        #expect(ParallelMap.width(jobs: 100_000) == AvailableProcessors.count)
        #expect(ParallelMap.width(jobs: 0) == 1)
        #expect(ParallelMap.width(jobs: 1) == 1)
    }
}
