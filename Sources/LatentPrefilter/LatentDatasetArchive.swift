import FileIO
import Learning
import Matrices
import NumpyFormats

extension LatentDataset {
    /// Reads a latent dataset from a NumPy `.npz` archive (docs/design.md): `z` (n x d floats, widened exactly), an
    /// optional `group` (unicode strings; without it every row belongs to `group`), `valid` and the five scores
    /// when present (as in the CSV: the scores together or not at all, `valid` derived from them when absent),
    /// and every other 1-D array of n values all 0 or 1 (bool, integer or float) as a target. Rows with a
    /// non-finite value, a bad group name or a `valid` that contradicts the scores are returned as issues (their
    /// `line` is the 1-based row). The same values give the same dataset as the CSV.
    public static func read(archive path: String, group: String? = nil) throws(CSVTable.ParseError) -> (dataset: LatentDataset, issues: [DatasetIssue]) {
        func problem(_ reason: String) -> CSVTable.ParseError { CSVTable.ParseError(path: path, line: 0, reason: reason) }
        let arrays: [String: NumpyArray]
        do {
            arrays = try NpzArchive(path: path).arrays()
        } catch {
            throw CSVTable.ParseError(path: error.path, line: 0, reason: error.reason)
        }
        guard let z = arrays["z"] else { throw problem("no z array (n x d latent vectors)") }
        guard !z.isVector, z.columns > 0, case .numbers(let latents) = z.values, z.descr.contains("f") else {
            throw problem("z must be a 2-D float array (n x d), got \(z.descr) of \(z.isVector ? "one" : "two") dimensions")
        }
        let n = z.rows
        func vector(_ name: String) throws(CSVTable.ParseError) -> NumpyArray? {
            guard let array = arrays[name] else { return nil }
            guard array.isVector, array.rows == n else {
                throw problem("\(name) must be 1-D with one value per row of z (\(n)); its shape is \(array.rows)"
                    + (array.isVector ? "" : " x \(array.columns)"))
            }
            return array
        }
        var groups: [String]
        if let array = try vector("group") {
            guard case .strings(let names) = array.values else { throw problem("group must be a unicode string array, got \(array.descr)") }
            groups = names
        } else if let group {
            groups = Array(repeating: group, count: n)
        } else {
            throw problem("no group array: give --group NAME for the one group it holds")
        }
        var scoreColumns: [[Double]] = []
        for name in scoreNames {
            guard let array = try vector(name) else { continue }
            guard case .numbers(let values) = array.values else { throw problem("\(name) must be numbers, got \(array.descr)") }
            scoreColumns.append(values)
        }
        guard scoreColumns.isEmpty || scoreColumns.count == scoreNames.count else {
            throw problem("the five scores come together: \(scoreNames.filter { arrays[$0] == nil }.joined(separator: ", ")) missing")
        }
        var stated: [Bool?]?
        if let array = try vector("valid") {
            guard case .numbers(let values) = array.values else { throw problem("valid must be 0/1 numbers, got \(array.descr)") }
            stated = values.map { $0 == 1 ? true : ($0 == 0 ? false : nil) }
        }
        // Every other 1-D array of 0/1 values is a target; one with other values is not (as a CSV column).
        var extras: [(String, [Bool])] = []
        for name in arrays.keys.sorted() where !["z", "group", "valid"].contains(name) && !scoreNames.contains(name) {
            guard let array = try vector(name), case .numbers(let values) = array.values,
                  values.allSatisfy({ $0 == 0 || $0 == 1 }) else { continue }
            extras.append((name, values.map { $0 == 1 }))
        }

        var keep: [Int] = [], valid: [Bool] = [], issues: [DatasetIssue] = []
        rows: for row in 0..<n {
            for column in 0..<z.columns where !latents[row * z.columns + column].isFinite {
                issues.append(DatasetIssue(line: row + 1, reason: "row \(row): z\(column) is not a finite number"))
                continue rows
            }
            for (name, values) in zip(scoreNames, scoreColumns) where !values[row].isFinite {
                issues.append(DatasetIssue(line: row + 1, reason: "row \(row): \(name) is not a finite number"))
                continue rows
            }
            let scoresSayValid = scoreColumns.isEmpty ? nil : scoreColumns.allSatisfy { $0[row] > 0 }
            var isValid = scoresSayValid
            if let stated {
                guard let value = stated[row] else {
                    issues.append(DatasetIssue(line: row + 1, reason: "row \(row): valid must be 0 or 1"))
                    continue rows
                }
                if let scoresSayValid, value != scoresSayValid {
                    issues.append(DatasetIssue(line: row + 1, reason: "row \(row): valid is \(value ? 1 : 0) but the scores say \(value ? 0 : 1) (valid = all five scores > 0)"))
                    continue rows
                }
                isValid = value
            }
            if let problem = GroupName.problem(groups[row]) {
                issues.append(DatasetIssue(line: row + 1, reason: "row \(row): \(problem)"))
                continue rows
            }
            keep.append(row)
            if let isValid { valid.append(isValid) }
        }
        var targets: [String: [Bool]] = [:]
        if stated != nil || !scoreColumns.isEmpty { targets["valid"] = valid }
        for (name, values) in extras { targets[name] = keep.map { values[$0] } }
        let latentMatrix = Matrix(rows: n, columns: z.columns, values: latents) ?? Matrix(rows: 0, columns: z.columns)
        var scoreValues: [Double] = []
        scoreValues.reserveCapacity(keep.count * scoreColumns.count)
        for row in keep { for column in scoreColumns { scoreValues.append(column[row]) } }
        let dataset = LatentDataset(
            groups: keep.map { groups[$0] },
            scores: Matrix(rows: keep.count, columns: scoreColumns.count, values: scoreValues) ?? Matrix(rows: 0, columns: scoreColumns.count),
            latents: latentMatrix.selecting(rows: keep), targets: targets)
        return (dataset, issues)
    }

    /// Writes the dataset as a `.npz` archive that `read(archive:)` reads back to the same values: `group`,
    /// `z` (float64, exact), each target (bool) and the scores (float64).
    public func writeArchive(to path: String) throws(OutputError) {
        var members: [NpzWriter.Member] = [.strings("group", groups), .float64("z", latents.values, shape: [count, latents.columns])]
        for name in targetNames { if let values = targets[name] { members.append(.bool(name, values)) } }
        if scores.columns == Self.scoreNames.count {
            for (column, name) in Self.scoreNames.enumerated() {
                members.append(.float64(name, (0..<count).map { scores[$0, column] }, shape: [count]))
            }
        }
        try NpzWriter.write(members, to: path)
    }
}
