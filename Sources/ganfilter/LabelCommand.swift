import ArgumentParser
import BatchRunning
import FileIO
import Foundation
import MaskFeatures
import MaskFilter
import MaskImage
import Realism
import Reports

/// `ganfilter label`: labels chosen by the tool.
struct LabelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Choose which masks to label next, so that few labels teach a filter the most.",
        subcommands: [LabelSuggestCommand.self]
    )
}

/// `ganfilter label suggest`: the masks to label next.
struct LabelSuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Pick the masks whose labels would teach a filter the most.",
        discussion: """
            Reads a features table (any set; realism columns are used when present) and writes --output: \
            file,score,reason (and index for masks from an array), the file column exactly as in the table, \
            in the order chosen. Only ok rows are suggested, never one already labelled.

            Without --labels: half the picks lie nearest the label-free threshold of \(RealismPrior.column) (with \
            --reference, the threshold `filter --reference` uses; else the median score), each the mask farthest, in \
            standardised feature space, from those chosen before it among the 3n masks nearest the threshold; the other half \
            spread over the score's range, one drawn from each of as many equal-count strata. \
            Without realism columns, half the picks are each the farthest from those before it (rare kinds of \
            mask), the rest drawn at random by --seed (a fair sample of the table).

            With --labels (both classes): half the picks are the unlabelled masks the model `train` would fit \
            on those labels is least sure of (probability of good nearest 0.5; below \(RealismPrior.maximumRows) \
            labels, the regression anchored on \(RealismPrior.column) or, when the labels rank it better, \
            \(ReferenceFilter.Score.boundary.column), self-trained on the unlabelled masks and voting with \
            extremely randomised trees on the labels, or those trees alone \
            when the labels do not show that column's ranking or, below \(RealismPrior.maximumRowsWithoutScore) labels, the table has no \
            realism column), each far from the labelled masks and the other picks; the other half are typical \
            masks, each the one nearest the centre of a k-means cluster of the unlabelled masks left, so that a \
            label rule the model cannot yet express still gets labels where it bites. When that model is not \
            anchored on a realism column (the labels do not show its ranking, they number \(RealismPrior.maximumRows) \
            or more, or the table has no realism column), half of the other half are instead the masks farthest \
            from every mask labelled or chosen, where a side of the rule no label has reached yet may lie. In a \
            table without realism columns, the typical masks give way to masks drawn at random by --seed (the \
            labels stay a fair sample of the table). \
            The same --seed gives the same choice. A --count above what is left suggests all of it, with a note.

            --page DIR writes DIR/index.html, one offline page (no network; masks embedded, FILE.npy[i] read from \
            its stack) on which each suggested mask is marked good or bad by a click or a key (g, b, u undoes, \
            arrows move); marks survive a reload, and "Save labels.csv" downloads the labels in the format \
            `train` reads, merged with --labels.

            Example: ganfilter label suggest --features features.csv --count 25 --output next.csv --page label/
                     ganfilter label suggest --features features.csv --labels labels.csv --count 25 --output next2.csv

            \(ExitStatusHelp.text)
            """
    )

    @Option(help: "Features table from `ganfilter features` (CSV, or JSON Lines with --format jsonl).")
    var features: String

    @Option(parsing: .unconditional, help: "How many masks to suggest.")
    var count: Int

    @Option(name: .shortAndLong, help: "Suggestions CSV (file,score,reason), written atomically (gzip-compressed when named .gz); - for standard output.")
    var output = "-"

    @Option(help: "Labels CSV (file,label) of the masks labelled so far.")
    var labels: String?

    @Option(help: "Folder (or .npy/.npz stack) of the real masks the realism columns were measured against: the label-free threshold is theirs, and the page shows 8 of them. Other masks than the table records are refused.")
    var reference: String?

    @OptionGroup var referenceMember: ReferenceMemberOption

    @Option(help: "Folder to write the labelling page into (index.html: offline, masks embedded; g/b/u keys; saves labels.csv).")
    var page: String?

    @Option(parsing: .unconditional, help: "Seed of the choice.")
    var seed: UInt64 = 0

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1, got \(count)") }
        try referenceMember.validate(reference: reference)
        try OutputPath.validate(output, option: "--output", as: .csvTable)
        try OutputPath.validateFolder(page, option: "--page")
    }

    func run() throws {
        let pagePath = page.map { FolderPath.prefix($0) + "index.html" }
        try OutputPath.refuseClobbering(outputs: [NamedPath("--output", output)] + (pagePath.map { [NamedPath("--page", $0)] } ?? []),
                                        inputs: [NamedPath("--features", features), NamedPath("--features settings", FeatureTableSettings.sidecarRead(beside: features))]
                                            + (labels.map { [NamedPath("--labels", $0)] } ?? []))
        let labelTable = try labels.map { path in
            do {
                return try LabelTable(contentsOf: path)
            } catch {
                throw ValidationError("--labels: \(error)")
            }
        }
        let table: (set: FeatureSet, realism: Bool, rows: [FeatureRow], settings: FeatureTableSettings?)
        do {
            table = try FeatureTable.readWithSettings(features)
        } catch {
            StandardError.print("ganfilter label suggest: \(error)")
            throw ExitCode(2)
        }
        try OutputPath.refuseClobbering(outputs: [NamedPath("--output", output)] + (pagePath.map { [NamedPath("--page", $0)] } ?? []),
                                        maskFilesOf: table.rows, table: NamedPath("--features", features))
        let referenceSet = try reference.map { folder in
            guard table.realism else { throw ValidationError("--reference: \(features) has no realism columns to compare with it") }
            let set: ReferenceSet
            do {
                let member = referenceMember.resolved(reference: folder, settings: table.settings, recorder: features, command: "label suggest")
                set = try ReferenceSet(folder: folder, member: member, threshold: Self.greyThreshold(of: table.settings))
            } catch {
                throw ValidationError("--reference: \(error)")
            }
            if let problem = table.settings?.otherReference(folder: folder, digest: set.digest) {
                throw ValidationError("--reference: \(problem); measure \(features) against \(folder), or give that reference")
            }
            return set
        }
        labelTable?.problemSummary.forEach { StandardError.print("ganfilter label suggest: \($0)") }
        let (threshold, thresholdReference) = try labelFreeThreshold(realism: table.realism, settings: table.settings, reference: referenceSet)
        // The reference read, and with --page the masks the table names (the picks are read from them), are inputs too.
        let masks = page == nil ? [] : Set(table.rows.map { TablePlace(file: $0.file, index: $0.index).path }).sorted()
        try OutputPath.refuseClobbering(outputs: [NamedPath("--output", output)] + (pagePath.map { [NamedPath("--page", $0)] } ?? []),
                                        inputs: (thresholdReference?.paths ?? []).map { NamedPath("--reference", $0) }
                                            + masks.map { NamedPath("a mask of \(features)", $0) })
        let suggestion: LabelSuggestion
        do {
            suggestion = try LabelSuggestion(rows: table.rows, columns: table.set.columns(realism: table.realism), labels: labelTable,
                                             count: count, threshold: threshold, seed: seed)
        } catch {
            throw ValidationError("--labels: \(error)")
        }
        suggestion.notes.forEach { StandardError.print("ganfilter label suggest: note: \($0)") }
        let hasIndex = table.rows.contains { $0.index != nil }
        var text = CSVField.line(["file", "score", "reason"] + (hasIndex ? ["index"] : [])) + "\n"
        for pick in suggestion.picks {
            text += CSVField.line([pick.file, pick.score.map { "\($0)" } ?? "", pick.reason] + (hasIndex ? [pick.index.map(String.init) ?? ""] : []))
                + "\n"
        }
        try Gzip.writeAsNamed(Array(text.utf8), to: output)
        let unreadable = try page.map { try writePage(suggestion, labels: labelTable, reference: referenceSet, into: $0) } ?? 0
        StandardError.print("ganfilter label suggest: \(suggestion.picks.count) mask\(suggestion.picks.count == 1 ? "" : "s") to label next"
            + (output == "-" ? "" : " in \(output)"))
        if suggestion.picks.isEmpty { throw ExitCode(2) }
        let errors = table.rows.filter { $0.status == .error }
        if let first = errors.first {
            StandardError.print("ganfilter label suggest: \(errors.count) rows of \(features) are errors, never suggested; "
                + "the first: \(first.file): \(first.error ?? "error")")
        }
        if !errors.isEmpty || unreadable > 0 || !(labelTable?.problems.isEmpty ?? true) { throw ExitCode(1) }
    }

    /// The labelling page of the picks in `folder/index.html`, with 8 masks of `reference` spread over it.
    /// Returns how many of the picks could not be read for it (their count said on standard error).
    private func writePage(_ suggestion: LabelSuggestion, labels: LabelTable?, reference: ReferenceSet?, into folder: String) throws -> Int {
        var pictures = MaskPictures()
        let items = suggestion.picks.map { pick in
            LabellingPage.Item(file: pick.file, reason: pick.reason, png: pictures.png(of: pick.file))
        }
        // The reference masks already read, encoded as they were thresholded.
        let masks = reference?.masks ?? []
        let references = stride(from: 0, to: masks.count, by: max(1, masks.count / 8)).prefix(8).compactMap { try? PNGEncoder.encode(masks[$0].mask) }
        let html = LabellingPage.html(items: items, references: references, labels: (labels?.entries ?? []).map { ($0.file, $0.isGood) })
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: folder, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        try AtomicFile.write(Array(html.utf8), to: FolderPath.prefix(folder) + "index.html")
        StandardError.print("ganfilter label suggest: labelling page \(FolderPath.prefix(folder))index.html")
        let unreadable = items.filter { $0.png == nil }
        if let first = unreadable.first {
            StandardError.print("ganfilter label suggest: \(unreadable.count) of the \(items.count) masks could not be read for the page "
                + "(shown as not readable; the first: \(first.file))")
        }
        return unreadable.count
    }

    /// The grey level a reference is read at for a table measured with `settings`: theirs, else the default.
    private static func greyThreshold(of settings: FeatureTableSettings?) -> UInt8 {
        settings.map { UInt8(clamping: $0.greyThreshold) } ?? FeatureSettings.defaultThreshold
    }

    /// The threshold `filter --reference` would use on the table's `RealismPrior.column`: against `reference`, else
    /// against the reference the table's settings record (when it is still there, with the same masks); nil
    /// (the median score) otherwise. With the reference read for it, used or not.
    private func labelFreeThreshold(realism: Bool, settings: FeatureTableSettings?, reference: ReferenceSet?) throws
        -> (threshold: Double?, reference: ReferenceSet?) {
        if let reference {
            do {
                return (try ReferenceFilter(reference: reference, score: RealismPrior.score, gate: false).threshold, reference)
            } catch {
                throw ValidationError("--reference: \(error)")
            }
        }
        guard realism else { return (nil, nil) }
        var why = "the table records none"
        var read: ReferenceSet?
        if let folder = settings?.referenceFolder {
            do {
                let set = try ReferenceSet(folder: folder, member: settings?.referenceMember, threshold: Self.greyThreshold(of: settings))
                if set.digest == settings?.referenceDigest {
                    let threshold = try ReferenceFilter(reference: set, score: RealismPrior.score, gate: false).threshold
                    StandardError.print("ganfilter label suggest: the label-free threshold is that of \(folder), the reference the table records")
                    return (threshold, set)
                }
                read = set
                why = "\(folder), which the table records, holds other masks now (digest \(set.digest), the table's \(settings?.referenceDigest ?? "none"))"
            } catch {
                why = "\(folder), which the table records, cannot be read: \(error)"
            }
        }
        StandardError.print("ganfilter label suggest: note: no reference to take the label-free threshold from (\(why); --reference gives one): "
            + "using the median \(RealismPrior.column)")
        return (nil, read)
    }
}
