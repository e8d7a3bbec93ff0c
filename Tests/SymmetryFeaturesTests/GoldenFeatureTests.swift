import FileIO
import MaskFeatures
import MaskImage
import TestSupport
import Testing

/// The features of the shipped masks (synthetic and real Montgomery lung masks) and the PNG fixtures
/// agree to 1e-12 with SciPy's (checked against OpenCV) from `Tests/Fixtures/make_golden.py`.
struct GoldenFeatureTests {
    struct Row {
        let file: String
        let threshold: UInt8
        let radius: Int
        let status: String
        let values: [Double]
    }

    static let rows: [Row] = {
        let lines = (try? Fixtures.lines("golden/features.csv")) ?? []
        return lines.dropFirst().compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 10, let threshold = UInt8(fields[1]), let radius = Int(fields[2]) else { return nil }
            return Row(file: fields[0], threshold: threshold, radius: radius, status: fields[3],
                       values: fields[4...].compactMap(Double.init))
        }
    }()

    @Test func goldenRowsCoverTheShippedMasks() {
        #expect(Self.rows.count >= 800)
        #expect(Self.rows.contains { $0.file.hasPrefix("masks/lung/MCUCXR") })
        #expect(Self.rows.contains { $0.file.hasPrefix("masks/synthetic_") })
        #expect(Self.rows.contains { $0.status == "empty" })
        #expect(Set(Self.rows.map(\.radius)).count >= 8)
    }

    @Test func featuresMatchSciPy() {
        for golden in Self.rows {
            let settings = FeatureSettings(threshold: golden.threshold, dilationRadius: golden.radius)
            let row = FeatureExtraction.row(for: MaskInput(InputFile(path: Fixtures.root + "/" + golden.file)), settings: settings)
            #expect(row.status.rawValue == golden.status, "\(golden.file): \(row.error ?? "")")
            guard let values = row.values else { continue }
            for (value, expected) in zip(values, golden.values) {
                #expect(abs(value - expected) <= 1e-12, "\(golden.file) t=\(golden.threshold) r=\(golden.radius)")
            }
        }
    }
}
