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
