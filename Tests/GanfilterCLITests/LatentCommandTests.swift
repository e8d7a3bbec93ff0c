import Testing

struct LatentCommandTests {
    @Test func speedupPrintsItsPartsWithIntervals() throws {
        let result = try CommandRunner.run(["latent", "speedup", "--before", "433/10000", "--after", "80/1000",
                                            "--generation-seconds", "2", "--screen-seconds", "0.00001"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("speed-up p2/p1:   1.85x (95% interval "))
        #expect(result.standardOutput.contains("with screening:   1.85x"))
        let again = try CommandRunner.run(["latent", "speedup", "--before", "433/10000", "--after", "80/1000",
                                           "--generation-seconds", "2", "--screen-seconds", "0.00001"])
        #expect(again.standardOutput == result.standardOutput, "seeded")
    }

    @Test func undefinedAndBadCounts() throws {
        let undefined = try CommandRunner.run(["latent", "speedup", "--before", "0/100", "--after", "3/20"])
        #expect(undefined.status == 2 && undefined.standardOutput.contains("undefined"))
        for arguments in [["--before", "5/4", "--after", "1/2"], ["--before", "1/2", "--after", "x"],
                          ["--before", "1/2", "--after", "1/2", "--generation-seconds", "1"]] {
            #expect(try CommandRunner.run(["latent", "speedup"] + arguments).status == 64, "\(arguments)")
        }
        // Replicates beyond the range are refused at once (a hundred billion ran for hours before).
        for replicates in ["99", "1000001", "100000000000"] {
            let run = try CommandRunner.run(["latent", "speedup", "--before", "1/2", "--after", "1/2", "--replicates", replicates])
            #expect(run.status == 64 && run.standardError.contains("--replicates must be 100 to 1000000"), "\(replicates)")
        }
    }
}
