import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `ganfilter` executable, as a user would.
struct CommandRunner {
    struct Outcome {
        let status: Int32
        let standardOutput: String
        let standardError: String
        /// Standard output as bytes (a `.npy` written to `-`).
        let standardOutputBytes: Data

        /// The lines of standard error (the summary, notes and warnings for people).
        var errorLines: [String] { standardError.split(separator: "\n").map(String.init) }
    }

    /// The `ganfilter` binary next to the test bundle, or the one `GANFILTER_EXECUTABLE` names (to check that a
    /// regression test fails on an older build).
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["GANFILTER_EXECUTABLE"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return Bundle.main.bundleURL.appendingPathComponent("ganfilter")
    }

    /// Runs `ganfilter arguments...` in `directory` and waits for it; `standardOutput` names a file to write
    /// standard output to instead of capturing it (`/dev/full`, say), `standardInput` a file to read standard
    /// input from (else it is empty); `addressSpaceKiB` limits the process's address space (`ulimit -v`, through
    /// `/bin/sh`).
    static func run(_ arguments: [String], in directory: String? = nil, standardOutput: String? = nil,
                    standardInput: String? = nil, addressSpaceKiB: Int? = nil) throws -> Outcome {
        let process = Process()
        if let addressSpaceKiB {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -v \(addressSpaceKiB) && exec \"$0\" \"$@\"", executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let error = Pipe()
        if let standardOutput {
            process.standardOutput = FileHandle(forWritingAtPath: standardOutput)
        } else {
            process.standardOutput = output
        }
        process.standardError = error
        process.standardInput = standardInput.flatMap { FileHandle(forReadingAtPath: $0) } ?? FileHandle.nullDevice
        try process.run()
        if standardOutput != nil { try output.fileHandleForWriting.close() }
        let outputData = standardOutput == nil ? readAll(output.fileHandleForReading) : Data()
        let errorData = readAll(error.fileHandleForReading)
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       standardOutput: String(decoding: outputData, as: UTF8.self),
                       standardError: String(decoding: errorData, as: UTF8.self), standardOutputBytes: outputData)
    }

    /// Everything `handle` holds until its end, read again where a signal interrupts the read: Foundation's
    /// `readDataToEndOfFile()` traps on `EINTR` ("Interrupted system call"), which a busy machine raised once.
    static func readAll(_ handle: FileHandle) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return data
            }
        }
    }
}
