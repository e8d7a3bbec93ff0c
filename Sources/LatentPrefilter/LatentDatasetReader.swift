import BatchFiles
import Learning

/// A row of a latent dataset left out, with its 1-based physical line (the header is line 1) and why.
public struct DatasetIssue: Equatable, Sendable {
    /// The line.
    public let line: Int
    /// Why the row was left out.
    public let reason: String
}

extension LatentDataset {
    /// Reads a latent dataset CSV. Columns are found by name (`group`, `valid`, the five scores, `z0`...);
    /// `d` is the number of `z` columns. Rows with missing fields, values that are not finite numbers, or a
    /// `valid` that contradicts the scores (a score passes when > 0) are returned as issues, not read.
    public static func read(_ path: String) throws(CSVTable.ParseError) -> (dataset: LatentDataset, issues: [DatasetIssue]) {
        let table = try CSVTable(contentsOf: path)
        let groupColumn = try table.column("group", path: path)
        let validColumn = try table.column("valid", path: path)
        var scoreColumns: [Int] = []
        for name in scoreNames { scoreColumns.append(try table.column(name, path: path)) }
        var zColumns: [Int] = []
        while let index = table.header.firstIndex(of: "z\(zColumns.count)") { zColumns.append(index) }
        guard !zColumns.isEmpty else { throw CSVTable.ParseError(path: path, line: 1, reason: "no z0 column") }
        let extraZ = table.header.filter { $0.hasPrefix("z") && Int($0.dropFirst()) != nil }.count - zColumns.count
        guard extraZ == 0 else {
            throw CSVTable.ParseError(path: path, line: 1, reason: "the z columns must be z0 ... z(d-1) without gaps")
        }

        var groups: [String] = []
        var valid: [Bool] = []
        var scores: [Double] = []
        var latents: [Double] = []
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
                guard let value = Double(fields[column]), value.isFinite else {
                    issues.append(DatasetIssue(line: record.line, reason: "\(name) is not a finite number: '\(fields[column])'"))
                    continue rows
                }
                rowScores.append(value)
            }
            var rowLatents: [Double] = []
            for (index, column) in zColumns.enumerated() {
                guard let value = Double(fields[column]), value.isFinite else {
                    issues.append(DatasetIssue(line: record.line, reason: "z\(index) is not a finite number: '\(fields[column])'"))
                    continue rows
                }
                rowLatents.append(value)
            }
            let isValid: Bool
            switch fields[validColumn].trimmingCharacters() {
            case "1", "1.0", "True", "true": isValid = true
            case "0", "0.0", "False", "false": isValid = false
            default:
                issues.append(DatasetIssue(line: record.line, reason: "valid must be 0 or 1, got '\(fields[validColumn])'"))
                continue rows
            }
            guard isValid == rowScores.allSatisfy({ $0 > 0 }) else {
                issues.append(DatasetIssue(line: record.line, reason: "valid is \(isValid ? 1 : 0) but the scores say \(isValid ? 0 : 1) (valid = all five scores > 0)"))
                continue
            }
            groups.append(fields[groupColumn])
            valid.append(isValid)
            scores.append(contentsOf: rowScores)
            latents.append(contentsOf: rowLatents)
        }
        let dataset = LatentDataset(
            groups: groups, valid: valid,
            scores: Matrix(rows: valid.count, columns: scoreNames.count, values: scores) ?? Matrix(rows: 0, columns: scoreNames.count),
            latents: Matrix(rows: valid.count, columns: zColumns.count, values: latents) ?? Matrix(rows: 0, columns: zColumns.count))
        return (dataset, issues)
    }
}
