import FileIO
import NumpyFormats

/// The masks a batch command works on, found from its PATH arguments.
public struct MaskInputListing: Sendable {
    /// Every mask: files in the order of `InputDiscovery` (sorted by path), each stack's masks at its file's
    /// place in the array's order.
    public let inputs: [MaskInput]
    /// Things the user should know that lose no input.
    public let notes: [String]
    /// Whether any argument is a NumPy stack, read or not (the tables then have an `index` column).
    public let hasStacks: Bool
    /// The files the masks are read from, each once.
    public var inputPaths: [String] {
        var seen = Set<String>()
        return inputs.map(\.path).filter { seen.insert($0).inserted }
    }

    /// Inputs already listed (a shard's share of a listing).
    public init(inputs: [MaskInput], notes: [String], hasStacks: Bool) {
        self.inputs = inputs
        self.notes = notes
        self.hasStacks = hasStacks
    }

    /// Lists the masks named by `arguments`: folders and PNG files as `InputDiscovery` lists them, and each
    /// `.npy` or `.npz` file argument as its stack's masks (`member` chooses an archive's array). A stack that
    /// cannot be read is one input holding the reason, so it shows as an error row. A folder argument that
    /// contributes no mask is a note, which names `recursion` (how the caller has sub-folders read, if it can).
    public init(_ arguments: [String], recursive: Bool, recursion: String? = nil, member: String? = nil,
                maxPixels: UInt64 = PNGReader.defaultMaxPixels) {
        let listing = InputDiscovery.listInputs(arguments, recursive: recursive)
        var inputs: [MaskInput] = []
        var notes = listing.notes + listing.foldersWithoutInputs.map { $0.note(recursion: recursion) }
        let stackArguments = Set(arguments)
        var hasStacks = false
        for file in listing.files {
            guard file.problem == nil, stackArguments.contains(file.path), MaskStack.isArrayFile(file.path) else {
                inputs.append(MaskInput(file))
                continue
            }
            hasStacks = true
            do {
                let stack = try MaskStack(path: file.path, member: NpzArchive.isArchive(file.path) ? member : nil, maxPixels: maxPixels)
                if stack.count == 0 { notes.append("\(stack.name) holds no masks") }
                inputs += (0..<stack.listedCount).map { MaskInput(stack: stack, index: $0, path: file.path) }
            } catch {
                inputs.append(MaskInput(unreadable: file.path, problem: error.reason))
            }
        }
        if member != nil, !listing.files.contains(where: { NpzArchive.isArchive($0.path) }) {
            notes.append("--member names an array of an .npz archive, and no input is one")
        }
        self.inputs = inputs
        self.notes = notes
        self.hasStacks = hasStacks
    }
}
