import Foundation
import Testing
import TestSupport

/// The pipeline prints, before each step, the command line that writes the same files. Running each printed
/// line as its own process, in order, writes the same bytes as the pipeline did (timings, manifests and the
/// page with its own table, which only the pipeline writes, aside).
struct PipelineReproductionTests {
    /// The files the steps' commands must write again byte for byte.
    static func comparable(_ path: String) -> Bool {
        !path.hasSuffix("timings.json") && !path.hasSuffix("manifest.json") && !["index.html", "masks/bad_share.csv", "masks/contact_sheet.html", "generator/contact_sheet.html"].contains(path)
    }

    @Test func printedCommandsReproduceTheOutputsByteForByte() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let pipeline = try CommandRunner.run([
            "pipeline", "--masks", Fixtures.root + "/masks", "--labels", Fixtures.root + "/masks/labels.csv",
            "--generator-masks", Fixtures.root + "/bench/generator/masks",
            "--generator-labels", Fixtures.root + "/bench/generator/masks/labels.csv",
            "--generator-reference", Fixtures.root + "/masks/lung256",
            "--generator-latents", Fixtures.root + "/bench/generator/latent.csv.gz",
            "--generator-fresh-run", Fixtures.root + "/bench/generator/fresh.csv.gz",
            "--records", "2000", "--seed", "7", "--output", "run dir", "--jobs", "2",
        ], in: folder.path)
        #expect(pipeline.status == 0, "\(pipeline.standardError)")

        let steps = pipeline.standardError.split(separator: "\n").compactMap { Self.step(String($0)) }
        // Eleven commands with the shipped generator and synthetic latents; the page is the last, twelfth step.
        #expect(steps.count == 11, "\(pipeline.standardError)")
        for (index, step) in steps.enumerated() {
            #expect(step.index == index + 1 && step.count == steps.count + 1)
            #expect(!step.title.contains(":"))
        }

        let root = folder.path + "/run dir"
        let manager = FileManager.default
        let files = try manager.subpathsOfDirectory(atPath: root).filter { path in
            var isFolder: ObjCBool = false
            return manager.fileExists(atPath: root + "/" + path, isDirectory: &isFolder) && !isFolder.boolValue
        }
        var pipelineBytes: [String: Data] = [:]
        for file in files { pipelineBytes[file] = manager.contents(atPath: root + "/" + file) }
        // Leave the folders, remove the files: every file must be written again by a command.
        for file in files { try manager.removeItem(atPath: root + "/" + file) }

        for step in steps {
            let arguments = try #require(Self.shellWords(step.command), "\(step.command) is not shell-quoted")
            #expect(arguments.first == "ganfilter")
            let outcome = try CommandRunner.run(Array(arguments.dropFirst()), in: folder.path)
            #expect(outcome.status == 0, "\(step.command): \(outcome.standardError)")
        }
        let compared = files.filter(Self.comparable)
        #expect(compared.count > 30)
        for file in compared {
            let again = manager.contents(atPath: root + "/" + file)
            #expect(again != nil, "\(file) was not written by any printed command")
            #expect(again == nil || again == pipelineBytes[file], "\(file) differs between the pipeline and its printed commands")
        }
    }

    /// `[i/n] TITLE: COMMAND`, split.
    static func step(_ line: String) -> (index: Int, count: Int, title: String, command: String)? {
        guard line.hasPrefix("["), let close = line.firstIndex(of: "]"), let colon = line.range(of: ": ") else { return nil }
        let counts = line[line.index(after: line.startIndex)..<close].split(separator: "/")
        guard counts.count == 2, let index = Int(counts[0]), let count = Int(counts[1]), colon.lowerBound > close else { return nil }
        let title = line[line.index(close, offsetBy: 2)..<colon.lowerBound]
        let command = String(line[colon.upperBound...])
        guard command.hasPrefix("ganfilter ") else { return nil }
        return (index, count, String(title), command)
    }

    /// The words of a POSIX shell command line of plain words and single-quoted strings; nil for anything else.
    static func shellWords(_ line: String) -> [String]? {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quoted = false
        for character in line {
            if quoted {
                if character == "'" { quoted = false } else { word.append(character) }
            } else if character == "'" {
                quoted = true
                inWord = true
            } else if character == " " {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else if character.isLetter || character.isNumber || "_-./=,:@%+".contains(character) {
                word.append(character)
                inWord = true
            } else {
                return nil
            }
        }
        guard !quoted else { return nil }
        if inWord { words.append(word) }
        return words
    }
}
