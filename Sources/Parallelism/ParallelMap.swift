import Dispatch
import Synchronization

/// Order-preserving parallel map over `0 ..< count` on up to `jobs` threads.
///
/// Work is handed out in chunks of fixed size, so how the items are split never depends on `jobs`, and the
/// results come back in index order: the output is the same whatever the thread count. The first error stops
/// the handing out of new chunks and is rethrown.
public enum ParallelMap {
    /// How many items to hold in memory at once for `jobs` threads: `jobs`, at most the CPUs this process may
    /// use (`AvailableProcessors`), at least 1. More would cost memory and run no faster.
    public static func width(jobs: Int) -> Int {
        max(1, min(jobs, AvailableProcessors.count))
    }

    /// `body(0) ... body(count - 1)`, computed in parallel, in order.
    ///
    /// - Parameter progress: called now and then (from any thread) with the number of items done.
    public static func map<T: Sendable, E: Error>(
        count: Int, jobs: Int, chunkSize: Int = 1, progress: (@Sendable (Int) -> Void)? = nil,
        _ body: (Int) throws(E) -> T
    ) throws(E) -> [T] {
        precondition(chunkSize >= 1, "chunk size must be positive")
        let chunks = (count + chunkSize - 1) / chunkSize
        let results = Mutex<[T?]>(Array(repeating: nil, count: count))
        let failure = Mutex<E?>(nil)
        let nextChunk = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        withoutActuallyEscaping(body) { body in
            let work = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, chunks))) { _ in
                while failure.withLock({ $0 == nil }) {
                    let chunk = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard chunk < chunks else { return }
                    let range = chunk * chunkSize..<min(count, (chunk + 1) * chunkSize)
                    var values: [T] = []
                    do throws(E) {
                        for index in range { values.append(try work.value(index)) }
                    } catch {
                        failure.withLock { $0 = $0 ?? error }
                        return
                    }
                    results.withLock { all in
                        for (index, value) in zip(range, values) { all[index] = value }
                    }
                    progress?(done.wrappingAdd(range.count, ordering: .relaxed).newValue)
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return results.withLock { $0.compactMap { $0 } }
    }
}

extension ParallelMap {
    /// `body` of the consecutive ranges of `0 ..< count`, `tileSize` items each (the last fewer), computed in
    /// parallel and joined in order, for work that is cheaper a tile of items at a time; `body` returns one value
    /// per index of its range. Tiles are fixed by `tileSize` alone, so the output never depends on `jobs`.
    ///
    /// - Parameter progress: called now and then (from any thread) with the number of items done.
    public static func mapTiles<T: Sendable>(count: Int, jobs: Int, tileSize: Int, progress: (@Sendable (Int) -> Void)? = nil,
                                             _ body: (Range<Int>) -> [T]) -> [T] {
        let size = max(1, tileSize)
        let tiles = (count + size - 1) / size
        let itemProgress: (@Sendable (Int) -> Void)? = progress.map { report in { @Sendable tilesDone in report(min(count, tilesDone * size)) } }
        return map(count: tiles, jobs: jobs, chunkSize: 1, progress: itemProgress) { tile in
            body(tile * size..<min(count, tile * size + size))
        }.flatMap { $0 }
    }
}

/// Carries the (non-`Sendable`) closure into the worker threads; `concurrentPerform` returns only after they
/// all finish, so it never outlives the call.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
