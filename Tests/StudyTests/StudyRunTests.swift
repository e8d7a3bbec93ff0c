import Study
import Testing

/// `StudyRun`'s plan: the files its steps write.
struct StudyRunTests {
    static func study(latent: String?, generator: GeneratorBench?) -> StudyRun {
        StudyRun(masks: "m", labels: "m/labels.csv", maskModels: ["logreg"], generator: generator, latent: latent, records: 1000,
                 target: "valid", latentModels: ["logreg"], output: "out/", seed: 0, jobs: 1, toolVersion: "test")
    }

    /// Two steps never write one file: a second run into the same folder replaces the first run's files
    /// instead of being refused as a clobber.
    @Test(arguments: [nil, "data.csv"])
    func noTwoStepsWriteOneFile(latent: String?) {
        for generator in [nil, GeneratorBench(masks: "g", labels: "g/labels.csv", reference: "r", latents: "z.csv", freshRun: "f.csv")] {
            let outputs = Self.study(latent: latent, generator: generator).outputs
            var seen: Set<String> = []
            for output in outputs {
                #expect(seen.insert(output).inserted, "\(output) is written by two steps")
            }
            #expect(outputs.contains("out/latent/manifest.json") && outputs.contains("out/latent/analysis/manifest.json"))
        }
    }
}
