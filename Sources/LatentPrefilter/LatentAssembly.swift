import FileIO
import Learning
import Matrices
import NumpyFormats

/// Builds a latent dataset from a generation run: the latent vectors (row i is vector i) joined with what was
/// learned of each image, one outcome row per image.
///
/// Outcome rows name their vector explicitly (`Join`): by an `index` column (0-based), by the number in their
/// file's name, or by their position only when asked to and the counts match; never by a sort order. They may
/// carry a `group`, the five scores (all or none), `valid`, any 0/1 columns (`BinaryField`: also good/bad, so a
/// labels file is an outcome table), and `decision` as `ganfilter filter`
/// writes it (`accept` becomes `passed = 1`, `reject` 0, `error` leaves the row out). Other columns (`file`,
/// `probability`, ...) are not carried over and are named in `ignoredColumns`.
public struct LatentAssembly: Sendable {
    /// The joined records, in vector order.
    public let dataset: LatentDataset
    /// Outcome rows left out, with their line and why.
    public let issues: [DatasetIssue]
    /// Outcome columns not carried over.
    public let ignoredColumns: [IgnoredColumn]
    /// Vectors that no outcome row names (a vector whose row was left out is in `issues` instead).
    public let vectorsWithoutOutcome: Int
    /// Joined by position, the rows whose file name holds another vector's number (`img_10.png` at position 2,
    /// as a listing sorted by name puts it): how many, and the first with its line. Such a join is what the user
    /// asked for, and likely not what they meant; nil when no name disagrees.
    public let positionDisagreements: (count: Int, line: Int, file: String, position: Int)?
    /// Joined by name, which run of digits numbered the names when it was not each name's last (`NameNumbering`),
    /// with an example and its line; nil otherwise.
    public let nameNote: String?

    /// A warning for `positionDisagreements`, naming the first row and the option that joins by name.
    public var positionWarning: String? {
        positionDisagreements.map { doubt in
            "\(doubt.count) rows joined by position name another vector in their file name, such as line \(doubt.line), "
                + "\(Excerpt.quoted(doubt.file)), joined to vector \(doubt.position); if the names number the vectors, join by "
                + "them with --index-from-name"
        }
    }

    /// An outcome column that is not carried over: text such as a file name, or a measurement.
    public struct IgnoredColumn: Sendable, CustomStringConvertible {
        /// The column's name in the header.
        public let name: String
        /// The first row holding a fraction (a probability, a score), when a column of mostly 0/1 values is left
        /// out for one: its line and the field.
        public let fraction: (line: Int, value: String)?

        /// The name, and for a column of mostly 0/1 the number that made it a measurement.
        public var description: String {
            fraction.map { "\(name) (not a 0/1 target: line \($0.line) holds \(Excerpt.quoted($0.value)))" } ?? name
        }
    }

    /// How an outcome row names its vector.
    public enum Join: Sendable, Equatable {
        /// The `index` column (0-based), which `features` and `filter` write for masks read from an array.
        case indexColumn
        /// A run of ASCII digits in the base name of the `file` column, the last that differs between the names
        /// (`NameNumbering`: `img_0012.png` is vector 12, `run/z.npy[7]` is vector 7, and `img_12_256x256.png` is
        /// 12 when every name ends in `256x256`); a name without digits is an issue of its row.
        case indexFromName
        /// Row i is vector i; only when the outcomes have exactly as many rows as there are vectors.
        case byPosition
    }

    /// Joins all of `vectors` with `outcomes` (read from `path`) as `join` says; `group` names the group when the
    /// outcomes have no `group` column. Without `join`, the `index` column is used, and its absence is an error
    /// that shows two rows and the ways to join them.
    public init(vectors: some VectorSource, outcomes: CSVTable, path: String, group: String?, join: Join? = nil) throws(CSVTable.ParseError) {
        var latents: [Double] = []
        // Vectors of a known count (a `.npy`'s header) go into storage made once; a CSV's grow as they are read.
        var budget = MemoryBudget()
        if let rows = vectors.knownRowCount {
            let (values, overflow) = rows.multipliedReportingOverflow(by: vectors.columns)
            let bytes = values.multipliedReportingOverflow(by: 8)
            try budget.take(overflow || bytes.overflow ? Int.max : bytes.partialValue, count: rows, what: "vectors", line: 0, of: vectors.path)
            if !overflow { latents.reserveCapacity(values) }
        }
        do {
            while let block = try vectors.nextBlock(maxRows: 65_536) {
                latents += block.values
                if vectors.knownRowCount == nil {
                    try budget.take(MemoryBudget.grownElementBytes(stride: 8) * block.values.count, count: latents.count / max(vectors.columns, 1), what: "vectors",
                                    line: 0, of: vectors.path)
                }
            }
        } catch let error as VectorFileError {
            throw CSVTable.ParseError(path: error.path, line: 0, reason: error.reason)
        } catch let error as CSVTable.ParseError {
            throw error
        } catch {
            throw CSVTable.ParseError(path: vectors.path, line: 0, reason: "\(error)")
        }
        let vectorCount = latents.count / max(vectors.columns, 1)
        let header = outcomes.header
        let indexColumn = header.firstIndex(of: "index")
        let fileColumn = header.firstIndex(of: "file")
        let examples = outcomes.records.prefix(2).map { record in
            "line \(record.line): " + (fileColumn.flatMap { $0 < record.fields.count ? Excerpt.quoted(record.fields[$0]) : nil }
                                       ?? Excerpt.quoted(record.fields.joined(separator: ",")))
        }.joined(separator: "; ")
        switch join ?? .indexColumn {
        case .indexColumn where indexColumn == nil:
            throw CSVTable.ParseError(path: path, line: 1, reason: "no index column names each row's vector (rows such as \(examples)); "
                + "join by the number in the file name (--index-from-name: the last run of digits of the base name that differs between the names), or by "
                + "position when row i is vector i (--by-position, \(outcomes.records.count) rows for \(vectorCount) vectors)")
        case .indexFromName where fileColumn == nil:
            throw CSVTable.ParseError(path: path, line: 1, reason: "joining by name needs a file column; the header is "
                + Excerpt.quoted(header.joined(separator: ",")))
        case .indexFromName where indexColumn != nil, .byPosition where indexColumn != nil:
            throw CSVTable.ParseError(path: path, line: 1, reason: "the outcomes have an index column; it names each row's vector "
                + "(leave out --index-from-name and --by-position)")
        case .byPosition where outcomes.records.count != vectorCount:
            throw CSVTable.ParseError(path: path, line: 1, reason: "joining by position needs one row per vector: "
                + "\(outcomes.records.count) rows for \(vectorCount) vectors (rows such as \(examples))")
        default:
            break
        }
        let groupColumn = header.firstIndex(of: "group")
        guard groupColumn != nil || group != nil else {
            throw CSVTable.ParseError(path: path, line: 1, reason: "no group column: name the group with --group")
        }
        let scoreColumns = LatentDataset.scoreNames.compactMap { header.firstIndex(of: $0) }
        guard scoreColumns.isEmpty || scoreColumns.count == LatentDataset.scoreNames.count else {
            throw CSVTable.ParseError(path: path, line: 1, reason: "the five scores come together, or not at all")
        }
        let decisionColumn = header.firstIndex(of: "decision")
        let taken = Set([indexColumn, groupColumn, decisionColumn].compactMap { $0 } + scoreColumns)
        // `filter`'s probability is its score, never a target (a tree's is often exactly 0 or 1, and empty for an
        // empty mask).
        let scoreOfDecision = decisionColumn.flatMap { _ in header.firstIndex(of: "probability") }
        // Candidate 0/1 columns. After the pass, a column at least half of whose rows hold 0/1, and none a
        // fraction, is a target, and its other rows (a typo such as 2 or yes, an empty field) are issues. A column
        // with fewer 0/1 rows (a file name) or with a fraction (a score, which a realism score makes exactly 1 for
        // many masks) is a measurement and is not carried over: never a reason to leave rows out.
        let binaryCandidates = header.indices.filter { !taken.contains($0) }
        var binaryValues: [[Bool?]] = Array(repeating: [], count: binaryCandidates.count)
        var otherValues: [[Int: String]] = Array(repeating: [:], count: binaryCandidates.count)
        var fraction: [(line: Int, value: String)?] = Array(repeating: nil, count: binaryCandidates.count)

        let numbering = fileColumn.flatMap { column in
            indexColumn == nil ? NameNumbering(names: outcomes.records.lazy.compactMap { column < $0.fields.count ? $0.fields[column] : nil }) : nil
        }
        var rowOfVector: [Int: Int] = [:]
        var namedVectors = Set<Int>()
        var disagreements: (count: Int, line: Int, file: String, position: Int)?
        var records: [(vector: Int, group: String, scores: [Double], passed: Bool?)] = []
        var issues: [DatasetIssue] = []
        rows: for (position, record) in outcomes.records.enumerated() {
            let fields = record.fields
            guard fields.count == header.count else {
                issues.append(DatasetIssue(line: record.line, reason: "\(fields.count) fields where the header has \(header.count)"))
                continue
            }
            let vector: Int
            if let indexColumn {
                guard let index = RowIndex.parse(fields[indexColumn]) else {
                    issues.append(DatasetIssue(line: record.line, reason: "index must be a whole number >= 0, got \(Excerpt.quoted(fields[indexColumn]))"))
                    continue
                }
                vector = index
            } else if join == .indexFromName, let fileColumn, let numbering {
                guard let index = numbering.index(of: fields[fileColumn]) else {
                    issues.append(DatasetIssue(line: record.line, reason: "no number in the file name \(Excerpt.quoted(fields[fileColumn]))"))
                    continue
                }
                vector = index
            } else {
                vector = position
                if let fileColumn, let named = numbering?.index(of: fields[fileColumn]), named != position {
                    disagreements = disagreements.map { ($0.count + 1, $0.line, $0.file, $0.position) }
                        ?? (1, record.line, fields[fileColumn], position)
                }
            }
            guard vector < vectorCount else {
                issues.append(DatasetIssue(line: record.line, reason: "vector \(vector) does not exist (\(vectorCount) vectors)"))
                continue
            }
            namedVectors.insert(vector)
            // Unreadable CSV vectors come back as NaN; NaN or Inf cannot be trained on either.
            guard latents[vector * vectors.columns..<(vector + 1) * vectors.columns].allSatisfy(\.isFinite) else {
                issues.append(DatasetIssue(line: record.line, reason: "vector \(vector) is unreadable or not finite"))
                continue
            }
            if let earlier = rowOfVector[vector] {
                issues.append(DatasetIssue(line: record.line, reason: "vector \(vector) already has an outcome (line \(earlier))"))
                continue
            }
            var scores: [Double] = []
            for column in scoreColumns {
                guard let value = Double(fields[column].trimmingWhitespace()), value.isFinite else {
                    issues.append(DatasetIssue(line: record.line, reason: "\(header[column]) is not a finite number: \(Excerpt.quoted(fields[column]))"))
                    continue rows
                }
                scores.append(value)
            }
            var passed: Bool?
            if let decisionColumn {
                switch fields[decisionColumn].trimmingWhitespace() {
                case "accept": passed = true
                case "reject": passed = false
                case "error":
                    issues.append(DatasetIssue(line: record.line, reason: "the image could not be read (decision error)"))
                    continue rows
                default:
                    issues.append(DatasetIssue(line: record.line, reason: "decision must be accept, reject or error, got \(Excerpt.quoted(fields[decisionColumn]))"))
                    continue rows
                }
            }
            let rowGroup = groupColumn.map { fields[$0] } ?? group ?? ""
            if let problem = GroupName.problem(rowGroup) {
                issues.append(DatasetIssue(line: record.line, reason: problem))
                continue
            }
            rowOfVector[vector] = record.line
            records.append((vector, rowGroup, scores, passed))
            for (slot, column) in binaryCandidates.enumerated() {
                let value = BinaryField.value(fields[column])
                if value == nil {
                    otherValues[slot][records.count - 1] = fields[column]
                    if fraction[slot] == nil, let number = Double(fields[column].trimmingWhitespace()),
                       number.isFinite, number.rounded() != number {
                        fraction[slot] = (record.line, fields[column])
                    }
                }
                binaryValues[slot].append(value)
            }
        }
        let targetSlots = binaryCandidates.indices.filter { slot in
            let binary = records.count - otherValues[slot].count
            return binary > 0 && 2 * binary >= records.count && fraction[slot] == nil && binaryCandidates[slot] != scoreOfDecision
        }
        var leftOut = Set<Int>()
        for slot in targetSlots {
            for (record, value) in otherValues[slot].sorted(by: { $0.key < $1.key }) where leftOut.insert(record).inserted {
                issues.append(DatasetIssue(line: rowOfVector[records[record].vector] ?? 0,
                                           reason: "\(header[binaryCandidates[slot]]) must be \(BinaryField.spellings), got \(Excerpt.quoted(value))"))
            }
        }
        if !leftOut.isEmpty {
            for record in leftOut { rowOfVector[records[record].vector] = nil }
            let kept = records.indices.filter { !leftOut.contains($0) }
            records = kept.map { records[$0] }
            binaryValues = binaryValues.map { values in kept.map { values[$0] } }
            issues.sort { $0.line < $1.line }
        }

        let order = records.indices.sorted { records[$0].vector < records[$1].vector }
        let columns = vectors.columns
        var z: [Double] = []
        z.reserveCapacity(order.count * columns)
        for index in order {
            let vector = records[index].vector
            z += latents[vector * columns..<(vector + 1) * columns]
        }
        var targets: [String: [Bool]] = [:]
        var ignored: [IgnoredColumn] = []
        for (slot, column) in binaryCandidates.enumerated() {
            if targetSlots.contains(slot) {
                targets[header[column]] = order.map { binaryValues[slot][$0] ?? false }
            } else {
                let mostlyBinary = 2 * (records.count - otherValues[slot].count) >= records.count
                ignored.append(IgnoredColumn(name: header[column], fraction: mostlyBinary ? fraction[slot] : nil))
            }
        }
        if decisionColumn != nil { targets["passed"] = order.map { records[$0].passed ?? false } }
        let scoreMatrix = Matrix(rows: order.count, columns: scoreColumns.count, values: order.flatMap { records[$0].scores })
            ?? Matrix(rows: 0, columns: scoreColumns.count)
        if !scoreColumns.isEmpty {
            let fromScores = (0..<order.count).map { row in (0..<scoreColumns.count).allSatisfy { scoreMatrix[row, $0] > 0 } }
            if let stated = targets["valid"], stated != fromScores {
                let row = zip(stated, fromScores).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? 0
                throw CSVTable.ParseError(path: path, line: rowOfVector[records[order[row]].vector] ?? 0,
                                          reason: "valid contradicts the scores (valid = all five scores > 0)")
            }
            targets["valid"] = fromScores
        }
        guard !targets.isEmpty || records.isEmpty else {
            throw CSVTable.ParseError(path: path, line: 1, reason: "no column says which images were good: give decision (as ganfilter "
                + "filter writes it), valid or the five scores, or a column of \(BinaryField.spellings) such as a labels file's label "
                + "(columns read and not carried over: \(ignored.map(\.description).joined(separator: ", ")))")
        }
        dataset = LatentDataset(groups: order.map { records[$0].group }, scores: scoreMatrix,
                                latents: Matrix(rows: order.count, columns: columns, values: z) ?? Matrix(rows: 0, columns: columns),
                                targets: targets)
        self.issues = issues
        ignoredColumns = ignored
        vectorsWithoutOutcome = vectorCount - namedVectors.count
        positionDisagreements = disagreements
        if join == .indexFromName, let numbering, let fileColumn,
           let record = outcomes.records.first(where: { fileColumn < $0.fields.count && numbering.index(of: $0.fields[fileColumn]) != nil }) {
            nameNote = numbering.note(example: record.fields[fileColumn]).map { "line \(record.line): \($0)" }
        } else {
            nameNote = nil
        }
    }
}
