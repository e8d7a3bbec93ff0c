import LatentPrefilter
import Testing

struct NameNumberingTests {
    /// A name alone, or names whose last run differs, are numbered by their last run of digits.
    @Test(arguments: [("img_0012.png", 12), ("run7/gan_v2_003.png", 3), ("z.npy[41]", 41), ("a/b.npz:z[0]", 0), ("noname.png", -1),
                      ("img_12_256x256.png", 256), ("x_1234567890123456789.png", -1)])
    func aNameAloneIsNumberedByItsLastRun(name: String, index: Int) {
        let numbering = NameNumbering(names: [name])
        #expect(numbering.runFromEnd == 0)
        #expect(numbering.index(of: name) == (index < 0 ? nil : index))
    }

    /// The run that numbers a table is the last that tells its names apart, whichever run that is; the note names
    /// it by its place from the first run.
    @Test func theRunIsTheLastThatDiffersBetweenTheNames() {
        let sized = (0..<12).map { "out/img_\($0)_256x256.png" }
        let bySize = NameNumbering(names: sized)
        #expect(bySize.runFromEnd == 2 && bySize.runsPerName == 3)
        #expect(sized.map(bySize.index(of:)) == Array(0..<12))
        #expect(bySize.note(example: sized[5]) == "joined by the first of the 3 runs of digits in each file name, the last that "
            + "differs between names ('out/img_5_256x256.png' is vector 5)")

        let seeded = (0..<5).map { "run3/seed7_img\(String(repeating: "0", count: 3 - String($0).count))\($0)_v2.png" }
        let bySample = NameNumbering(names: seeded)
        #expect(bySample.runFromEnd == 1 && seeded.map(bySample.index(of:)) == Array(0..<5))
        #expect(bySample.note(example: seeded[0])?.contains("the second of the 3 runs") == true)

        // The folders are no part of a name; leading zeros are no difference.
        let plain = ["epoch3/gan_0007.png", "epoch4/gan_7.png", "epoch4/gan_0008.png"]
        let byLast = NameNumbering(names: plain)
        #expect(byLast.runFromEnd == 0 && byLast.note(example: plain[0]) == nil)
        #expect(plain.map(byLast.index(of:)) == [7, 7, 8])
        #expect(NameNumbering(names: ["g1_0007_v2.png", "g1_7_v2.png"]).runFromEnd == 0)
    }

    /// Names that hold different numbers of runs are each numbered by their last run, and names without digits
    /// are passed over in choosing the run.
    @Test func namesOfMixedFormsAreNumberedByTheirLastRun() {
        let mixed = ["img_5.png", "img_6_b2.png", "img_7.png"]
        let numbering = NameNumbering(names: mixed)
        #expect(numbering.runFromEnd == 0 && numbering.runsPerName == nil)
        #expect(mixed.map(numbering.index(of:)) == [5, 2, 7])
        let withoutDigits = NameNumbering(names: ["a_1_64.png", "readme.txt", "a_2_64.png"])
        #expect(withoutDigits.runFromEnd == 1 && withoutDigits.index(of: "readme.txt") == nil)
        #expect(withoutDigits.index(of: "a_2_64.png") == 2 && withoutDigits.index(of: "b.png") == nil)
    }
}
