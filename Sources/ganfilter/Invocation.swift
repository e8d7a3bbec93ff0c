import Synchronization

/// The command line being run, for `manifest.json`: the process's own, or inside `pipeline` the step's.
enum Invocation {
    private static let storage = Mutex<[String]>([])

    /// The command line, program name first.
    static var current: [String] {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
