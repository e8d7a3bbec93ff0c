import ArgumentParser
import BatchRunning
import FileIO
import Foundation
import MaskFeatures
import MaskImage
import Parallelism
import Realism

/// `ganfilter features`: the six symmetry features of every mask file.
struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Measure segmentation masks (PNG files, or NumPy stacks of masks): symmetry, anatomy, realism.",
        discussion: """
            Writes one row per mask, sorted by path: file,status,iou,cosine,area_ratio,iou_dilated,\
            cosine_dilated,area_ratio_dilated,error. status is ok, empty (both halves empty: no features) or \
            error (the reason is in the error column). Folders contribute their *.png files (any case); \
            unreadable files become error rows and the batch goes on.

            A .npy or .npz file argument, or - alone for one on standard input (np.save(sys.stdout.buffer, masks); \
            C order, rows named -[i]), is a stack of masks shaped N x H x W (or N x 1 x H x W, N x H x W x 1): \
            bool, integers (grey levels 0-255 as uint8 is, cut at --threshold; a 0/1 mask reads its 1s; a mask holding another value \
            is an error row) or float16/32/64 probabilities (cut at 0.5), C or Fortran order, either byte order; \
            --member names an .npz archive's array. Its masks are rows FILE.npy[i] (FILE.npz:MEMBER[i]) in the \
            array's order, and the table gains a last column index (i, empty for PNG files), which \
            `latent assemble` joins on. --reference may also be such a stack.

            Beside a CSV written to a file goes \
            OUTPUT.json with the settings it was measured with (grey threshold, dilation radius, feature set) and \
            the masks' sizes, which `train` stores in the model; JSON Lines records carry them in every line, with \
            each mask's width and height. When most masks reach all four edges of the image, as masks drawn \
            inverted (the lungs dark on a light ground) do, a note says so; they are measured as drawn.

            Example: ganfilter features masks/ --output features.csv
                     ganfilter features generated.npy --set all --reference real.npy --output features.csv

            \(ExitStatusHelp.text)
            """
    )

    @Argument(help: "Mask files, folders of *.png masks, or .npy/.npz stacks of masks. A name beginning with - goes after -- (features -- -x.png) or as ./-x.png.")
    var paths: [String]

    @Flag(help: "Scan sub-folders of folder arguments too (directory links are followed, loops detected).")
    var recursive = false

    @Option(name: .shortAndLong, help: "Output file, written atomically (gzip-compressed when named .gz); - for standard output.")
    var output = "-"

    @Option(help: "Output format: csv or jsonl (default: jsonl for an output named .jsonl or .ndjson, else csv).")
    var format: FeatureTable.Format?

    @Option(name: .customLong("set"), help: "Columns to measure: symmetry (the six left/right features), anatomy (nine shape-plausibility columns) or all (symmetry, then anatomy).")
    var featureSet: FeatureSet = .symmetry

    @Option(help: "The array of each .npz stack to read (default: its only array).")
    var member: String?

    @Option(help: "Folder (or .npy/.npz stack) of real masks of one size (a mask of another size is compared resized to theirs, by the nearest pixel): adds realism_dice (best translation-aligned Dice against them), realism_dice_mean5 (mean of the 5 best) and realism_knn (the realism score with local radii, k = 3, median pruning) after the set's columns.")
    var reference: String?

    @Option(parsing: .unconditional, help: "Radius r of the square (2r+1)x(2r+1) dilation element.")
    var dilationRadius = FeatureSettings.defaultDilationRadius

    @Option(parsing: .unconditional, help: "Grey level (0-255) from which a pixel is foreground (a mask of two levels below it, as 0/1, reads its second).")
    var threshold = Int(FeatureSettings.defaultThreshold)

    @Option(parsing: .unconditional, help: "Refuse images with more pixels than this (protects memory from huge or hostile files).")
    var maxPixels = Int(PNGReader.defaultMaxPixels)

    @Option(parsing: .unconditional, help: "Worker threads (default: the CPUs this process may use).")
    var jobs = AvailableProcessors.count

    @OptionGroup var sharding: ShardOptions
    @OptionGroup var referenceMember: ReferenceMemberOption

    @OptionGroup var cache: ReferenceCacheOptions

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one mask file or folder") }
        try referenceMember.validate(reference: reference)
        do {
            try FeatureSettings.check(greyThreshold: threshold, dilationRadius: dilationRadius)
        } catch {
            throw ValidationError("\(error.option): \(error)")
        }
        guard maxPixels >= 1 else { throw ValidationError("--max-pixels must be at least 1") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        try OutputPath.validate(output, option: "--output", as: .featureTable)
        try sharding.validate(output: output)
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let listing = try MaskBatch.parse(paths, recursive: recursive, member: member, maxPixels: UInt64(maxPixels))
        listing.notes.forEach { StandardError.print("ganfilter features: note: \($0)") }
        try OutputPath.refuseClobbering(outputs: [NamedPath("--output", output), NamedPath("the shard record", ShardRecord.path(beside: output)),
                                                  NamedPath("the settings file", FeatureTableSettings.sidecarPath(beside: output))],
                                        inputs: listing.inputPaths.map { NamedPath("input", $0) })
        var referenceSet: ReferenceSet?
        if let reference {
            do {
                referenceSet = try cache.reference(reference, member: referenceMember.name, threshold: UInt8(threshold), maxPixels: UInt64(maxPixels), jobs: jobs, command: "features")
            } catch {
                throw ValidationError("--reference: \(error)")
            }
            try OutputPath.refuseClobbering(outputs: [NamedPath("--output", output)],
                                            inputs: (referenceSet?.paths ?? []).map { NamedPath("--reference", $0) })
        }
        var settings = FeatureSettings(threshold: UInt8(threshold), dilationRadius: dilationRadius, set: featureSet, maxPixels: UInt64(maxPixels))
        if let referenceSet {
            settings.realism = cache.realism(of: referenceSet, jobs: jobs, command: "features")
        }
        let (files, shardRecord) = try sharding.select(listing)
        let progress = ProgressLine(label: "features", total: files.count)
        let rows = FeatureExtraction.rows(for: files, settings: settings, jobs: jobs, progress: progress.update)
        progress.finish()
        let tableSettings = FeatureTableSettings(settings, toolVersion: Ganfilter.version, maskSizes: MaskSizes(of: rows))
        try FeatureTable.write(rows, as: format ?? FeatureTable.Format(outputNamed: output), settings: tableSettings, indexColumn: listing.hasStacks, to: output)
        try shardRecord(rows.count)?.write(beside: output)

        let seconds = (clock.now - start).seconds
        let errors = rows.filter { $0.status == .error }
        for row in errors.prefix(5) {
            StandardError.print("ganfilter features: \(row.file): \(row.error ?? "")")
        }
        if errors.count > 5 {
            StandardError.print("ganfilter features: ... and \(errors.count - 5) more errors (see the error column)")
        }
        FeatureRow.notes(rows, threshold: UInt8(threshold), reference: referenceSet).forEach { StandardError.print("ganfilter features: note: \($0)") }
        let ok = rows.filter { $0.status == .ok }.count
        let empty = rows.filter { $0.status == .empty }.count
        let rate = seconds > 0 ? Double(rows.count) / seconds : 0
        StandardError.print("ganfilter features: \(rows.count) masks, \(ok) ok, \(empty) empty, \(errors.count) error"
            + String(format: " in %.2f s (%.0f masks/s)", seconds, rate))
        let status = BatchOutcome(total: rows.count, failed: errors.count).exitStatus
        if status != 0 { throw ExitCode(status) }
    }
}
