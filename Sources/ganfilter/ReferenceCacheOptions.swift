import ArgumentParser
import Realism

/// `--cache DIR`: where the table of nearest reference masks (`ReferenceNeighbours`) is kept between runs.
struct ReferenceCacheOptions: ParsableArguments {
    @Option(name: .customLong("cache"),
            help: ArgumentHelp("Folder for the reference's table of nearest masks, built once per reference set and checked on "
                                   + "every read (default: $XDG_CACHE_HOME/ganfilter, else ~/.cache/ganfilter; never the reference folder).",
                               valueName: "dir"))
    var folder: String?

    /// The table of `reference`'s nearest masks (`width` a mask): from the cache, or built on `jobs` threads
    /// with progress on standard error and cached; notes name a bad cache file or a failed write.
    func table(for reference: ReferenceSet, width: Int, jobs: Int, command: String) -> ReferenceNeighbours {
        let progress = ProgressLine(label: "ganfilter \(command): reference table", total: reference.masks.count)
        defer { progress.finish() }
        guard let folder = folder ?? ReferenceNeighbours.defaultCacheFolder else {
            return ReferenceNeighbours(reference, width: width, jobs: jobs, progress: progress.update)
        }
        return ReferenceNeighbours.cached(reference, width: width, folder: folder, jobs: jobs,
                                          note: { StandardError.print("ganfilter \(command): note: \($0)") }, progress: progress.update)
    }
}
