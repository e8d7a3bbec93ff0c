import Foundation
import LatentPrefilter
import Learning
import Matrices
import NumpyFormats
import SeededRandom
import TestSupport
import Testing

struct LatentAssembleCommandTests {
    /// Vectors as .npy and outcomes as `ganfilter filter` decisions (shuffled, by index, some written `12.0`)
    /// assemble into a dataset whose `passed` target trains exactly as the original `valid` does.
    @Test func assembledDecisionsTrainLikeTheOriginalTarget() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try CommandRunner.run(["synth", "latent", "--records", "1200", "--dimensions", "8", "--output", "latent.csv"], in: folder.path)
        let dataset = try LatentDataset.read(folder.path + "/latent.csv").dataset
        let members = dataset.groups.indices.filter { dataset.groups[$0] == "18_24m" }
        let writer = try NumpyWriter(path: folder.path + "/z.npy", elementType: .float64, columns: 8)
        try writer.append(dataset.latents.selecting(rows: members))
        try writer.finish()
        var generator = SeededGenerator(seed: 4)
        var order = Array(members.indices)
        generator.shuffle(&order)
        var outcomes = "index,file,decision,probability\n"
        for position in order {
            // Half the indices as pandas writes an integer column that held a missing value.
            outcomes += (position % 2 == 0 ? "\(position)" : "\(position).0") + ",img_\(position).png,\(dataset.valid[members[position]] ? "accept" : "reject"),0.5\n"
        }
        outcomes += "\(members.count + 3),extra.png,accept,0.5\n"
        try outcomes.write(toFile: folder.path + "/decisions.csv", atomically: true, encoding: .utf8)

        let assemble = try CommandRunner.run(["latent", "assemble", "--vectors", "z.npy", "--outcomes", "decisions.csv", "--group", "18_24m",
                                              "--output", "run.csv.gz", "--issues", "issues.csv"], in: folder.path)
        #expect(assemble.status == 1)
        #expect(assemble.standardError.contains("decisions.csv:\(members.count + 2): vector \(members.count + 3) does not exist"))
        #expect(assemble.standardError.contains("columns not carried over: file, probability"))
        #expect(try String(contentsOfFile: folder.path + "/issues.csv", encoding: .utf8).split(separator: "\n").count == 2)
        let assembled = try LatentDataset.read(folder.path + "/run.csv.gz").dataset
        #expect(assembled.targetNames == ["passed"])
        #expect(assembled.latents == dataset.latents.selecting(rows: members))

        let original = try CommandRunner.run(["latent", "train", "--data", "latent.csv", "--groups", "18_24m", "--output", "a.json",
                                              "--report", "a", "--jobs", "1"], in: folder.path)
        let fromRun = try CommandRunner.run(["latent", "train", "--data", "run.csv.gz", "--target", "passed", "--output", "b.json",
                                             "--report", "b", "--jobs", "1"], in: folder.path)
        #expect(original.status == 0 && fromRun.status == 0, "\(fromRun.standardError)")
        let auc = { (name: String) in
            try String(contentsOfFile: folder.path + "/\(name)/model_comparison.csv", encoding: .utf8)
                .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[4] }
        }
        #expect(try auc("a") == auc("b"))

        let noGroup = try CommandRunner.run(["latent", "assemble", "--vectors", "z.npy", "--outcomes", "decisions.csv",
                                             "--output", "x.csv"], in: folder.path)
        #expect(noGroup.status == 2 && noGroup.standardError.contains("--group"))
        let wrongTarget = try CommandRunner.run(["latent", "train", "--data", "run.csv.gz", "--output", "c.json"], in: folder.path)
        #expect(wrongTarget.status == 64 && wrongTarget.standardError.contains("targets it has: passed"))
        // The main job on the user's own run: no study tables without valid and scores, the rest as usual.
        let pipeline = try CommandRunner.run(["pipeline", "--masks", Fixtures.root + "/masks/lung", "--labels", Fixtures.root + "/masks/labels.csv",
                                              "--latent", "run.csv.gz", "--target", "passed", "--output", "own"], in: folder.path)
        #expect(pipeline.standardError.contains("latent prefilter training: ganfilter latent train --data run.csv.gz --target passed"))
        #expect(!pipeline.standardError.contains("latent analyze"))
        let page = try String(contentsOfFile: folder.path + "/own/index.html", encoding: .utf8)
        #expect(page.contains("ROC curve, 18_24m") && page.contains("Its steps failed in this run"))
        // The closing list describes the part that ran by its files, and the one that failed as failed.
        #expect(pipeline.standardError.contains("own/masks/ (a step failed: see above; the page says what is missing)")
                && pipeline.standardError.contains("own/latent/ (analysis, prefilter"), "\(pipeline.standardError)")
        let analyze = try CommandRunner.run(["latent", "analyze", "--data", "run.csv.gz"], in: folder.path)
        #expect(analyze.status == 64 && analyze.standardError.contains("no valid column and five scores"))
    }

    /// Outcomes sorted by name (img_0, img_1, img_10, ...) are never joined by their order: without an index
    /// column the command stops and shows two rows; --index-from-name joins img_10 to vector 10; --by-position
    /// needs one row per vector.
    @Test func outcomesJoinByIndexOrNameNeverBySortOrder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let writer = try NumpyWriter(path: folder.path + "/z12.npy", elementType: .float64, columns: 2)
        try writer.append(Matrix(rows: 12, columns: 2, values: (0..<12).flatMap { [Double($0), Double($0) + 0.5] })!)
        try writer.finish()
        let images = (0..<12).map { (vector: $0, name: "masks/img_\($0).png") }.sorted { $0.name < $1.name }
        var decisions = "file,decision,probability,error\n"
        for image in images { decisions += "\(image.name),\(image.vector % 3 == 0 ? "accept" : "reject"),0.5,\n" }
        try decisions.write(toFile: folder.path + "/decisions.csv", atomically: true, encoding: .utf8)
        let base = ["latent", "assemble", "--vectors", "z12.npy", "--outcomes", "decisions.csv", "--group", "gan"]

        let refused = try CommandRunner.run(base + ["--output", "a.csv"], in: folder.path)
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("'masks/img_0.png'") && refused.standardError.contains("'masks/img_1.png'"))
        #expect(refused.standardError.contains("--index-from-name") && refused.standardError.contains("--by-position"))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/a.csv") == false)

        let byName = try CommandRunner.run(base + ["--index-from-name", "--output", "b.csv"], in: folder.path)
        #expect(byName.status == 0, "\(byName.standardError)")
        let dataset = try LatentDataset.read(folder.path + "/b.csv").dataset
        #expect(dataset.labels("passed") == (0..<12).map { $0 % 3 == 0 })
        #expect(dataset.latents[10, 0] == 10)

        // Joined by position as asked, with a warning: the names number other vectors (a listing sorted by name).
        let byPosition = try CommandRunner.run(base + ["--by-position", "--output", "p.csv"], in: folder.path)
        #expect(byPosition.status == 0 && byPosition.standardError.contains(
            "warning: decisions.csv: 10 rows joined by position name another vector in their file name, such as line 4, "
            + "'masks/img_10.png', joined to vector 2; if the names number the vectors, join by them with --index-from-name"),
                "\(byPosition.standardError)")
        let inOrder = (0..<12).map { "img_\($0).png,accept" }.joined(separator: "\n")
        try ("file,decision\n" + inOrder + "\n").write(toFile: folder.path + "/ordered.csv", atomically: true, encoding: .utf8)
        let agreeing = try CommandRunner.run(["latent", "assemble", "--vectors", "z12.npy", "--outcomes", "ordered.csv", "--group", "gan",
                                              "--by-position", "--output", "o.csv"], in: folder.path)
        #expect(agreeing.status == 0 && !agreeing.standardError.contains("warning"), "\(agreeing.standardError)")

        let short = "file,decision\nimg_0.png,accept\nimg_1.png,reject\n"
        try short.write(toFile: folder.path + "/short.csv", atomically: true, encoding: .utf8)
        let mismatch = try CommandRunner.run(["latent", "assemble", "--vectors", "z12.npy", "--outcomes", "short.csv", "--group", "gan",
                                              "--by-position", "--output", "c.csv"], in: folder.path)
        #expect(mismatch.status == 2 && mismatch.standardError.contains("2 rows for 12 vectors"))
    }

    /// A realism score is exactly 1 for many masks: a column of mostly 0/1 with a fraction in it is a
    /// measurement, not carried over, and no row is left out for it; `filter`'s probability is never a target.
    /// A 0/1 column with a word in one row is still a target, and only that row is left out, as an issue. A labels
    /// file (good/bad, as the labelling page saves it) is an outcome table; outcomes that say nothing of which
    /// images were good are refused.
    @Test func aScoreThatIsOftenExactlyOneIsNoTargetAndALabelsFileIsAnOutcome() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let writer = try NumpyWriter(path: folder.path + "/z.npy", elementType: .float32, columns: 3)
        try writer.append(Matrix(rows: 10, columns: 3, values: (0..<30).map { Double($0) / 4 })!)
        try writer.finish()
        var outcomes = "file,decision,probability,realism_boundary,reason,good,index\n"
        var labels = "file,label\n"
        for row in 0..<10 {
            let realism = row % 3 == 1 ? "0.97" : "1.0"
            outcomes += "gen.npy[\(row)],\(row % 3 == 1 ? "reject" : "accept"),\(row % 2),\(realism),why,\(row == 7 ? "yes" : String(row % 2)),\(row)\n"
            labels += "gen.npy[\(row)],\(row % 4 == 0 ? "good" : "bad")\n"
        }
        try outcomes.write(toFile: folder.path + "/decisions.csv", atomically: true, encoding: .utf8)
        try labels.write(toFile: folder.path + "/labels.csv", atomically: true, encoding: .utf8)
        let run = try CommandRunner.run(["latent", "assemble", "--vectors", "z.npy", "--outcomes", "decisions.csv", "--group", "gan",
                                         "--output", "run.csv"], in: folder.path)
        #expect(run.status == 1, "\(run.standardError)")
        #expect(run.standardError.contains("decisions.csv:9: good must be good, bad, 1 or 0 (or true, false, 1.0, 0.0), got 'yes'"))
        #expect(run.standardError.contains(
            "columns not carried over: file, probability, realism_boundary (not a 0/1 target: line 3 holds '0.97'), reason"))
        #expect(!run.standardError.contains("no outcome row"))
        let dataset = try LatentDataset.read(folder.path + "/run.csv").dataset
        #expect(dataset.count == 9)
        #expect(dataset.targetNames.sorted() == ["good", "passed"])
        #expect(dataset.labels("passed") == [0, 1, 2, 3, 4, 5, 6, 8, 9].map { $0 % 3 != 1 })
        #expect(dataset.labels("good") == [0, 1, 2, 3, 4, 5, 6, 8, 9].map { $0 % 2 == 1 })

        let fromLabels = try CommandRunner.run(["latent", "assemble", "--vectors", "z.npy", "--outcomes", "labels.csv", "--group", "gan",
                                                "--index-from-name", "--output", "labelled.csv"], in: folder.path)
        #expect(fromLabels.status == 0, "\(fromLabels.standardError)")
        let labelled = try LatentDataset.read(folder.path + "/labelled.csv").dataset
        #expect(labelled.targetNames == ["label"] && labelled.labels("label") == (0..<10).map { $0 % 4 == 0 })

        try "file,note\ngen.npy[0],fine\ngen.npy[1],odd\n".write(toFile: folder.path + "/notes.csv", atomically: true, encoding: .utf8)
        let noTarget = try CommandRunner.run(["latent", "assemble", "--vectors", "z.npy", "--outcomes", "notes.csv", "--group", "gan",
                                              "--index-from-name", "--output", "none.csv"], in: folder.path)
        #expect(noTarget.status == 2 && noTarget.standardError.contains("no column says which images were good"))
        #expect(noTarget.standardError.contains("columns read and not carried over: file, note"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/none.csv"))
    }

    /// Names whose last runs of digits are alike (`img_3_256x256.png`) join by the run that tells them apart, and
    /// say so; one name more whose runs differ in number leaves each name its last run.
    @Test func namesEndingAlikeJoinByTheRunThatTellsThemApart() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let writer = try NumpyWriter(path: folder.path + "/z.npy", elementType: .float64, columns: 2)
        try writer.append(Matrix(rows: 6, columns: 2, values: (0..<6).flatMap { [Double($0), 0] })!)
        try writer.finish()
        let rows = [4, 1, 5, 0, 3, 2].map { "gen/img_\($0)_256x256.png,\($0 % 2 == 0 ? "good" : "bad")" }
        try ("file,label\n" + rows.joined(separator: "\n") + "\n").write(toFile: folder.path + "/labels.csv", atomically: true, encoding: .utf8)
        let joined = try CommandRunner.run(["latent", "assemble", "--vectors", "z.npy", "--outcomes", "labels.csv", "--group", "gan",
                                            "--index-from-name", "--output", "a.csv"], in: folder.path)
        #expect(joined.status == 0, "\(joined.standardError)")
        #expect(joined.standardError.contains("note: labels.csv: line 2: joined by the first of the 3 runs of digits in each file name, "
            + "the last that differs between names ('gen/img_4_256x256.png' is vector 4)"), "\(joined.standardError)")
        let dataset = try LatentDataset.read(folder.path + "/a.csv").dataset
        #expect((0..<6).map { dataset.latents[$0, 0] } == (0..<6).map(Double.init) && dataset.labels("label") == (0..<6).map { $0 % 2 == 0 })

        try ("file,label\n" + rows.joined(separator: "\n") + "\ngen/img_9.png,good\n")
            .write(toFile: folder.path + "/mixed.csv", atomically: true, encoding: .utf8)
        let mixed = try CommandRunner.run(["latent", "assemble", "--vectors", "z.npy", "--outcomes", "mixed.csv", "--group", "gan",
                                           "--index-from-name", "--output", "b.csv"], in: folder.path)
        #expect(mixed.status == 2 && mixed.standardError.contains("mixed.csv:2: vector 256 does not exist (6 vectors)"), "\(mixed.standardError)")
    }
}
