import BatchRunning
import FileIO
import LatentPrefilter
import Learning
import Matrices

/// One step of a study: what people see (its title and the command line that writes the same files), the part
/// of the report it feeds, and its body, which does what that command does.
struct StudyStep {
    /// The part of the report a step feeds; the page says when a part's steps did not all run.
    enum Part: Hashable {
        case masks, generator, latent
        /// The latent dataset's analysis: its tables stand beside the latent section, which reads the
        /// training's files, so its failure (a dataset without the five scores) leaves the section standing.
        case latentAnalysis
    }

    /// The title and command line.
    let step: StudyRun.Step
    /// The part it feeds.
    let part: Part
    /// The work: reads what the earlier steps wrote, writes its files, and says how it ended.
    let body: (Context) throws(OutputError) -> StudyRun.StepStatus

    init(title: String, commandLine: [String], part: Part, body: @escaping (Context) throws(OutputError) -> StudyRun.StepStatus) {
        step = StudyRun.Step(title: title, commandLine: commandLine)
        self.part = part
        self.body = body
    }

    /// What every step's body is given: the run's threads, seed and version, its clocks, where to report, and
    /// the latent datasets already read (each is read once, by the first step that needs it).
    final class Context {
        let jobs: Int
        let seed: UInt64
        let toolVersion: String
        let screenSeconds: (FittedClassifier, Matrix) -> Double
        let seconds: () -> Double
        let events: (StudyRun.Event) -> Void
        /// How much of the running step's work is done, from any thread.
        let progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
        private var datasets: [String: (dataset: LatentDataset, issues: [DatasetIssue])?] = [:]
        /// The files the steps wrote into their report folders, each with its folder's path.
        private(set) var reportFiles: [String] = []
        /// What the steps said that begins `note: ` or `warning: `, for the page (`StudyReport.notes`).
        private(set) var notes: [String] = []

        init(jobs: Int, seed: UInt64, toolVersion: String, screenSeconds: @escaping (FittedClassifier, Matrix) -> Double,
             seconds: @escaping () -> Double, progress: (@Sendable (Int, Int) -> Void)?, events: @escaping (StudyRun.Event) -> Void) {
            self.jobs = jobs
            self.seed = seed
            self.toolVersion = toolVersion
            self.screenSeconds = screenSeconds
            self.seconds = seconds
            self.progress = progress
            self.events = events
        }

        /// Tells people `text`; a note or a warning is kept for the page as well.
        func say(_ text: String) {
            if text.hasPrefix("note: ") || text.hasPrefix("warning: ") { notes.append(text) }
            events(.message(text))
        }

        /// Writes a report folder's manifest, as the step's command does, saying what it did to an earlier run's
        /// files there, and keeps the names of the files the manifest lists for the run's own.
        func manifest(_ manifest: RunManifest, in folder: String) throws(OutputError) {
            // Not kept for the page: what an earlier run left differs from run to run, and the page does not.
            try manifest.write(into: folder).note(folder: folder).map { events(.message("note: \($0)")) }
            reportFiles += manifest.outputs.map { FolderPath.prefix(folder) + $0 } + [FolderPath.prefix(folder) + RunManifest.fileName]
        }

        /// Progress of a step of `total` items, each reported done as it is.
        func progress(of total: Int) -> (@Sendable (Int) -> Void)? {
            progress.map { report in { @Sendable done in report(done, total) } }
        }

        /// The latent dataset at `path` (`group` names the one group of an `.npz` without a group array), as the
        /// latent commands read it; nil, after saying why, when it has no usable row.
        func dataset(_ path: String, group: String? = nil) -> (dataset: LatentDataset, issues: [DatasetIssue])? {
            let key = path + "\u{0}" + (group ?? "")
            if let read = datasets[key] { return read }
            var read: (dataset: LatentDataset, issues: [DatasetIssue])?
            do {
                read = try LatentDataset.read(path, group: group, jobs: jobs)
            } catch {
                say("\(error)")
            }
            if let read, let first = read.issues.first {
                say("\(read.issues.count) rows left out (first: \(path):\(first.line): \(first.reason))")
            }
            if let count = read?.dataset.count, count == 0 {
                say("no usable rows in \(path)")
                read = nil
            }
            datasets[key] = .some(read)
            return read
        }
    }
}

extension StudyRun.StepStatus {
    /// The status a batch command exits with.
    init(_ outcome: BatchOutcome) {
        self = Self(rawValue: outcome.exitStatus) ?? .failed
    }
}
