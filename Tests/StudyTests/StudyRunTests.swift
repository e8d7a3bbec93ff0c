import Study
import Testing

/// `StudyRun`'s plan: the files its steps write.
struct StudyRunTests {
    static func study(latent: StudyRun.LatentSource, generator: GeneratorBench?) -> StudyRun {
        StudyRun(masks: "m", labels: "m/labels.csv", maskModels: ["logreg"], generator: generator, latent: latent,
                 target: "valid", latentModels: ["logreg"], output: "out/", seed: 0, jobs: 1, toolVersion: "test")
    }

    /// Two steps never write one file: a second run into the same folder replaces the first run's files
    /// instead of being refused as a clobber.
    @Test(arguments: [StudyRun.LatentSource.synthetic(records: 1000), .dataset("data.csv"), .none])
    func noTwoStepsWriteOneFile(latent: StudyRun.LatentSource) {
        for generator in [nil, GeneratorBench(masks: "g", labels: "g/labels.csv", reference: "r", latents: "z.csv", freshRun: "f.csv")] {
            let outputs = Self.study(latent: latent, generator: generator).outputs
            var seen: Set<String> = []
            for output in outputs {
                #expect(seen.insert(output).inserted, "\(output) is written by two steps")
            }
            #expect(outputs.contains("out/latent/manifest.json") == (latent != .none))
            #expect(outputs.contains("out/latent/analysis/manifest.json") == (latent != .none))
        }
    }
}

/// `StudyData`: the shipped demonstration runs only when the user gives no data of their own.
struct StudyDataTests {
    typealias Generator = (masks: String?, labels: String?, reference: String?, latents: String?, freshRun: String?)
    static let noGenerator: Generator = (nil, nil, nil, nil, nil)

    @Test func ownMasksAloneRunNoDemonstration() throws {
        let data = try StudyData(masks: "mine", labels: "mine.csv", generator: Self.noGenerator, latent: nil, records: nil,
                                 noGenerator: false, noLatent: false)
        #expect(data.masks == "mine" && data.labels == "mine.csv")
        #expect(data.generator == nil && data.latent == .none)
        #expect(data.notes.count == 2)
    }

    @Test func ownLatentsRunWithoutTheShippedGenerator() throws {
        let data = try StudyData(masks: nil, labels: nil, generator: Self.noGenerator, latent: "z.csv", records: nil,
                                 noGenerator: false, noLatent: false)
        #expect(data.masks == StudyData.shippedMasks && data.generator == nil && data.latent == .dataset("z.csv"))
        let none = try StudyData(masks: nil, labels: nil, generator: Self.noGenerator, latent: "z.csv", records: nil,
                                 noGenerator: false, noLatent: true)
        #expect(none.latent == .none)
    }

    @Test func theOptionsThatNeedEachOtherSaySo() {
        #expect(throws: StudyError.self) {
            try StudyData(masks: "mine", labels: nil, generator: Self.noGenerator, latent: nil, records: nil, noGenerator: false, noLatent: false)
        }
        #expect(throws: StudyError.self) {
            try StudyData(masks: nil, labels: nil, generator: ("g", nil, nil, nil, nil), latent: nil, records: nil, noGenerator: false,
                          noLatent: false)
        }
    }

    @Test func givenRecordsAskForTheSyntheticLatents() throws {
        let data = try StudyData(masks: "mine", labels: "mine.csv", generator: Self.noGenerator, latent: nil, records: 3000,
                                 noGenerator: false, noLatent: false)
        #expect(data.latent == .synthetic(records: 3000))
    }
}
