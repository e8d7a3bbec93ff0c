/// How `filter --copy-accepted/--copy-rejected` keeps its folder across runs.
public enum CopyMode: String, CaseIterable, Sendable {
    /// Add this run's files; a file already there is left alone (skipped quietly when it holds the same bytes,
    /// reported otherwise). The default.
    case add
    /// Make the folder hold exactly this run's files: files an earlier run copied there (listed in the folder's
    /// `FileCopies.manifestName`) that this run does not copy are removed, and those it copies again are
    /// refreshed. Files ganfilter did not copy are never touched.
    case sync
}
