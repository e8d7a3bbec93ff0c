#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import FileIO
import Testing

/// The memory a process may use: the lowest limit of its control groups, each ancestor's included, and never
/// more than the machine has.
struct UsableMemoryTests {
    @Test func theLowestLimitOfEveryGroupAndAncestorCounts() {
        // A SLURM step under a job under a user slice (v2), and a container's memory controller (v1).
        let list = """
            12:memory:/docker/abc
            4:cpu,cpuacct:/docker/abc
            0::/system.slice/slurmstepd.scope/job_7/step_0
            """
        var asked: [String] = []
        let limits: [String: Int] = [
            "/sys/fs/cgroup/system.slice/slurmstepd.scope/job_7/memory.max": 8 << 30,
            "/sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes": 12 << 30,
            "/sys/fs/cgroup/memory/memory.limit_in_bytes": Int.max,
        ]
        let found = UsableMemory.groupLimits(list) { path in
            asked.append(path)
            return limits[path]
        }
        #expect(found.min() == 8 << 30 && Set(found) == Set(limits.values))
        #expect(asked.contains("/sys/fs/cgroup/system.slice/slurmstepd.scope/job_7/step_0/memory.max"))
        #expect(asked.contains("/sys/fs/cgroup/system.slice/memory.max") && asked.contains("/sys/fs/cgroup/memory.max"))
        #expect(!asked.contains { $0.contains("cpu") } && Set(asked).count == asked.count)
        #expect(UsableMemory.groupLimits("garbage\n0::/\n", limit: { _ in nil }).isEmpty)
    }

    @Test func thisProcessMayUseSomeMemoryAndNoMoreThanTheMachineHas() throws {
        let bytes = try #require(UsableMemory.bytes)
        #expect(bytes > 1 << 20 && bytes <= sysconf(Int32(_SC_PHYS_PAGES)) * sysconf(Int32(_SC_PAGESIZE)))
    }
}
