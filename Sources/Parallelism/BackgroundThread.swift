#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Work on a thread of its own, outside Dispatch's pool, so that it never takes a worker from `ParallelMap`:
/// reading the next band of a stream while the pool measures the current one. `join()` waits for it.
public final class BackgroundThread: @unchecked Sendable {
    private var thread: pthread_t?
    private let body: @Sendable () -> Void

    /// Starts `body` on a new thread; if no thread can be made, `join()` runs it on the caller's.
    public init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
        var handle = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let started = pthread_create(&handle, nil, { context in
            guard let context else { return nil }
            Unmanaged<BackgroundThread>.fromOpaque(context).takeRetainedValue().body()
            return nil
        }, context)
        if started == 0 {
            thread = handle
        } else {
            Unmanaged<BackgroundThread>.fromOpaque(context).release()
        }
    }

    /// Waits for the body to finish (running it here if no thread could be made). Call once.
    public func join() {
        if let thread {
            pthread_join(thread, nil)
        } else {
            body()
        }
    }
}
