import ArgumentParser
import FileIO
import LatentPrefilter
import Reports

/// `ganfilter latent assemble`: a latent dataset from a generation run's vectors and per-image outcomes.
struct LatentAssembleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assemble",
        abstract: "Join latent vectors with per-image outcomes into a latent dataset to train on.",
        discussion: """
            Row i of --vectors is the latent vector of image i. Each row of --outcomes describes one image and \
            names its vector explicitly: by an index column (0-based; `features` and `filter` write it for masks \
            read from an array), by the number in its file name (--index-from-name: the last run of digits in \
            the base name of the file column that differs between the names, so img_0012.png and z.npy[12] are \
            vector 12, and img_12_256x256.png is 12 when every name ends in 256x256), or by its position \
            (--by-position, only when there are as many rows as vectors; it warns when the file names number \
            other vectors). Without an index column and without \
            either option the command stops and shows two rows. Outcomes may hold a group column \
            (else give --group), the five scores (score_shape ... score_left2right, all or none; valid is then \
            derived), valid, any 0/1 or good/bad columns (a labels file's label: the page's labels.csv is an outcome \
            table), and decision as `ganfilter filter` writes it (accept becomes \
            passed = 1, reject 0; error rows are left out). Other columns (file, probability, ...) are not \
            carried over. The dataset (.csv, .csv.gz or .npz, as the name ends) is written atomically, rows in \
            vector order, and trains with `ganfilter latent train --target passed` (or valid, or any 0/1 column, such as label). \
            Outcomes with no such column are refused.

            `ganfilter filter` sorts decisions.csv by file name (img_10.png before img_2.png), so its row order \
            is not the vectors' order: join its rows with --index-from-name.

            Rows that cannot be joined (no such vector, a vector named twice, a non-number) are listed with their \
            line on standard error and in --issues.

            Example: ganfilter latent assemble --vectors z.npy --outcomes decisions.csv --group 18_24f --output run.csv

            \(ExitStatusHelp.text)
            """
    )

    @Option(help: "Latent vectors: .npy, .npz (with --member when it holds several), .csv or .csv.gz.")
    var vectors: String

    @Option(help: "The array in an .npz archive with several.")
    var member: String?

    @Option(help: "Per-image outcomes CSV (an index column, or see --index-from-name and --by-position).")
    var outcomes: String

    @Flag(help: "Join each outcome row to the vector numbered by the last run of digits in the base name of its file column that differs between the names.")
    var indexFromName = false

    @Flag(help: "Join outcome row i to vector i (the outcomes must have one row per vector).")
    var byPosition = false

    @Option(help: "The group (GAN) of every row, when the outcomes have no group column.")
    var group: String?

    @Option(name: .shortAndLong, help: "Latent dataset to write (.csv, .csv.gz or .npz).")
    var output: String

    @Option(help: "Write the rows left out (line,reason) to this CSV.")
    var issues: String?

    func validate() throws {
        guard [".npy", ".npz", ".csv", ".csv.gz"].contains(where: vectors.lowercased().hasSuffix) else {
            throw ValidationError("--vectors must be a .npy, .npz, .csv or .csv.gz file")
        }
        try OutputPath.validate(output, option: "--output", as: .latentDataset)
        if let issues { try OutputPath.validate(issues, option: "--issues", as: .csvTable) }
        guard !(indexFromName && byPosition) else { throw ValidationError("give --index-from-name or --by-position, not both") }
    }

    /// How the outcome rows name their vectors: the options given, else the index column.
    var join: LatentAssembly.Join? {
        indexFromName ? .indexFromName : byPosition ? .byPosition : nil
    }

    func run() throws {
        try OutputPath.refuseClobbering(outputs: [NamedPath("--output", output)] + (issues.map { [NamedPath("--issues", $0)] } ?? []),
                                        inputs: [NamedPath("--vectors", vectors), NamedPath("--outcomes", outcomes)])
        let assembly: LatentAssembly
        do {
            let source = try VectorSourceInput.open(vectors, member: member)
            let table = try CSVTable(contentsOf: outcomes)
            assembly = try withExtendedLifetime(source.archive) {
                try LatentAssembly(vectors: source.reader, outcomes: table, path: outcomes, group: group, join: join)
            }
        } catch {
            StandardError.print("ganfilter latent assemble: \(error)")
            throw ExitCode(2)
        }
        for issue in assembly.issues.prefix(20) { StandardError.print("\(outcomes):\(issue.line): \(issue.reason)") }
        if assembly.issues.count > 20 { StandardError.print("\(outcomes): ... \(assembly.issues.count - 20) more rows left out") }
        if let issues {
            try Gzip.writeAsNamed(Array(IssueTable.csv(assembly.issues).utf8), to: issues)
        }
        guard assembly.dataset.count > 0 else {
            StandardError.print("ganfilter latent assemble: no outcome row joined a vector")
            throw ExitCode(2)
        }
        try assembly.dataset.write(to: output, zDigits: nil)
        let dataset = assembly.dataset
        SummaryOutput(dataOutputs: [output]).say("wrote \(dataset.count) records (\(dataset.groupNames.joined(separator: ", ")); d = \(dataset.latents.columns);"
            + " targets: \(dataset.targetNames.joined(separator: ", "))) to \(output)")
        if !assembly.ignoredColumns.isEmpty {
            StandardError.print("ganfilter latent assemble: columns not carried over: \(assembly.ignoredColumns.map(\.description).joined(separator: ", "))")
        }
        if let note = assembly.nameNote { StandardError.print("ganfilter latent assemble: note: \(outcomes): \(note)") }
        if let warning = assembly.positionWarning { StandardError.print("warning: \(outcomes): \(warning)") }
        if assembly.vectorsWithoutOutcome > 0 {
            StandardError.print("ganfilter latent assemble: \(assembly.vectorsWithoutOutcome) vectors have no outcome row")
        }
        if !assembly.issues.isEmpty { throw ExitCode(1) }
    }
}
