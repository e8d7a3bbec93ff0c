import Foundation
import LatentPrefilter
import Synthesis
import TestSupport
import Testing

/// `synth latent` on 6,000 records (1,000 a group), with tolerances that hold at that size; the full
/// 60,000-record calibration is quoted in latent/README.md.
struct LatentSynthesisTests {
    @Test func synthesisWritesTheDatasetFormatsScoreColumns() {
        #expect(ScoreMarginal.study.map(\.name) == LatentDataset.scoreNames)
    }

    static let dataset = LatentSynthesis(seed: 3).dataset(records: 6000)
    static let analysis = LatentAnalysis(dataset)

    @Test func validMeansAllFiveScoresPositive() {
        for row in 0..<Self.dataset.count {
            let positive = (0..<5).allSatisfy { Self.dataset.scores[row, $0] > 0 }
            #expect(Self.dataset.valid[row] == positive)
        }
        #expect(Self.dataset.latents.columns == 128)
        #expect(Self.dataset.latents.values.allSatisfy { $0 >= -1 && $0 < 1 })
    }

    @Test func validSharesPerGroup() throws {
        for group in LatentGroup.study {
            let share = try #require(Self.analysis.groups.first { $0.group == group.name })
            #expect(share.records == 1000)
            // Binomial standard error at 1,000 records is at most 0.8 points.
            #expect(abs(share.share - group.validShare) < 0.025, "\(group.name): \(share.share)")
        }
        let all = try #require(Self.analysis.groups.last)
        #expect(all.group == "all" && abs(all.share - 0.0433) < 0.01)
    }

    @Test func quartilesNearTheStudy() {
        for (summary, marginal) in zip(Self.analysis.scores, ScoreMarginal.study) {
            // 10% of the interquartile range at 60,000 records; at 6,000 the sampling error of a quartile where the
            // density is thin (maxheat's lower quartile, next to its steep tail) needs 20%.
            let tolerance = 0.2 * (marginal.q3 - marginal.q1)
            #expect(abs(summary.q1 - marginal.q1) < tolerance, "\(summary.name) q1 \(summary.q1)")
            #expect(abs(summary.median - marginal.median) < tolerance, "\(summary.name) median \(summary.median)")
            #expect(abs(summary.q3 - marginal.q3) < tolerance, "\(summary.name) q3 \(summary.q3)")
        }
        // The heavy tails of symmetry and left2right.
        #expect(Self.analysis.scores[3].min < -10 && Self.analysis.scores[4].min < -20)
    }

    @Test func correlationsNearTheStudy() throws {
        let study: [String: Double] = [
            "score_shape|score_abnormal": 0.32, "score_shape|score_maxheat": 0.28, "score_shape|score_symmetry": 0.27,
            "score_abnormal|score_maxheat": 0.57, "score_abnormal|score_symmetry": 0.24, "score_maxheat|score_symmetry": 0.09,
            "valid|score_shape": 0.26, "valid|score_abnormal": 0.22, "valid|score_maxheat": 0.15, "valid|score_symmetry": 0.17,
            "valid|score_left2right": 0.02,
        ]
        let names = Self.analysis.correlationNames
        for (pair, target) in study {
            let parts = pair.split(separator: "|").map(String.init)
            let i = try #require(names.firstIndex(of: parts[0]))
            let j = try #require(names.firstIndex(of: parts[1]))
            let value = try #require(Self.analysis.correlations[i][j])
            // 0.1 at 60,000 records; a little more room for sampling at 6,000.
            #expect(abs(value - target) < 0.13, "\(pair): \(value)")
        }
    }

    @Test func seededAndDistributionChoice() {
        let a = LatentSynthesis(seed: 5).dataset(records: 60)
        let b = LatentSynthesis(seed: 5).dataset(records: 60)
        #expect(a.csv() == b.csv())
        #expect(LatentSynthesis(seed: 6).dataset(records: 60).csv() != a.csv())
        let normal = LatentSynthesis(distribution: .normal, seed: 5).dataset(records: 600)
        #expect(normal.latents.values.contains { abs($0) > 1 })
        #expect(a.groupNames == LatentGroup.study.map(\.name))
    }
}

struct LatentDatasetReaderTests {
    @Test func roundTripsAndListsBadRows() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let dataset = LatentSynthesis(dimensions: 3, seed: 1).dataset(records: 12)
        var text = dataset.csv()
        let header = "group,valid,score_shape,score_abnormal,score_maxheat,score_symmetry,score_left2right,z0,z1,z2"
        #expect(text.hasPrefix(header + "\n"))
        text += "18_24m,1,0.1,0.2,0.3,0.4,0.5,0.1,0.2\n"          // line 14: a z value missing
        text += "18_24m,0,0.1,nan,0.3,0.4,0.5,0.1,0.2,0.3\n"      // line 15: NaN
        text += "18_24m,1,0.1,0.2,0.3,-0.4,0.5,0.1,0.2,0.3\n"     // line 16: valid contradicts the scores
        text += "18_24m,maybe,0.1,0.2,0.3,0.4,0.5,0.1,0.2,0.3\n"  // line 17
        text += "58_64f,1,0.1,0.2,0.3,0.4,0.5,0.1,0.2,inf\n"      // line 18
        text += "58_64f,1,0.1,0.2,0.3,0.4,0.5,0.1,0.2,0.3\r\n"    // line 19: fine, CRLF
        let path = try folder.write([0xEF, 0xBB, 0xBF] + Array(text.utf8), to: "data.csv")
        let (read, issues) = try LatentDataset.read(path)
        #expect(read.count == 13)
        #expect(read.groups.prefix(12) == dataset.groups[...])
        #expect(issues.map(\.line) == [14, 15, 16, 17, 18])
        #expect(issues[0].reason.contains("missing fields or z values"))
        #expect(issues[1].reason.contains("score_abnormal is not a finite number"))
        #expect(issues[2].reason.contains("contradicts") || issues[2].reason.contains("scores say"))
        #expect(issues[4].reason.contains("z2 is not a finite number"))
    }

    @Test func headersWithoutTheColumnsAreRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for text in ["group,valid\nx,1\n", "group,valid,score_shape,score_abnormal,score_maxheat,score_symmetry,score_left2right\n",
                     "group,valid,score_shape,score_abnormal,score_maxheat,score_symmetry,score_left2right,z0,z2\n"] {
            let path = try folder.write(Array(text.utf8), to: "bad.csv")
            #expect(throws: CSVTableErrorMatcher.self) { try LatentDataset.read(path) }
        }
    }
}

/// Any CSV parse error.
typealias CSVTableErrorMatcher = any Error

/// Malformed latent CSVs from other people's scripts: each one is read with its bad rows listed by line, or
/// refused with a message naming the file and line; nothing crashes and no good row is lost.
struct LatentCSVCorpusTests {
    static let header = "group,valid,score_shape,score_abnormal,score_maxheat,score_symmetry,score_left2right,z0,z1"

    func read(_ text: String) throws -> (dataset: LatentDataset, issues: [DatasetIssue]) {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        return try LatentDataset.read(try folder.write(Array(text.utf8), to: "corpus.csv"))
    }

    func refusal(_ text: String) throws -> String {
        do {
            _ = try read(text)
        } catch {
            return "\(error)"
        }
        return ""
    }

    @Test func quotedFieldsRaggedRowsAndBlankLines() throws {
        let text = Self.header + "\n"
            + "\"18,24 \"\"m\"\"\",0,-1,1,1,1,1,0.5,0.25\n"     // line 2: a quoted group holding a comma and quotes
            + "18_24m,1,1,1,1,1,1,0.5,0.25,9\n"                      // line 3: one field too many
            + "18_24m,1,1,1,1,1,1\n"                                // line 4: the z values missing
            + "\n"                                                 // line 5: blank
            + "18_24m,1,1,1,1,1,1,\" 0.5\",1e-3\n"                   // line 6: a quoted, padded number
            + "18_24m,1,1,1,1,1,1,0x1p-2,0.1\n"                      // line 7: a hexadecimal float is a number to Swift
            + "18_24m,1,1,1,1,1,1,-inf,0.1\n"                        // line 8: infinity
            + "\"multi\nline\",0,-1,1,1,1,1,0.1,0.2\n"                // lines 9-10: a quoted line break: no group name
            + "58_64f,0,-1,1,1,1,1,1,2"                             // line 11: no final line break
        let (dataset, issues) = try read(text)
        #expect(dataset.groups == ["18,24 \"m\"", "18_24m", "18_24m", "58_64f"])
        #expect(issues.map(\.line) == [3, 4, 8, 9])
        #expect(issues.last?.reason.contains("line breaks") == true)
        #expect(dataset.latents.row(1) == [0.5, 0.001] && dataset.latents.row(2) == [0.25, 0.1])
        #expect(dataset.latents.row(dataset.count - 1) == [1, 2])
    }

    @Test func structuralProblemsAreRefusedNamingFileAndLine() throws {
        #expect(try refusal("").contains("corpus.csv"))
        #expect(try refusal(Self.header + ",valid\n18_24m,1,1,1,1,1,1,0.5,0.25,1\n").contains("valid appears more than once"))
        #expect(try refusal("group,z0,z0\ng,1,2\n").contains("corpus.csv:1"))
        #expect(try refusal("group,score_shape,z0\ng,1,2\n").contains("the five scores come together"))
        let unterminated = try refusal(Self.header + "\n18_24m,1,1,1,1,1,1,\"0.5,0.25\n")
        #expect(unterminated.contains("corpus.csv:2"), "\(unterminated)")
    }

    @Test func randomGarbageNeverCrashes() throws {
        var state: UInt64 = 7
        let alphabet = Array("0123456789.,-e\"\n\r zgvalidscore_nanIf".utf8)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for _ in 0..<300 {
            var bytes = Array((Self.header + "\n").utf8)
            for _ in 0..<Int(state % 200) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            let path = try folder.write(bytes, to: "random.csv")
            if let (dataset, issues) = try? LatentDataset.read(path) {
                #expect(dataset.latents.rows == dataset.count && issues.allSatisfy { $0.line >= 2 })
            }
        }
    }
}

struct LatentAnalysisTests {
    @Test func summaryMatchesPandasDescribe() {
        // pandas: pd.Series([3, 1, 4, 1, 5, 9, 2, 6]).describe()
        let s = LatentAnalysis.summary(name: "x", values: [3, 1, 4, 1, 5, 9, 2, 6])
        #expect(s.count == 8 && s.mean == 3.875 && s.min == 1 && s.max == 9)
        #expect(abs(s.std - 2.748376) < 1e-6)
        #expect(s.q1 == 1.75 && s.median == 3.5 && s.q3 == 5.25)
        #expect(LatentAnalysis.pearson([1, 2, 3], [2, 4, 6]) == 1)
        #expect(LatentAnalysis.pearson([1, 1, 1], [2, 4, 6]) == nil)
    }
}

struct ShippedSampleTests {
    @Test func theShippedSampleIsTheSeededSynthesisAndReadsThroughGzip() throws {
        let (read, issues) = try LatentDataset.read(Fixtures.root + "/latent/sample_6000.csv.gz")
        #expect(issues.isEmpty && read.count == 6000)
        let regenerated = LatentSynthesis(seed: 0).dataset(records: 6000)
        #expect(read.groups == regenerated.groups && read.valid == regenerated.valid)
        #expect(read.csv() == regenerated.csv(), "latent/README.md's command remakes the file")
    }
}
