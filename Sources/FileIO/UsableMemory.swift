#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The memory this process may use: the machine's physical memory, or its control group's limit when that is
/// lower (a container's, cgroup v2 or v1). An input held whole (a reference set) is checked against it before it
/// is read, so that a run that cannot fit says so at once, instead of being killed when memory runs out.
public enum UsableMemory {
    /// Bytes; nil when neither can be told.
    public static var bytes: Int? {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        let (physical, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        let machine = pages > 0 && pageSize > 0 ? (overflow ? Int.max : physical) : nil
        let group = ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"].lazy.compactMap(limit).first
        switch (machine, group) {
        case let (machine?, group?): return min(machine, group)
        case let (machine, group): return machine ?? group
        }
    }

    /// The limit a control group file states: a number of bytes; nil for `max` (none), an unreadable file or any
    /// other text.
    private static func limit(_ path: String) -> Int? {
        guard let bytes = try? FileBytes.read(path, limit: 64, what: "memory limit") else { return nil }
        return Int(String(decoding: bytes, as: UTF8.self).trimmingWhitespace()).flatMap { $0 > 0 ? $0 : nil }
    }
}
