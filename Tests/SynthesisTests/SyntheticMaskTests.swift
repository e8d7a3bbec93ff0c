import FileIO
import Foundation
import MaskImage
import SymmetryFeatures
import Synthesis
import TestSupport
import Testing

struct SyntheticMaskTests {
    @Test func sameSeedSameMaskWhateverTheOrder() {
        let generator = SyntheticMaskGenerator(seed: 11)
        let later = generator.mask(37)
        _ = generator.mask(2)
        #expect(generator.mask(37).image == later.image)
        #expect(SyntheticMaskGenerator(seed: 12).mask(37).image != later.image)
        #expect(later.image.width == 256 && later.image.height == 256)
    }

    @Test func aboutThreeBadForOneGood() {
        let generator = SyntheticMaskGenerator(seed: 0)
        let masks = (0..<1200).map(generator.mask)
        let good = masks.filter(\.isGood).count
        let ratio = Double(masks.count - good) / Double(good)
        #expect(ratio > 2.4 && ratio < 3.8, "bad:good \(ratio)")
        for fault in MaskFault.allCases {
            #expect(masks.contains { $0.faults.contains(fault) }, "\(fault) never drawn")
        }
        #expect(masks.contains { $0.faults.isEmpty && !$0.isGood }, "label noise flips some clean masks")
    }

    @Test func symmetryExplainsMostLabelsButNotAll() {
        let generator = SyntheticMaskGenerator(seed: 5)
        var goodIoU: [Double] = []
        var badIoU: [Double] = []
        for index in 0..<600 {
            let mask = generator.mask(index)
            let iou = SymmetryFeatures(of: BinaryMask(mask.image, threshold: 128), dilationRadius: 5)?.plain.iou ?? 0
            if mask.isGood { goodIoU.append(iou) } else { badIoU.append(iou) }
        }
        let meanGood = goodIoU.reduce(0, +) / Double(goodIoU.count)
        let meanBad = badIoU.reduce(0, +) / Double(badIoU.count)
        #expect(meanGood > meanBad + 0.1, "good masks are more symmetric: \(meanGood) vs \(meanBad)")
        // Imperfect: some bad masks are as symmetric as the typical good one.
        let median = goodIoU.sorted()[goodIoU.count / 2]
        #expect(badIoU.filter { $0 >= median }.count > badIoU.count / 20)
    }

    @Test func softEdgesHaveIntermediateGreyLevels() {
        let image = SyntheticMaskGenerator(seed: 1).mask(0).image
        #expect(image.pixels.contains { $0 > 0 && $0 < 255 })
        #expect(image.pixels.contains(255) && image.pixels.contains(0))
    }

    @Test func writesPNGsAndLabels() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let summary = try SyntheticMaskSet.write(count: 12, seed: 3, to: folder.path + "/set", jobs: 3)
        #expect(summary.count == 12)
        let labels = try String(contentsOfFile: summary.labelsPath, encoding: .utf8).split(separator: "\n")
        #expect(labels.first == "file,label")
        #expect(labels.count == 13)
        #expect(labels[1] == "synthetic_00000.png,\(SyntheticMaskGenerator(seed: 3).mask(0).isGood ? "good" : "bad")")
        let decoded = try PNGReader().greyImage(atPath: folder.path + "/set/synthetic_00011.png")
        #expect(decoded == SyntheticMaskGenerator(seed: 3).mask(11).image)
        #expect(SyntheticMaskSet.fileName(123_456) == "synthetic_123456.png")
    }

    @Test func writeFailuresAreReported() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write([1], to: "not-a-folder")
        #expect(throws: OutputError.self) { try SyntheticMaskSet.write(count: 3, seed: 0, to: file, jobs: 2) }
        try FileManager.default.createDirectory(atPath: folder.path + "/set/synthetic_00001.png", withIntermediateDirectories: true)
        #expect(throws: OutputError.self) { try SyntheticMaskSet.write(count: 40, seed: 0, to: folder.path + "/set", jobs: 2) }
    }
}
