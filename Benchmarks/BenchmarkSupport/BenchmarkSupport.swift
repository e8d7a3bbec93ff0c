import Foundation

/// Command-line options of a benchmark: `--name value` pairs and `--flag`s, unknown ones refused (exit 64).
public struct BenchmarkArguments {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    /// Parses `CommandLine.arguments`; `options` take a value, `switches` do not.
    public init(options: [String], switches: [String] = [], program: String) {
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            if options.contains(argument), let value = arguments.popFirst() {
                values[argument] = value
            } else if switches.contains(argument) {
                flags.insert(argument)
            } else {
                FileHandle.standardError.write(Data("\(program): unknown or incomplete argument \(argument)\n".utf8))
                exit(64)
            }
        }
    }

    /// The value of `option`, or nil.
    public func value(_ option: String) -> String? { values[option] }

    /// The integer value of `option`, or `fallback`.
    public func integer(_ option: String, default fallback: Int) -> Int { values[option].flatMap(Int.init) ?? fallback }

    /// Whether `flag` was given.
    public func isSet(_ flag: String) -> Bool { flags.contains(flag) }
}

/// The median (the mean of the middle two for an even count).
public func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Wall-clock seconds of `body`.
public func seconds(_ body: () throws -> Void) rethrows -> Double {
    let elapsed = try ContinuousClock().measure(body)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

/// Runs `python3 script arguments...` from the Benchmarks folder, saying so when it cannot.
public func runPythonComparison(_ script: String, _ arguments: [String], benchmarkFile: String = #filePath) {
    let path = URL(fileURLWithPath: benchmarkFile).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(script).path
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = ["python3", path] + arguments
    do {
        try python.run()
        python.waitUntilExit()
    } catch {
        print("(scikit-learn comparison skipped: \(error))")
    }
}

/// A finished child process: its wall-clock seconds, peak resident memory, exit status and standard output.
public struct ProcessRun {
    /// Wall-clock seconds from start to exit.
    public let seconds: Double
    /// The largest resident set size it reached, in MB (`wait4`'s `ru_maxrss`). Linux carries a process's peak
    /// across `exec`, and a child spawned from here shares this process's memory until then, so this is at least
    /// this process's own peak at the time: `peakMegabytes(of:)` measures a small command.
    public let peakMegabytes: Double
    /// Its exit status (-1 when it did not exit normally).
    public let status: Int32
    /// What it wrote to standard output.
    public let output: String
}

/// Runs `arguments` (the first found on `PATH` unless it holds a `/`) with `environment` added to this
/// process's, standard error discarded, and measures it.
public func runProcess(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessRun {
    let outputPath = NSTemporaryDirectory() + "benchmark-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).out"
    defer { unlink(outputPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
    var argv = arguments.map { strdup($0) } + [nil]
    var envp = variables.map { strdup($0) } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid: pid_t = 0
    let start = ContinuousClock.now
    let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, &argv, &envp)
    guard spawned == 0 else { throw NSError(domain: "runProcess", code: Int(spawned), userInfo: [NSLocalizedDescriptionKey: "cannot run \(arguments[0])"]) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let elapsed = ContinuousClock.now - start
    let exited = status & 0x7F == 0
    return ProcessRun(seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
                      peakMegabytes: Double(usage.ru_maxrss) / 1024, status: exited ? (status >> 8) & 0xFF : -1,
                      output: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
}

/// The peak resident size of `arguments` run as a process, in MB, and its exit status: measured by GNU time
/// (`/usr/bin/time -f %M`), whose own small peak is all the command inherits, unlike `runProcess`'s figure;
/// `runProcess`'s where `/usr/bin/time` is missing.
public func peakMegabytes(of arguments: [String]) throws -> (megabytes: Double, status: Int32) {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else {
        let run = try runProcess(arguments)
        return (run.peakMegabytes, run.status)
    }
    let report = NSTemporaryDirectory() + "benchmark-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).time"
    defer { unlink(report) }
    let run = try runProcess(["/usr/bin/time", "-f", "%M", "-o", report] + arguments)
    let kilobytes = (try? String(contentsOfFile: report, encoding: .utf8))?.split(separator: "\n").last.flatMap { Double($0) }
    return (kilobytes.map { $0 / 1024 } ?? run.peakMegabytes, run.status)
}
