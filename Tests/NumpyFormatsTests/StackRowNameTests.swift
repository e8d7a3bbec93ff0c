import NumpyFormats
import Testing

/// `StackRowName` reads back the names `MaskStack` gives its masks, and nothing else.
struct StackRowNameTests {
    @Test(arguments: [("run/z.npy[3]", "run/z.npy", nil, 3),
                      ("gen.NPZ:masks[0]", "gen.NPZ", "masks", 0),
                      ("day:1/gen.npz:a:b[12]", "day:1/gen.npz", "a:b", 12),  // the last colon that ends an .npz path
                      ("a:b.npy[2]", "a:b.npy", nil, 2),
                      ("x.npz[7]", "x.npz", nil, 7)] as [(String, String, String?, Int)])
    func readsItsParts(name: String, path: String, member: String?, index: Int) throws {
        let row = try #require(StackRowName(name))
        #expect(row.path == path && row.member == member && row.index == index)
        #expect(StackRowName(name, index: index) == row)
        #expect(StackRowName(name, index: index + 1) == nil)
    }

    @Test(arguments: ["mask.png", "z.npy[-1]", "z.npy[+1]", "z.npy[01]", "z.npy[]", "z.npy[x]", "z.npy[3", "z.npy3]",
                      "z.npy[99999999999999999999]"])
    func refusesOtherNames(name: String) {
        #expect(StackRowName(name) == nil)
    }
}
