import BatchRunning
import FileIO
import Foundation
import TestSupport
import Testing

/// Folder scans follow the design's contract: *.png in any case, regular files only, sorted by UTF-8 bytes,
/// no recursion unless asked, directory links followed with loop detection, nothing silently dropped.
struct InputDiscoveryTests {
    func makeTree() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write([1], to: "b.png")
        try folder.write([1], to: "A.PNG")
        try folder.write([1], to: "notes.txt")
        try folder.write([1], to: "é.png")
        try folder.write([1], to: "sub/c.png")
        try folder.write([1], to: "sub/deeper/d.Png")
        mkfifo(folder.path + "/pipe.png", 0o644)
        try FileManager.default.createDirectory(atPath: folder.path + "/dir.png", withIntermediateDirectories: false)
        try folder.write([1], to: "dir.png/inside.png")
        symlink(folder.path + "/nowhere", folder.path + "/broken.png")
        symlink(folder.path, folder.path + "/sub/loop")
        symlink(folder.path + "/b.png", folder.path + "/link.png")
        return folder
    }

    @Test func scansOneLevelWithoutRecursion() throws {
        let folder = try makeTree()
        defer { folder.remove() }
        let listing = InputDiscovery.listInputs([folder.path], recursive: false)
        let names = listing.files.map { String($0.path.dropFirst(folder.path.count + 1)) }
        #expect(names == ["A.PNG", "b.png", "broken.png", "dir.png", "link.png", "pipe.png", "é.png"])
        let problems = Dictionary(uniqueKeysWithValues: listing.files.map { ($0.path, $0.problem) })
        #expect(problems[folder.path + "/broken.png"] == "broken symbolic link")
        #expect(problems[folder.path + "/dir.png"] == "is a directory (pass --recursive to scan folders)")
        #expect(problems[folder.path + "/pipe.png"] == "not a regular file (FIFO)")
        #expect(problems[folder.path + "/b.png"] == .some(nil))
        #expect(problems[folder.path + "/link.png"] == .some(nil), "links to files are followed")
        // The listing's versions are the files' own (a link's is its target's), for the regular files it lists.
        let readable = listing.files.filter { $0.problem == nil }.map(\.path)
        #expect(Set(listing.versions.keys) == Set(readable))
        #expect(readable.allSatisfy { listing.versions[$0] == FileVersion(path: $0) })
        #expect(listing.versions[folder.path + "/link.png"]?.identity == FileVersion(path: folder.path + "/b.png")?.identity)
    }

    @Test func recursesFollowingLinksAndDetectingLoops() throws {
        let folder = try makeTree()
        defer { folder.remove() }
        let listing = InputDiscovery.listInputs([folder.path + "/"], recursive: true)
        let names = listing.files.map { String($0.path.dropFirst(folder.path.count + 1)) }
        #expect(names == ["A.PNG", "b.png", "broken.png", "dir.png/inside.png", "link.png", "pipe.png",
                          "sub/c.png", "sub/deeper/d.Png", "é.png"])
        #expect(listing.notes.count == 1)
        #expect(listing.notes.first?.contains("sub/loop") == true)
    }

    @Test func pathsAreKeptAsGiven() throws {
        let folder = try makeTree()
        defer { folder.remove() }
        let slashed = InputDiscovery.listInputs([folder.path + "/"], recursive: false)
        #expect(slashed.files.first?.path == folder.path + "/A.PNG", "ARG/ plus the name, no double slash")
        let dotted = InputDiscovery.listInputs([folder.path + "/./b.png", folder.path + "/notes.txt"], recursive: false)
        #expect(dotted.files.map(\.path) == [folder.path + "/./b.png", folder.path + "/notes.txt"])
        #expect(dotted.files.allSatisfy { $0.problem == nil }, "a file named explicitly is an input whatever its name")
    }

    @Test func missingPathsAndDuplicates() {
        let listing = InputDiscovery.listInputs(["/no/such/x.png", "/no/such/x.png"], recursive: false)
        #expect(listing.files == [InputFile(path: "/no/such/x.png", problem: "No such file or directory")])
    }

    @Test func namesThatAreNotUTF8AreReported() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let name: [UInt8] = Array(folder.path.utf8) + Array("/bad\u{FF}".utf8.prefix(4)) + [0xFF] + Array(".png".utf8) + [0]
        let fd = name.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        #expect(fd >= 0)
        close(fd)
        let files = InputDiscovery.listInputs([folder.path], recursive: false).files
        #expect(files.count == 1)
        #expect(files.first?.problem == "file name is not valid UTF-8 (shown with U+FFFD)")
        #expect(files.first?.path.hasSuffix("/bad\u{FFFD}.png") == true)
    }

    /// NumPy files in a folder are not inputs, but a note names them: never silently dropped.
    @Test func numpyFilesInAFolderAreNamedInANote() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write([1], to: "m.png")
        try folder.write([1], to: "z.npy")
        try folder.write([1], to: "batch.NPZ")
        let listing = InputDiscovery.listInputs([folder.path], recursive: false)
        #expect(listing.files.map(\.path) == [folder.path + "/m.png"])
        #expect(listing.notes == ["\(folder.path) holds 2 NumPy files (batch.NPZ, ...) that a folder does not contribute (it contributes "
            + "its PNG files): name a stack as an argument to read its masks"])
        #expect(InputDiscovery.listInputs([folder.path + "/m.png"], recursive: false).notes.isEmpty)
    }

    /// Masks in a format ganfilter does not read (JPEG, NIfTI, a PyTorch file, ...) are not inputs of a folder, but a
    /// note a format names them and says how to save them instead; other files (notes, tables) are passed over.
    @Test func imagesOfOtherFormatsInAFolderAreNamedInANote() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for name in ["m.png", "b.JPG", "a.jpeg", "scan.nii.gz", "masks.pt", "notes.txt", "labels.csv"] { try folder.write([1], to: name) }
        let listing = InputDiscovery.listInputs([folder.path], recursive: false)
        #expect(listing.files.map(\.path) == [folder.path + "/m.png"])
        #expect(listing.notes.count == 3 && listing.notes.allSatisfy { $0.contains("that a folder does not contribute") }, "\(listing.notes)")
        #expect(listing.notes[0].hasPrefix("\(folder.path) holds 2 JPEG files (a.jpeg, ...)") && listing.notes[0].contains("lossy"))
        #expect(listing.notes[1].hasPrefix("\(folder.path) holds a NIfTI file, scan.nii.gz,") && listing.notes[1].contains("np.swapaxes"))
        #expect(listing.notes[2].hasPrefix("\(folder.path) holds a PyTorch file, masks.pt,") && listing.notes[2].contains(".cpu().numpy()"))
    }

    /// A file's format is told by its magic number, whatever its name, else by its name; a PNG, text or an unknown
    /// name is none of them.
    @Test func aFormatIsToldByItsMagicNumberThenItsName() {
        func head(_ bytes: [UInt8], at offset: Int = 0) -> [UInt8] { [UInt8](repeating: 0x20, count: offset) + bytes + [0, 0, 0, 0] }
        let told: [(bytes: [UInt8], format: ForeignImageFormat)] = [
            (head([0xFF, 0xD8, 0xFF, 0xE0]), .jpeg), (head(Array("II*\u{0}".utf8)), .tiff), (head(Array("MM\u{0}*".utf8)), .tiff),
            (head(Array("BM".utf8)), .bmp), (head(Array("GIF89a".utf8)), .gif), (head(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBP".utf8)), .webp),
            (head(Array("n+1\u{0}".utf8), at: 344), .nifti), (head(Array("DICM".utf8), at: 128), .dicom), (head(Array("NRRD0004".utf8)), .nrrd),
        ]
        for (bytes, format) in told {
            #expect(ForeignImageFormat.identify(name: "mask.png", head: bytes) == format, "\(format)")
        }
        #expect(ForeignImageFormat.identify(name: "mask.png", head: [0x89] + Array("PNG\r\n".utf8)) == nil)
        #expect(ForeignImageFormat.identify(name: "notes.txt", head: Array("hello".utf8)) == nil)
        #expect(ForeignImageFormat.identify(name: "VOLUME.NII.GZ", head: [0x1f, 0x8b]) == .nifti)
        #expect(ForeignImageFormat.identify(name: "weights.pth", head: Array("PK\u{3}\u{4}".utf8)) == .pytorch)
        #expect(ForeignImageFormat.identify(name: "scan.mhd") == .metaImage)
        #expect(ForeignImageFormat.identify(name: "RIFF.wav", head: Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVE".utf8)) == nil)
    }

    @Test func emptyFolderGivesNothing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let listing = InputDiscovery.listInputs([folder.path], recursive: true)
        #expect(listing.files.isEmpty)
        #expect(listing.foldersWithoutInputs == [FolderWithoutInputs(path: folder.path, subfolders: [], recursive: true)])
        #expect(listing.foldersWithoutInputs.first?.note(recursion: "--recursive")
                == "\(folder.path) holds no PNG files, nor does any folder below it")
    }

    /// Masks one folder down (`run1/`, `run2/`) give an empty batch without recursion: the listing names the folder
    /// and the sub-folders it passed over, so the batch can say why it is empty and what reads them.
    @Test func aFolderWhoseMasksLieOneFolderDownIsNamed() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for name in ["run2/a.png", "run1/b.png", "run3/c.png", "run4/d.png", "notes.txt", "z.npy"] {
            try folder.write([1], to: name)
        }
        let other = try makeTree()
        defer { other.remove() }
        let listing = InputDiscovery.listInputs([folder.path, other.path], recursive: false)
        #expect(listing.foldersWithoutInputs == [FolderWithoutInputs(path: folder.path, subfolders: ["run4", "run3", "run2", "run1"], recursive: false)],
                "only the folder that contributed nothing, its sub-folders in byte order; the other contributed")
        let folderNote = try #require(listing.foldersWithoutInputs.first)
        #expect(folderNote.subfolders == ["run1", "run2", "run3", "run4"])
        #expect(folderNote.note(recursion: "--recursive")
                == "\(folder.path) holds no PNG files of its own but 4 sub-folders (run1, run2, run3, ...): --recursive reads the PNG files in them")
        #expect(folderNote.note(recursion: nil)
                == "\(folder.path) holds no PNG files of its own, only 4 sub-folders (run1, run2, run3, ...): name the folder that holds the PNG files")
        #expect(FolderWithoutInputs(path: "x", subfolders: ["b", "a"], recursive: false).note(recursion: "--recursive")
                == "x holds no PNG files of its own but 2 sub-folders (a, b): --recursive reads the PNG files in them")
        #expect(FolderWithoutInputs(path: "x", subfolders: ["a"], recursive: false).note(recursion: "--recursive")
                == "x holds no PNG files of its own but a sub-folder, a: --recursive reads the PNG files in them")
        #expect(listing.notes.count == 1 && listing.notes[0].contains("z.npy"), "the NumPy file keeps its own note")

        let recursive = InputDiscovery.listInputs([folder.path], recursive: true)
        #expect(recursive.files.count == 4)
        #expect(recursive.foldersWithoutInputs.isEmpty)
        // A folder holding only a PNG that cannot be read contributed an input (an error row): no note.
        let broken = try TemporaryFolder()
        defer { broken.remove() }
        symlink(broken.path + "/nowhere", broken.path + "/gone.png")
        #expect(InputDiscovery.listInputs([broken.path], recursive: false).foldersWithoutInputs.isEmpty)
    }

    @Test func utf8ByteOrder() {
        // "Z" (0x5A) < "a" (0x61) < "é" (0xC3 0xA9); Unicode-aware orders put "é" elsewhere.
        let sorted = ["é", "a", "Z", "ab", "e\u{301}"].sorted(by: UTF8Order.precedes)
        #expect(sorted == ["Z", "a", "ab", "e\u{301}", "é"])
    }
}
