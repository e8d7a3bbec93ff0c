#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing all of a buffer to a file descriptor, retrying short writes and interrupted calls.
public enum FileDescriptorOutput {
    /// Writes every byte of `bytes` to `fd`; `path` names the file in errors.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String) throws(OutputError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: path, reason: "cannot write: \(SystemError.message(errno))")
            }
            offset += written
        }
    }

    /// Writes every byte of `bytes` to `fd`.
    public static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(OutputError) {
        var failure: OutputError?
        bytes.withUnsafeBytes { raw in
            do throws(OutputError) {
                try writeAll(raw, to: fd, path: path)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }
}
