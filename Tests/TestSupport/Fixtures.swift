import Foundation

/// Paths of the repository and its test fixtures, found from this file's location.
public enum Fixtures {
    /// The repository root.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `Tests/Fixtures/<relative>`.
    public static func path(_ relative: String) -> String {
        root + "/Tests/Fixtures/" + relative
    }

    /// The lines of a text fixture file.
    public static func lines(_ relative: String) throws -> [String] {
        try String(contentsOfFile: path(relative), encoding: .utf8).split(separator: "\n").map(String.init)
    }
}

/// A fresh temporary folder, removed by `remove()`.
public struct TemporaryFolder {
    /// The folder's path (no trailing slash).
    public let path: String

    /// Creates a new empty folder under the system's temporary folder.
    public init() throws {
        path = NSTemporaryDirectory() + "ganfilter-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to `name` inside the folder and returns the file's path.
    @discardableResult
    public func write(_ bytes: [UInt8], to name: String) throws -> String {
        let file = try place(name)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Copies the file at `source` to `name` inside the folder (its folders made) and returns the copy's path.
    @discardableResult
    public func copy(_ source: String, to name: String) throws -> String {
        let file = try place(name)
        try FileManager.default.copyItem(atPath: source, toPath: file)
        return file
    }

    /// The path of `name` inside the folder, its folders made.
    private func place(_ name: String) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        return file
    }

    /// Deletes the folder and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A new folder for a set-up a whole suite shares (a `static let`), which no single test may remove: it is
    /// removed when the test process exits.
    public static func removedAtExit() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        ExitCleanup.register(folder)
        return folder
    }
}

/// The folders `TemporaryFolder.removedAtExit()` made, removed by one `atexit` handler.
private enum ExitCleanup {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var folders: [TemporaryFolder] = []

    static func register(_ folder: TemporaryFolder) {
        lock.lock()
        defer { lock.unlock() }
        folders.append(folder)
        if folders.count == 1 { atexit { ExitCleanup.removeAll() } }  // the first folder installs the handler
    }

    private static func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        folders.forEach { $0.remove() }
        folders = []
    }
}
