#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The memory this process may use: the machine's physical memory, or the lowest limit of its control groups
/// and their ancestors when that is lower (a container's, a SLURM job's; cgroup v2 `memory.max`, v1
/// `memory.limit_in_bytes`), or of its own address space and data (`ulimit -v`, `ulimit -d`: `RLIMIT_AS`,
/// `RLIMIT_DATA`). An input held whole (a reference set, a table: `MemoryBudget`) is checked against it as it is
/// read, so that a run that cannot fit says so, instead of being killed, or stopped by an allocation that fails,
/// when memory runs out.
public enum UsableMemory {
    /// Bytes; nil when none of them can be told.
    public static var bytes: Int? {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        let (physical, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        let machine = pages > 0 && pageSize > 0 ? (overflow ? Int.max : physical) : nil
        let list = (try? FileBytes.read("/proc/self/cgroup", limit: 1 << 16, what: "control group list"))
            .map { String(decoding: $0, as: UTF8.self) } ?? ""
        let groups = groupLimits(list, limit: limit)
        return ((machine.map { [$0] } ?? []) + groups + processLimits).min()
    }

    /// What is left of the process's own limits on its address space and its data, where set (`ulimit -v`,
    /// `ulimit -d`): each limit less what the process has mapped already (`/proc/self/statm`: the runtime, its
    /// threads' stacks, the allocator's reserved arenas), which counts against it without being memory in use.
    static var processLimits: [Int] {
        #if canImport(Glibc)
        let resources = [RLIMIT_AS, RLIMIT_DATA].map { __rlimit_resource_t($0.rawValue) }
        #else
        let resources = [RLIMIT_AS, RLIMIT_DATA]
        #endif
        // statm: total size, resident, shared, text, library, data and stack, dirty; in pages.
        let pages = (try? FileBytes.read("/proc/self/statm", limit: 256, what: "memory map sizes"))
            .map { String(decoding: $0, as: UTF8.self).split(separator: " ").compactMap { Int($0.trimmingWhitespace()) } } ?? []
        let pageSize = max(1, sysconf(Int32(_SC_PAGESIZE)))
        let mapped = [pages.count > 0 ? pages[0] : 0, pages.count > 5 ? pages[5] : 0].map { $0.multipliedReportingOverflow(by: pageSize).partialValue }
        return zip(resources, mapped).compactMap { resource, used in
            var limit = rlimit()
            guard getrlimit(resource, &limit) == 0, limit.rlim_cur != rlim_t.max, limit.rlim_cur > 0 else { return nil }
            return max(0, Int(clamping: limit.rlim_cur) - used)
        }
    }

    /// The memory limits that `read` finds for the control groups of `list` (`/proc/self/cgroup`: `0::PATH` for
    /// v2, `N:memory:PATH` for v1's memory controller) and for each of their ancestors up to the root, where a
    /// limit set on a job applies to the steps below it. The roots themselves are always asked.
    static func groupLimits(_ list: String, limit read: (String) -> Int?) -> [Int] {
        var files: [String] = ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]
        for line in list.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let root: String, name: String
            if fields[0] == "0" && fields[1].isEmpty {
                (root, name) = ("/sys/fs/cgroup", "memory.max")
            } else if fields[1].split(separator: ",").contains("memory") {
                (root, name) = ("/sys/fs/cgroup/memory", "memory.limit_in_bytes")
            } else {
                continue
            }
            var path = Substring(fields[2])
            while let slash = path.lastIndex(of: "/"), path.count > 1 {
                files.append(root + path + "/" + name)
                path = path[..<slash]
            }
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }.compactMap(read)
    }

    /// The limit a control group file states: a number of bytes; nil for `max` (none), an unreadable file or any
    /// other text.
    private static func limit(_ path: String) -> Int? {
        guard let bytes = try? FileBytes.read(path, limit: 64, what: "memory limit") else { return nil }
        return Int(String(decoding: bytes, as: UTF8.self).trimmingWhitespace()).flatMap { $0 > 0 ? $0 : nil }
    }
}
