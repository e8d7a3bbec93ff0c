#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many CPUs this process may use: the CPUs in its affinity mask, further capped by a cgroup CPU
/// quota (`cpu.max` in cgroup v2, `cpu.cfs_quota_us / cpu.cfs_period_us` in v1), at least 1.
/// This is the default of `--jobs`; the machine's CPU count overstates it in containers and batch jobs.
public enum AvailableProcessors {
    /// The number of CPUs this process may use.
    public static var count: Int {
        var cpus = onlineCount
        #if os(Linux)
        if let affinity = affinityCount(), affinity > 0 { cpus = min(cpus, affinity) }
        if let quota = cgroupQuota() { cpus = min(cpus, quota) }
        #endif
        return max(1, cpus)
    }

    private static var onlineCount: Int {
        Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// The CPU quota of this process's cgroup, rounded up, or nil when there is none.
    static func cgroupQuota() -> Int? {
        if let line = readSmallFile("/sys/fs/cgroup/cpu.max") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let quota = Double(parts[0]), let period = Double(parts[1]), period > 0 {
                return Int((quota / period).rounded(.up))
            }
            return nil
        }
        if let quotaText = readSmallFile("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"),
           let periodText = readSmallFile("/sys/fs/cgroup/cpu/cpu.cfs_period_us"),
           let quota = Double(quotaText), let period = Double(periodText), quota > 0, period > 0 {
            return Int((quota / period).rounded(.up))
        }
        return nil
    }

    /// The CPUs in this process's affinity mask, from the `Cpus_allowed` line of /proc/self/status.
    static func affinityCount() -> Int? {
        guard let status = readSmallFile("/proc/self/status", wholeFile: true) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("Cpus_allowed:") {
            let hex = line.dropFirst("Cpus_allowed:".count).filter { $0 != "," && $0 != " " && $0 != "\t" }
            return hex.reduce(0) { $0 + (Int(String($1), radix: 16) ?? 0).nonzeroBitCount }
        }
        return nil
    }

    private static func readSmallFile(_ path: String, wholeFile: Bool = false) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        return wholeFile ? text : text.split(whereSeparator: \.isNewline).first.map(String.init)
    }
}
