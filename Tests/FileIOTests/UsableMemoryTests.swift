#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import FileIO
import Testing
import TestSupport

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

/// A table read into memory stops where its rows would take more than its budget, naming the file, the line and
/// the sizes; within the budget, or without a limit, it is read whole.
struct MemoryBudgetTests {
    @Test func aTableStopsAtTheLineWhereItsBudgetRunsOut() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let text = "file,label\n" + (0..<5_000).map { "mask_\($0).png,good\n" }.joined()
        let path = try folder.write(Array(text.utf8), to: "t.csv")
        #expect(try CSVTable(contentsOf: path, budget: MemoryBudget(limit: nil)).records.count == 5_000)
        #expect(try CSVTable(contentsOf: path, budget: MemoryBudget(limit: 100 << 20)).records.count == 5_000)
        do {
            _ = try CSVTable(contentsOf: path, budget: MemoryBudget(limit: 100_000))
            Issue.record("a table larger than its budget was read")
        } catch {
            #expect(error.path == path && error.line > 1 && error.line <= 5_001)
            #expect(error.reason.contains("records read up to this line would take about")
                    && error.reason.contains("more than the 97.7 KiB one input may take here"), "\(error.reason)")
        }
        var budget = MemoryBudget(limit: 10)
        #expect(throws: CSVTable.ParseError.self) { try budget.take(Int.max, count: 1, what: "rows", line: 2, of: path) }
        #expect(budget.used == Int.max, "the total saturates, never wraps")
        #expect(MemoryBudget.stringBytes("short") == 16 && MemoryBudget.stringBytes(String(repeating: "x", count: 100)) == 148)
    }

    @Test func theDefaultIsAShareOfWhatTheProcessMayUse() throws {
        let usable = try #require(UsableMemory.bytes)
        #expect(MemoryBudget.defaultLimit == Int(Double(usable) * MemoryBudget.share))
        #expect(UsableMemory.processLimits.allSatisfy { $0 >= 0 })
    }
}

/// A model file is refused from its size when decoding it would take more than one input may (`MemoryBudget`):
/// a 380 MB file peaked at 1.93 GB while it was decoded.
struct ModelFileBudgetTests {
    @Test func aModelFileLargerThanItsDecodingFitsIsRefusedFromItsSize() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(Array(repeating: UInt8(ascii: " "), count: 600_000) + Array("{}".utf8), to: "model.json")
        #expect(ModelFile.maximumBytes(within: nil) == ModelFile.maximumBytes)
        #expect(ModelFile.maximumBytes(within: 1 << 40) == ModelFile.maximumBytes)
        #expect(ModelFile.maximumBytes(within: 5_000_000) == 1_000_000)
        #expect(try ModelFile.read(path, budget: 5_000_000).count == 600_002)
        #expect {
            try ModelFile.read(path, budget: 1_000_000)
        } throws: { error in
            "\(error)".contains("\(path): the model file is 585.9 KiB; a model file may be at most 195.3 KiB here: decoding one takes about 5 times its size")
        }
    }
}
