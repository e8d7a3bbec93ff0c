import ArgumentParser
import LatentPrefilter
import NumpyFormats

/// Reading a latent dataset for a command: a file that cannot be parsed ends it with status 2; rows left out
/// are counted on standard error with the first one's line.
enum LatentDatasetInput {
    /// `group` names the one group of a `.npz` dataset without a `group` array; a CSV is parsed on `jobs` threads.
    static func read(_ path: String, command: String, group: String? = nil, jobs: Int) throws -> (dataset: LatentDataset, issues: [DatasetIssue]) {
        let result: (dataset: LatentDataset, issues: [DatasetIssue])
        do {
            result = try LatentDataset.read(path, group: group, jobs: jobs)
        } catch {
            StandardError.print("ganfilter \(command): \(error)")
            throw ExitCode(2)
        }
        if let first = result.issues.first {
            StandardError.print("ganfilter \(command): \(result.issues.count) rows left out (first: \(path)"
                + (NpzArchive.isArchive(path) ? "" : ":\(first.line)") + ": \(first.reason));"
                + " `ganfilter latent analyze --report DIR` lists them all in issues.csv")
        }
        guard result.dataset.count > 0 else {
            StandardError.print("ganfilter \(command): no usable rows in \(path)")
            throw ExitCode(2)
        }
        return result
    }
}
