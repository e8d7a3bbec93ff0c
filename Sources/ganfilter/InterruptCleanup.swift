import FileIO
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Removes the temporary files of a run that SIGINT or SIGTERM interrupts, then ends the process by that signal
/// (so the caller still sees "killed by SIGINT"). The signals are blocked in every thread and taken by one
/// waiting thread, where removing files is safe (a signal handler could interrupt the registry's own lock). The
/// signal is raised again with the registry still locked, so no thread makes a temporary file after the removal.
enum InterruptCleanup {
    /// Installs the waiting thread; call first in `main`, before any other thread starts.
    static func install() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let blocked = signals
        Thread.detachNewThread {
            var signals = blocked
            var received: Int32 = 0
            guard sigwait(&signals, &received) == 0 else { return }
            TemporaryFiles.process.removeAll {
                signal(received, SIG_DFL)
                pthread_sigmask(SIG_UNBLOCK, &signals, nil)
                raise(received)
            }
        }
    }
}

/// Standard output, checked: a full disk or a closed pipe must not pass for success.
enum StandardOutput {
    /// Flushes what `print` buffered; the system's message when that failed (a write that fails fails again
    /// here: the buffer still holds its bytes).
    static func flush() -> String? {
        guard fflush(nil) == 0 else { return SystemError.message(errno) }
        return nil
    }
}
