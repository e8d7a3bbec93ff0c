import FileIO
import Learning

extension LatentDataset {
    /// Reads a latent dataset CSV (plain or `.csv.gz`) or `.npz` archive. Columns are found by name: `group` and `z0`... are
    /// required (`d` is the number of `z` columns); the five scores come all together or not at all; `valid`
    /// is read when present and derived from the scores otherwise (a score passes when > 0); every other
    /// column whose values are all 0/1 (`1`, `0`, `true`, `false`) becomes a target. Rows with missing fields,
    /// values that are not finite numbers, or a `valid` that contradicts the scores are returned as issues,
    /// not read.
    /// A `.npz` archive is read by `read(archive:group:)`; `group` names the one group of an archive without
    /// a `group` array (a CSV always has its column).
    public static func read(_ path: String, group: String? = nil) throws(CSVTable.ParseError) -> (dataset: LatentDataset, issues: [DatasetIssue]) {
        if path.lowercased().hasSuffix(".npz") { return try read(archive: path, group: group) }
        return try read(try CSVTable(contentsOf: path), path: path)
    }

    /// Reads a latent dataset from a parsed CSV table; `path` names the file in errors.
    public static func read(_ table: CSVTable, path: String) throws(CSVTable.ParseError) -> (dataset: LatentDataset, issues: [DatasetIssue]) {
        var seen = Set<String>()
        for name in table.header where !seen.insert(name).inserted {
            throw CSVTable.ParseError(path: path, line: 1, reason: "the column \(name) appears more than once in the header")
        }
        let groupColumn = try table.column("group", path: path)
        let validColumn = table.header.firstIndex(of: "valid")
        let scoreColumns = scoreNames.compactMap { table.header.firstIndex(of: $0) }
        guard scoreColumns.isEmpty || scoreColumns.count == scoreNames.count else {
            let missing = scoreNames.filter { !table.header.contains($0) }.joined(separator: ", ")
            throw CSVTable.ParseError(path: path, line: 1, reason: "the five scores come together: \(missing) missing")
        }
        var zColumns: [Int] = []
        while let index = table.header.firstIndex(of: "z\(zColumns.count)") { zColumns.append(index) }
        guard !zColumns.isEmpty else { throw CSVTable.ParseError(path: path, line: 1, reason: "no z0 column") }
        let isZ = { (name: String) in name.hasPrefix("z") && Int(name.dropFirst()) != nil }
        guard table.header.filter(isZ).count == zColumns.count else {
            throw CSVTable.ParseError(path: path, line: 1, reason: "the z columns must be z0 ... z(d-1) without gaps")
        }
        let known = Set(["group", "valid"] + scoreNames)
        let extraColumns = table.header.indices.filter { !known.contains(table.header[$0]) && !isZ(table.header[$0]) }

        var groups: [String] = []
        var valid: [Bool] = []
        var scores: [Double] = []
        var latents: [Double] = []
        var extras: [[Bool?]] = Array(repeating: [], count: extraColumns.count)
        var issues: [DatasetIssue] = []
        rows: for record in table.records {
            let fields = record.fields
            guard fields.count == table.header.count else {
                issues.append(DatasetIssue(line: record.line, reason: "\(fields.count) fields where the header has \(table.header.count)"
                    + (fields.count < table.header.count ? " (missing fields or z values)" : "")))
                continue
            }
            var rowScores: [Double] = []
            for (name, column) in zip(scoreNames, scoreColumns) {
                guard let value = Double(fields[column].trimmingWhitespace()), value.isFinite else {
                    issues.append(DatasetIssue(line: record.line, reason: "\(name) is not a finite number: \(Excerpt.quoted(fields[column]))"))
                    continue rows
                }
                rowScores.append(value)
            }
            var rowLatents: [Double] = []
            for (index, column) in zColumns.enumerated() {
                guard let value = Double(fields[column].trimmingWhitespace()), value.isFinite else {
                    issues.append(DatasetIssue(line: record.line, reason: "z\(index) is not a finite number: \(Excerpt.quoted(fields[column]))"))
                    continue rows
                }
                rowLatents.append(value)
            }
            let scoresSayValid = rowScores.isEmpty ? nil : rowScores.allSatisfy { $0 > 0 }
            var isValid = scoresSayValid
            if let validColumn {
                guard let stated = binary(fields[validColumn]) else {
                    issues.append(DatasetIssue(line: record.line, reason: "valid must be 0 or 1, got \(Excerpt.quoted(fields[validColumn]))"))
                    continue rows
                }
                if let scoresSayValid, stated != scoresSayValid {
                    issues.append(DatasetIssue(line: record.line, reason: "valid is \(stated ? 1 : 0) but the scores say \(stated ? 0 : 1) (valid = all five scores > 0)"))
                    continue rows
                }
                isValid = stated
            }
            if let problem = GroupName.problem(fields[groupColumn]) {
                issues.append(DatasetIssue(line: record.line, reason: problem))
                continue rows
            }
            groups.append(fields[groupColumn])
            if let isValid { valid.append(isValid) }
            scores.append(contentsOf: rowScores)
            latents.append(contentsOf: rowLatents)
            for (slot, column) in extraColumns.enumerated() { extras[slot].append(binary(fields[column])) }
        }
        var targets: [String: [Bool]] = [:]
        if validColumn != nil || !scoreColumns.isEmpty { targets["valid"] = valid }
        for (slot, column) in extraColumns.enumerated() {
            // A column with any value other than 0/1 (a file name, a probability) is not a target.
            let values = extras[slot].compactMap { $0 }
            if values.count == groups.count { targets[table.header[column]] = values }
        }
        let dataset = LatentDataset(
            groups: groups,
            scores: Matrix(rows: groups.count, columns: scoreColumns.count, values: scores) ?? Matrix(rows: 0, columns: scoreColumns.count),
            latents: Matrix(rows: groups.count, columns: zColumns.count, values: latents) ?? Matrix(rows: 0, columns: zColumns.count),
            targets: targets)
        return (dataset, issues)
    }

    /// `1`/`0` (also `1.0`, `true`, `false` in any case), trimmed; nil otherwise.
    static func binary(_ text: String) -> Bool? {
        switch text.trimmingWhitespace().lowercased() {
        case "1", "1.0", "true": return true
        case "0", "0.0", "false": return false
        default: return nil
        }
    }
}
