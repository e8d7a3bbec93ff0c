import FileIO
import Foundation
import LatentPrefilter
import Learning
import NumpyFormats
import Synthesis
import Testing
import TestSupport

/// Latent datasets as NumPy archives: NumPy's own files read (every element type docs/design.md names), ganfilter's
/// archives read back to the same values, and broken archives refused with their reason.
struct LatentDatasetArchiveTests {
    @Test func readsNumPysArchiveWithEveryElementType() throws {
        let (dataset, issues) = try LatentDataset.read(Fixtures.path("npy/dataset.npz"))
        #expect(issues.map(\.line) == [5] && issues[0].reason.contains("z0 is not a finite number"), "the NaN row is left out")
        #expect(dataset.groups == ["gan_a", "gan_b", "gan_a", "gan_a", "gan_b"])
        #expect(dataset.latents.row(2) == [-0.75, 0.125, 3] && dataset.latents.columns == 3)
        #expect(dataset.valid == [true, false, true, false, true])
        #expect(dataset.targets["passed"] == [true, false, false, true, false], "int8 0/1")
        #expect(dataset.targets["kept"] == [false, false, true, true, true], "float 0/1")
        #expect(dataset.targets["quality"] == nil, "0.5 is not a 0/1 outcome")
        #expect(dataset.scores.columns == 5 && dataset.scores[1, 4] == -4.5)

        #expect(throws: CSVTable.ParseError.self) { try LatentDataset.read(Fixtures.path("npy/dataset_no_group.npz")) }
        let named = try LatentDataset.read(Fixtures.path("npy/dataset_no_group.npz"), group: "only").dataset
        #expect(named.groups == Array(repeating: "only", count: 5) && named.latents == dataset.latents)

        // The same values in Fortran order and big-endian (pandas' to_numpy(), a big-endian writer) read the same.
        let swapped = try LatentDataset.read(Fixtures.path("npy/dataset_fortran.npz"))
        #expect(swapped.issues.map(\.line) == [5])
        #expect(swapped.dataset.groups == dataset.groups && swapped.dataset.latents == dataset.latents)
        #expect(swapped.dataset.targets == dataset.targets && swapped.dataset.scores == dataset.scores)
        // z as a DCGAN draws it, N x d x 1 x 1, reads as N x d.
        let dcgan = try LatentDataset.read(Fixtures.path("npy/dataset_dcgan.npz"))
        #expect(dcgan.issues.map(\.line) == [5] && dcgan.dataset.latents == dataset.latents && dcgan.dataset.targets == dataset.targets)
    }

    @Test func writtenArchivesReadBackToTheSameDataset() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var dataset = LatentSynthesis(dimensions: 6, distribution: .normal, seed: 3).dataset(records: 600)
        dataset.targets["passed"] = dataset.valid.enumerated().map { $0.offset % 3 == 0 || $0.element }
        try dataset.write(to: folder.path + "/d.npz")
        let back = try LatentDataset.read(folder.path + "/d.npz")
        #expect(back.issues.isEmpty)
        #expect(back.dataset.groups == dataset.groups && back.dataset.latents == dataset.latents && back.dataset.scores == dataset.scores)
        #expect(back.dataset.targets == dataset.targets)
        // The CSV of the same values (shortest round-trip z) reads to the same dataset, so every result is the same.
        try dataset.write(to: folder.path + "/d.csv", zDigits: nil)
        let csv = try LatentDataset.read(folder.path + "/d.csv").dataset
        #expect(csv.latents == back.dataset.latents && csv.targets == back.dataset.targets && csv.groups == back.dataset.groups)
    }

    @Test func brokenArchivesAreRefusedWithTheirReason() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let dataset = LatentSynthesis(dimensions: 4, distribution: .uniform, seed: 1).dataset(records: 120)
        try dataset.write(to: folder.path + "/good.npz")
        let good = try #require(FileManager.default.contents(atPath: folder.path + "/good.npz").map { [UInt8]($0) })
        // Every single-byte corruption and every truncation either reads (a byte that does not matter) or is
        // refused with an error: never a trap.
        var refused = 0
        for position in stride(from: 0, to: good.count, by: max(1, good.count / 300)) {
            var bytes = good
            bytes[position] ^= 0x5a
            let path = try folder.write(bytes, to: "flip.npz")
            do { _ = try LatentDataset.read(path) } catch { refused += 1 }
            let cut = try folder.write(Array(good[0..<position]), to: "cut.npz")
            #expect(throws: CSVTable.ParseError.self) { try LatentDataset.read(cut) }
        }
        #expect(refused > 200, "CRC-32 and header checks catch most flipped bytes (\(refused))")
        // A member whose length disagrees with z is named.
        try NpzWriter.write([.strings("group", ["a", "a", "a"]), .float64("z", [1, 2, 3, 4, 5, 6], shape: [3, 2]),
                             .bool("passed", [true, false])], to: folder.path + "/short.npz")
        #expect {
            try LatentDataset.read(folder.path + "/short.npz")
        } throws: { error in
            (error as? CSVTable.ParseError)?.reason.contains("passed must be 1-D with one value per row of z") == true
        }
    }
}

