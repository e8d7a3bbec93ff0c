#if canImport(Glibc)
import Glibc
#endif

/// Readers that take a path get the fuzzer's bytes through a file in memory-backed /dev/shm (or the
/// temporary folder), one per process and name, overwritten on every input.
public enum FuzzFile {
    public static func write(_ bytes: [UInt8], name: String) -> String {
        let folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : (getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp")
        let path = "\(folder)/ganfilter-\(getpid())-\(name)"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { return path }
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let written = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if written <= 0 { break }
                done += written
            }
        }
        close(fd)
        return path
    }
}
