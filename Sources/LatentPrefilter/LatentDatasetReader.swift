import FileIO
import Learning
import Matrices
import NumpyFormats

extension LatentDataset {
    /// Reads a latent dataset CSV (plain or `.csv.gz`) or `.npz` archive. Columns are found by name: `group` and `z0`... are
    /// required (`d` is the number of `z` columns); the five scores come all together or not at all; `valid`
    /// is read when present and derived from the scores otherwise (a score passes when > 0); every other
    /// column whose values are all 0/1 (`1`, `0`, `true`, `false`, `good`, `bad`: `BinaryField`) becomes a target. Rows with missing fields,
    /// values that are not finite numbers, or a `valid` that contradicts the scores are returned as issues,
    /// not read. Numbers are read correctly rounded (`DoubleParser`).
    /// A `.npz` archive is read by `read(archive:group:)`; `group` names the one group of an archive without
    /// a `group` array (a CSV always has its column). A CSV is parsed on up to `jobs` threads, with the same
    /// result for any number.
    public static func read(_ path: String, group: String? = nil, jobs: Int = 1) throws(CSVTable.ParseError) -> (dataset: LatentDataset, issues: [DatasetIssue]) {
        if NpzArchive.isArchive(path) { return try read(archive: path, group: group) }
        let stream = try CSVStream(contentsOf: path)
        let layout = try CSVLayout(header: stream.header, path: path)
        var rows = Rows(layout: layout)
        var reserved = false
        var budget = MemoryBudget()
        try stream.forEachBlock(jobs: jobs, transform: { block in (layout.rows(of: block), block.count > 0 ? block.line(block.count - 1) : 0) }) {
            (read: (rows: Rows, line: Int)) throws(CSVTable.ParseError) in
            let block = read.rows
            if !reserved, block.groups.count > 0 {
                // A plain file's size tells roughly how many rows follow: one allocation, not a doubling series.
                reserved = true
                // A row has a byte a field at least, so it never holds more than fileSize / fields rows.
                let estimate = Double(stream.fileSize) / Double(max(1, block.byteCount)) * Double(block.groups.count) * 1.02
                rows.reserve(Int(min(estimate, Double(stream.fileSize / max(1, layout.header.count)))))
            }
            rows.append(block)
            try budget.take(block.heldBytes, count: rows.groups.count + rows.issues.count, what: "records", line: read.line, of: path)
        }
        return (rows.dataset(layout), rows.issues)
    }

    /// Where the columns of a latent dataset CSV are, from its header.
    struct CSVLayout: Sendable {
        let header: [String]
        let group: Int
        let valid: Int?
        let scores: [Int]
        let z: [Int]
        let extras: [Int]

        init(header: [String], path: String) throws(CSVTable.ParseError) {
            var seen = Set<String>()
            for name in header where !seen.insert(name).inserted {
                throw CSVTable.ParseError(path: path, line: 1, reason: "the column \(name) appears more than once in the header")
            }
            let group = try CSVTable.column("group", in: header, path: path)
            scores = scoreNames.compactMap { header.firstIndex(of: $0) }
            guard scores.isEmpty || scores.count == scoreNames.count else {
                let missing = scoreNames.filter { !header.contains($0) }.joined(separator: ", ")
                throw CSVTable.ParseError(path: path, line: 1, reason: "the five scores come together: \(missing) missing")
            }
            var z: [Int] = []
            while let index = header.firstIndex(of: "z\(z.count)") { z.append(index) }
            guard !z.isEmpty else { throw CSVTable.ParseError(path: path, line: 1, reason: "no z0 column") }
            let isZ = { (name: String) in name.hasPrefix("z") && Int(name.dropFirst()) != nil }
            guard header.filter(isZ).count == z.count else {
                throw CSVTable.ParseError(path: path, line: 1, reason: "the z columns must be z0 ... z(d-1) without gaps")
            }
            let known = Set(["group", "valid"] + scoreNames)
            self.header = header
            self.group = group
            self.valid = header.firstIndex(of: "valid")
            self.z = z
            extras = header.indices.filter { !known.contains(header[$0]) && !isZ(header[$0]) }
        }

        /// The usable rows of `block` and the issues of the others.
        func rows(of block: CSVBlock) -> Rows {
            var rows = Rows(layout: self)
            rows.byteCount = block.byteCount
            rows.reserve(block.count)
            var rowScores = [Double](repeating: 0, count: scores.count)
            var lastGroup: String?  // the last name checked and found good
            records: for record in 0..<block.count {
                let line = block.line(record)
                let fieldCount = block.fieldCount(record)
                guard fieldCount == header.count else {
                    rows.issues.append(DatasetIssue(line: line, reason: "\(fieldCount) fields where the header has \(header.count)"
                        + (fieldCount < header.count ? " (missing fields or z values)" : "")))
                    continue
                }
                let notNumber = { (name: String, column: Int) in
                    DatasetIssue(line: line, reason: "\(name) is not a finite number: \(Excerpt.quoted(block.string(record, column)))")
                }
                if let bad = rowScores.withUnsafeMutableBufferPointer({ block.finiteDoubles(record, columns: scores, into: $0) }) {
                    rows.issues.append(notNumber(scoreNames[bad], scores[bad]))
                    continue
                }
                let start = rows.latents.count
                rows.latents.append(contentsOf: repeatElement(0, count: z.count))
                if let bad = rows.latents.withUnsafeMutableBufferPointer({
                    block.finiteDoubles(record, columns: z, into: UnsafeMutableBufferPointer(rebasing: $0[start...]))
                }) {
                    rows.latents.removeSubrange(start...)
                    rows.issues.append(notNumber("z\(bad)", z[bad]))
                    continue
                }
                let scoresSayValid = scores.isEmpty ? nil : rowScores.allSatisfy { $0 > 0 }
                var isValid = scoresSayValid
                if let valid {
                    guard let stated = binary(block, record, valid) else {
                        rows.latents.removeSubrange(start...)
                        rows.issues.append(DatasetIssue(line: line, reason: "valid must be 0 or 1, got \(Excerpt.quoted(block.string(record, valid)))"))
                        continue
                    }
                    if let scoresSayValid, stated != scoresSayValid {
                        rows.latents.removeSubrange(start...)
                        rows.issues.append(DatasetIssue(line: line, reason: "valid is \(stated ? 1 : 0) but the scores say \(stated ? 0 : 1) (valid = all five scores > 0)"))
                        continue
                    }
                    isValid = stated
                }
                let name = block.string(record, group)
                if name != lastGroup {
                    if let problem = GroupName.problem(name) {
                        rows.latents.removeSubrange(start...)
                        rows.issues.append(DatasetIssue(line: line, reason: problem))
                        continue records
                    }
                    lastGroup = name
                }
                rows.groups.append(name)
                if let isValid { rows.valid.append(isValid) }
                rows.scores.append(contentsOf: rowScores)
                for (slot, column) in extras.enumerated() { rows.extras[slot].append(binary(block, record, column)) }
            }
            return rows
        }

        /// Field `column` of `record` as 0/1 (`BinaryField`), without making a string of a plain `0` or `1`.
        private func binary(_ block: CSVBlock, _ record: Int, _ column: Int) -> Bool? {
            let plain = block.withField(record, column) { bytes -> Bool? in
                bytes.count == 1 && (bytes[0] == UInt8(ascii: "0") || bytes[0] == UInt8(ascii: "1")) ? bytes[0] == UInt8(ascii: "1") : nil
            }
            return plain ?? BinaryField.value(block.string(record, column))
        }
    }

    /// Rows read from a CSV, in file order, column by column.
    struct Rows: Sendable {
        var groups: [String] = []
        var valid: [Bool] = []
        var scores: [Double] = []
        var latents: [Double] = []
        var extras: [[Bool?]]
        var issues: [DatasetIssue] = []
        /// The bytes of text the rows come from.
        var byteCount = 0
        let scoreCount: Int, dimensions: Int

        init(layout: CSVLayout) {
            extras = Array(repeating: [], count: layout.extras.count)
            scoreCount = layout.scores.count
            dimensions = layout.z.count
        }

        /// Room for `count` rows.
        mutating func reserve(_ count: Int) {
            groups.reserveCapacity(count)
            valid.reserveCapacity(count)
            scores.reserveCapacity(count * scoreCount)
            latents.reserveCapacity(count * dimensions)
            HugePages.advise(&latents)
        }

        /// Appends the rows (and issues) that follow.
        mutating func append(_ next: Rows) {
            groups += next.groups
            valid += next.valid
            scores += next.scores
            latents += next.latents
            for slot in extras.indices { extras[slot] += next.extras[slot] }
            issues += next.issues
        }

        /// What these rows take in memory (`MemoryBudget`), in the columns they grow in; the dataset's matrices share
        /// their numbers' storage.
        var heldBytes: Int {
            let grown = MemoryBudget.grownElementBytes(stride: 1)
            return groups.reduce(0) { $0 + MemoryBudget.stringBytes($1) - 16 } + grown * (16 * groups.count + valid.count + 8 * (scores.count + latents.count))
                + extras.reduce(0) { $0 + grown * 9 * $1.count } + issues.reduce(0) { $0 + grown * 24 + MemoryBudget.stringBytes($1.reason) - 16 }
        }

        /// The dataset these rows make.
        func dataset(_ layout: CSVLayout) -> LatentDataset {
            var targets: [String: [Bool]] = [:]
            if layout.valid != nil || !layout.scores.isEmpty { targets["valid"] = valid }
            for (slot, column) in layout.extras.enumerated() {
                // A column with any value other than 0/1 (a file name, a probability) is not a target.
                let values = extras[slot].compactMap { $0 }
                if values.count == groups.count { targets[layout.header[column]] = values }
            }
            return LatentDataset(
                groups: groups,
                scores: Matrix(rows: groups.count, columns: scoreCount, values: scores) ?? Matrix(rows: 0, columns: scoreCount),
                latents: Matrix(rows: groups.count, columns: dimensions, values: latents) ?? Matrix(rows: 0, columns: dimensions),
                targets: targets)
        }
    }
}
