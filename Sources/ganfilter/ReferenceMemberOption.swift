import ArgumentParser
import Realism

/// `--reference-member NAME`: which array of an `.npz` `--reference` holds the real masks, for an archive of
/// several (`np.savez("real.npz", images=..., masks=...)`). The table's settings and the model record it, so that
/// `label suggest` can read the reference a table records again.
struct ReferenceMemberOption: ParsableArguments {
    @Option(name: .customLong(ReferenceSet.memberOption),
            help: ArgumentHelp("The array of an .npz --reference that holds the real masks, when it holds several (default: its only array).",
                               valueName: "name"))
    var name: String?

    /// Refuses a member without a reference to take it from.
    func validate(reference: String?) throws {
        guard name == nil || reference != nil else {
            throw ValidationError("--\(ReferenceSet.memberOption) names an array of the --reference archive: give both")
        }
    }
}
