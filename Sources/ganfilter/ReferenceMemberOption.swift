import ArgumentParser
import MaskFeatures
import Realism

/// `--reference-member NAME`: which array of an `.npz` `--reference` holds the real masks, for an archive of
/// several (`np.savez("real.npz", images=..., masks=...)`). The table's settings and the model record it, so that
/// `label suggest` can read the reference a table records again.
struct ReferenceMemberOption: ParsableArguments {
    @Option(name: .customLong(ReferenceSet.memberOption),
            help: ArgumentHelp("The array of an .npz --reference that holds the real masks, when it holds several (default: the array the model or the features table records, else the archive's only array).",
                               valueName: "name"))
    var name: String?

    /// The array to read of `reference` for what `settings` were measured with (`FeatureTableSettings.referenceMember(given:reference:)`):
    /// this option's, else the one `recorder` (the model, a table) records, which a note names.
    func resolved(reference: String, settings: FeatureTableSettings?, recorder: String, command: String) -> String? {
        guard let settings else { return name }
        let member = settings.referenceMember(given: name, reference: reference)
        if name == nil, let member {
            StandardError.print("ganfilter \(command): note: reading array \(member) of \(reference), the array \(recorder) records "
                + "(--\(ReferenceSet.memberOption) names another)")
        }
        return member
    }

    /// Refuses a member without a reference to take it from.
    func validate(reference: String?) throws {
        guard name == nil || reference != nil else {
            throw ValidationError("--\(ReferenceSet.memberOption) names an array of the --reference archive: give both")
        }
    }
}
