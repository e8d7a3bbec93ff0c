import Learning
import Study
import Testing

/// `StudyRun`'s plan: the files its steps write.
struct StudyRunTests {
    static func study(latent: StudyRun.LatentSource, generator: GeneratorBench?,
                      maskModels: ParameterGrid = ParameterGrid(kinds: ModelCatalogue.kinds.filter { $0.name == "logreg" }, domain: .masks),
                      latentModels: ParameterGrid = ParameterGrid(kinds: ModelCatalogue.kinds.filter { $0.name == "logreg" }, domain: .latents))
        -> StudyRun {
        StudyRun(masks: LabelledMasks(masks: "m", labels: "m/labels.csv"), maskModels: maskModels, generator: generator, latent: latent,
                 target: "valid", latentModels: latentModels, output: "out/", seed: 0, jobs: 1, toolVersion: "test")
    }

    /// The generator's reference archive and its array reach both steps that read it, as their command lines say.
    @Test func theGeneratorsReferenceArrayReachesTheStepsThatReadIt() {
        let generator = GeneratorBench(masks: "g", labels: "g/labels.csv", reference: "real.npz", referenceMember: "masks")
        let lines = Self.study(latent: .none, generator: generator).steps.map(\.shellCommand).filter { $0.contains("real.npz") }
        #expect(lines.count == 2 && lines.allSatisfy { $0.contains("--reference real.npz --reference-member masks ") }, "\(lines)")
        let folder = GeneratorBench(masks: "g", labels: "g/labels.csv", reference: "real")
        #expect(!Self.study(latent: .none, generator: folder).steps.contains { $0.shellCommand.contains("--reference-member") })
    }

    /// A step's command line names the models its step trains, as the training command reads them: a group name
    /// (`both`) as the kinds it selects, and a replaced axis as `--param`, so the line trains what the step trained.
    @Test func theTrainingStepsNameTheirGrids() throws {
        var masks = try ParameterGrid(named: ["both"], domain: .masks)
        try masks.replacing(assignments: ["max_depth=3", "C=1,10"])
        let latents = try ParameterGrid(named: ["logreg", "truncation"], domain: .latents)
        let steps = Self.study(latent: .dataset("z.csv"), generator: nil, maskModels: masks, latentModels: latents).steps
        let train = try #require(steps.first { $0.commandLine.starts(with: ["ganfilter", "train"]) })
        #expect(train.shellCommand.contains("--model logreg,tree --param C=1,10 --param max_depth=3 "))
        let latent = try #require(steps.first { $0.commandLine.starts(with: ["ganfilter", "latent", "train"]) })
        #expect(latent.shellCommand.contains("--models logreg,truncation --seed"))
        #expect(!latent.shellCommand.contains("--param"))
    }

    /// Two steps never write one file: a second run into the same folder replaces the first run's files
    /// instead of being refused as a clobber.
    @Test(arguments: [StudyRun.LatentSource.synthetic(records: 1000), .dataset("data.csv"), .none])
    func noTwoStepsWriteOneFile(latent: StudyRun.LatentSource) {
        for generator in [nil, GeneratorBench(masks: "g", labels: "g/labels.csv", reference: "r", latents: "z.csv", freshRun: "f.csv"),
                          GeneratorBench(masks: "g", labels: nil, reference: "r")] {
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
    static let noGenerator = GeneratorOptions()

    @Test func ownMasksAloneRunNoDemonstration() throws {
        let data = try StudyData(masks: "mine", labels: "mine.csv", generator: Self.noGenerator, latent: nil, records: nil,
                                 noGenerator: false, noLatent: false)
        #expect(data.masks == LabelledMasks(masks: "mine", labels: "mine.csv"))
        #expect(data.generator == nil && data.latent == .none)
        #expect(data.notes.count == 2)
    }

    @Test func ownLatentsRunWithoutTheShippedGenerator() throws {
        let data = try StudyData(masks: nil, labels: nil, generator: Self.noGenerator, latent: "z.csv", records: nil,
                                 noGenerator: false, noLatent: false)
        #expect(data.masks == nil && data.generator == nil && data.latent == .dataset("z.csv"))
        #expect(data.notes.contains { $0.contains("calibration check is left out") })
        // With the latents left out as well, nothing is left to run: said, not an empty report.
        #expect(throws: StudyError.self) {
            try StudyData(masks: nil, labels: nil, generator: Self.noGenerator, latent: "z.csv", records: nil, noGenerator: false, noLatent: true)
        }
        let none = try StudyData(masks: "mine", labels: "mine.csv", generator: Self.noGenerator, latent: "z.csv", records: nil,
                                 noGenerator: false, noLatent: true)
        #expect(none.latent == .none)
    }

    /// A generator of the user's alone runs that generator, with neither the sample masks' calibration check nor
    /// the synthetic latents, and says so; the plan has no mask filter step, and the page no calibration section.
    @Test func anOwnGeneratorAloneRunsNoDemonstration() throws {
        let data = try StudyData(masks: nil, labels: nil, generator: GeneratorOptions(masks: "g", labels: "g.csv", reference: "real"), latent: nil, records: nil,
                                 noGenerator: false, noLatent: false)
        #expect(data.masks == nil && data.generator?.masks == "g" && data.latent == .none)
        #expect(data.notes.count == 2 && data.notes[0].contains("--masks adds masks of yours"))
        let run = StudyRun(masks: data.masks, maskModels: ParameterGrid(kinds: ModelCatalogue.kinds.filter { $0.name == "logreg" }, domain: .masks),
                           generator: data.generator, latent: data.latent, target: "valid",
                           latentModels: ParameterGrid(kinds: ModelCatalogue.kinds.filter { $0.name == "logreg" }, domain: .latents),
                           output: "out", seed: 0, jobs: 1, toolVersion: "test")
        #expect(run.steps.count == 3 && run.steps.allSatisfy { $0.shellCommand.contains(" g ") || $0.shellCommand.contains("g.csv") })
    }

    @Test func theOptionsThatNeedEachOtherSaySo() {
        #expect(throws: StudyError.self) {
            try StudyData(masks: "mine", labels: nil, generator: Self.noGenerator, latent: nil, records: nil, noGenerator: false, noLatent: false)
        }
        #expect(throws: StudyError.self) {
            try StudyData(masks: nil, labels: "mine.csv", generator: Self.noGenerator, latent: nil, records: nil, noGenerator: false, noLatent: false)
        }
        #expect(throws: StudyError.self) {
            try StudyData(masks: nil, labels: nil, generator: GeneratorOptions(labels: "g.csv", reference: "real"), latent: nil, records: nil, noGenerator: false,
                          noLatent: false)
        }
    }

    /// A generator of the user's without labels runs the label-free filter alone, and says what labels would add:
    /// the plan has no training step, and the run writes no model.
    @Test func anOwnGeneratorWithoutLabelsRunsTheLabelFreeFilterAlone() throws {
        let data = try StudyData(masks: nil, labels: nil, generator: GeneratorOptions(masks: "g", reference: "real"), latent: nil, records: nil,
                                 noGenerator: false, noLatent: false)
        #expect(data.generator?.labels == nil && data.generator?.isShipped == false)
        #expect(data.notes.contains { $0.contains("only the label-free filter runs") && $0.contains("label suggest") }, "\(data.notes)")
        let run = StudyRun(masks: data.masks, maskModels: ParameterGrid(kinds: ModelCatalogue.kinds.filter { $0.name == "logreg" }, domain: .masks),
                           generator: data.generator, latent: data.latent, target: "valid",
                           latentModels: ParameterGrid(kinds: ModelCatalogue.kinds.filter { $0.name == "logreg" }, domain: .latents),
                           output: "out", seed: 0, jobs: 1, toolVersion: "test")
        #expect(run.steps.map { $0.commandLine[1] } == ["features", "filter"])
        #expect(run.outputs.contains("out/generator/reference_decisions.csv") && !run.outputs.contains { $0.hasSuffix("model.json") })
    }

    @Test func aReferenceArrayNeedsItsReference() throws {
        #expect(throws: StudyError.self) {
            try StudyData(masks: nil, labels: nil, generator: GeneratorOptions(masks: "g", labels: "g.csv", referenceMember: "masks"), latent: nil, records: nil,
                          noGenerator: false, noLatent: false)
        }
        let data = try StudyData(masks: nil, labels: nil, generator: GeneratorOptions(masks: "g", labels: "g.csv", reference: "real.npz", referenceMember: "masks"), latent: nil, records: nil,
                                 noGenerator: false, noLatent: false)
        #expect(data.generator?.reference == "real.npz" && data.generator?.referenceMember == "masks")
    }

    /// The masks of either part may be one array of an `.npz` of several: the steps that read them name it with
    /// `--member`, as the commands they print; a member without its archive is refused.
    @Test func anArrayOfAnArchiveOfMasksIsNamedInEveryStepThatReadsThem() throws {
        #expect(throws: StudyError.self) {
            try StudyData(masks: nil, labels: nil, generator: GeneratorOptions(masksMember: "masks", labels: "g.csv"), latent: nil,
                          records: nil, noGenerator: false, noLatent: false)
        }
        #expect(throws: StudyError.self) {
            try StudyData(masks: nil, masksMember: "masks", labels: nil, generator: Self.noGenerator, latent: "z.csv", records: nil,
                          noGenerator: false, noLatent: false)
        }
        let data = try StudyData(masks: "mine.npz", masksMember: "a", labels: "mine.csv",
                                 generator: GeneratorOptions(masks: "g.npz", masksMember: "b", reference: "real"), latent: nil, records: nil,
                                 noGenerator: false, noLatent: false)
        #expect(data.masks?.member == "a" && data.generator?.masksMember == "b")
        let run = StudyRun(masks: data.masks, maskModels: ParameterGrid(kinds: ModelCatalogue.kinds.filter { $0.name == "logreg" }, domain: .masks),
                           generator: data.generator, latent: data.latent, target: "valid",
                           latentModels: ParameterGrid(kinds: ModelCatalogue.kinds.filter { $0.name == "logreg" }, domain: .latents),
                           output: "out", seed: 0, jobs: 1, toolVersion: "test")
        let reading = run.steps.map(\.commandLine).filter { $0.contains("mine.npz") || $0.contains("g.npz") }
        #expect(reading.map { Array($0[1...4]) } == [["features", "mine.npz", "--member", "a"], ["features", "g.npz", "--member", "b"],
                                                    ["filter", "g.npz", "--member", "b"]])
    }

    @Test func givenRecordsAskForTheSyntheticLatents() throws {
        let data = try StudyData(masks: "mine", labels: "mine.csv", generator: Self.noGenerator, latent: nil, records: 3000,
                                 noGenerator: false, noLatent: false)
        #expect(data.latent == .synthetic(records: 3000))
    }
}
