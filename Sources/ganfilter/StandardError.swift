import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Messages, progress and summaries go to standard error, keeping standard output for data.
enum StandardError {
    /// Whether standard error is a terminal (progress is shown only then).
    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Writes a line.
    static func print(_ line: String) {
        write(line + "\n")
    }

    /// Writes text as it is.
    static func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}

/// A one-line progress counter on standard error, redrawn in place, shown only on a terminal.
final class ProgressLine: Sendable {
    private let label: String
    private let total: Int
    private let shown: Bool
    /// The step last shown (a percentage, a thousandth, or a count of 65,536 items) and when.
    private let lastShown = Mutex<(step: Int, time: ContinuousClock.Instant?)>((-1, nil))

    /// A counter `label: done/total (percent%)`, or `label: done` when `total` is 0 (unknown).
    init(label: String, total: Int) {
        self.label = label
        self.total = total
        self.shown = StandardError.isTerminal
    }

    /// Shows `done` (from any thread) when standard error is a terminal and the percentage changed.
    func update(_ done: Int) {
        update(done, of: total)
    }

    /// Shows `done` of `total` (for work whose size is known only once it starts).
    func update(_ done: Int, of total: Int) {
        guard shown else { return }
        // Redrawn when the percentage moves, or with an unknown total every 65,536 items.
        let step = total == 0 ? done >> 16 : done * 100 / total
        lastShown.withLock { last in
            guard step > last.step else { return }
            last.step = step
            StandardError.write(total == 0 ? "\r\(label): \(done)" : "\r\(label): \(done)/\(total) (\(step)%)")
        }
    }

    /// Shows `detail` (from any thread) when standard error is a terminal, and `fraction` of the work (0-1) moved
    /// by a thousandth or a second went by since it was last shown: for work that ends at whichever of two limits
    /// comes first, and may move slowly towards both.
    func update(fraction: Double, detail: String) {
        guard shown else { return }
        let step = Int((min(max(fraction, 0), 1) * 1000).rounded(.down))
        let now = ContinuousClock.now
        lastShown.withLock { last in
            guard step > last.step || last.time.map({ now - $0 >= .seconds(1) }) != false else { return }
            last = (step, now)
            StandardError.write("\r\(label): \(detail) (" + String(format: "%.1f", Double(step) / 10) + "%)")
        }
    }

    /// Clears the line.
    func finish() {
        guard shown else { return }
        StandardError.write("\r\u{1B}[K")
    }
}
