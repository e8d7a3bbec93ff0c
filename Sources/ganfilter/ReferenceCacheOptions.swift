import ArgumentParser
import FileIO
import MaskFilter
import MaskImage
import Realism

/// `--cache DIR`: where a reference's decoded masks (`ReferenceSet`) and its table of nearest masks
/// (`ReferenceNeighbours`) are kept between runs.
struct ReferenceCacheOptions: ParsableArguments {
    @Option(name: .customLong("cache"),
            help: ArgumentHelp("Folder for the reference's decoded masks, table of nearest masks, anatomy ranges and leave-one-out scores, made once per reference set and "
                                   + "checked on every read (default: $XDG_CACHE_HOME/ganfilter, else ~/.cache/ganfilter; never the reference "
                                   + "folder).",
                               valueName: "dir"))
    var folder: String?

    /// The cache folder: `--cache`, else the user's (`CacheFolder.user`); nil when it is not a folder this process
    /// may write in, which `reference(_:member:threshold:maxPixels:jobs:command:)` has made when it could, and said
    /// once when it could not.
    var resolved: String? {
        (folder ?? CacheFolder.user).flatMap { CacheFolder.isUsable($0) ? $0 : nil }
    }

    /// The reference masks at `path`, read on `jobs` threads with progress on standard error, from and into the
    /// cache; notes name a cache file that could not be used or written.
    func reference(_ path: String, member: String? = nil, threshold: UInt8, maxPixels: UInt64 = PNGReader.defaultMaxPixels, jobs: Int,
                   command: String) throws(ReferenceSet.Problem) -> ReferenceSet {
        if let folder = resolved, let cache = FileIdentity(path: folder), cache == FileIdentity(path: path) {
            throw ReferenceSet.Problem(description: "--cache \(folder) is the reference folder; the cache must live elsewhere")
        }
        let note = { (text: String) in StandardError.print("ganfilter \(command): note: \(text)") }
        let cache = CacheFolder.prepared(folder ?? CacheFolder.user, note: note)
        let progress = ProgressLine(label: "ganfilter \(command): reference masks", total: 0)
        defer { progress.finish() }
        return try ReferenceSet(folder: path, member: member, threshold: threshold, maxPixels: maxPixels, jobs: jobs, progress: progress.update,
                                cache: cache, note: note)
    }

    /// The table of `reference`'s nearest masks (`LocalRealism.table(of:folder:jobs:note:progress:)`), with
    /// progress on standard error; notes name a bad cache file or a failed write.
    func table(for reference: ReferenceSet, jobs: Int, command: String) -> ReferenceNeighbours {
        let progress = ProgressLine(label: "ganfilter \(command): reference table", total: reference.masks.count)
        defer { progress.finish() }
        return LocalRealism.table(of: reference, folder: resolved, jobs: jobs, note: { StandardError.print("ganfilter \(command): note: \($0)") },
                                  progress: progress.update)
    }

    /// The realism columns' radii of `reference`, from its cached table (`table(for:jobs:command:)`).
    func realism(of reference: ReferenceSet, jobs: Int, command: String) -> LocalRealism {
        LocalRealism(reference, table: table(for: reference, jobs: jobs, command: command))
    }

    /// The label-free filter of `reference` (`ReferenceFilter.cached`), what it reads of the reference from the
    /// cache or computed on `jobs` threads, a table being built shown on standard error.
    func referenceFilter(_ reference: ReferenceSet, score: ReferenceFilter.Score, cut: ReferenceFilter.Cut, gate: Bool, jobs: Int,
                         command: String) throws(ReferenceSet.Problem) -> ReferenceFilter {
        let progress = ProgressLine(label: "ganfilter \(command): reference table", total: reference.masks.count)
        defer { progress.finish() }
        return try ReferenceFilter.cached(reference: reference, score: score, cut: cut, gate: gate, folder: resolved, jobs: jobs,
                                          note: { StandardError.print("ganfilter \(command): note: \($0)") }, tableProgress: progress.update)
    }
}
