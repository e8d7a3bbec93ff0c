import FileIO

/// One mask of a batch: a PNG file, or one mask of a NumPy stack (`MaskStack`).
public struct MaskInput: Sendable {
    /// Where the mask is read from.
    public enum Source: Sendable {
        /// A PNG file (its path is the input's name).
        case file
        /// Mask `index` of a stack.
        case stack(MaskStack, index: Int)
        /// A mask already read (from a stream): grey levels cut at the grey threshold when `isGrey`, else 255 or 0.
        case image(GreyImage, isGrey: Bool)
    }

    /// The row's name: the path as given (or as `ARG/relative/path`), or `FILE.npy[i]`, `FILE.npz:MEMBER[i]`.
    public let name: String
    /// The file the mask is read from: the path, or the stack's file.
    public let path: String
    /// Why the input is unusable, found before reading it; nil when it is to be read.
    public let problem: String?
    /// Where the mask is.
    public let source: Source

    /// A PNG input as listed by `InputDiscovery`.
    public init(_ file: InputFile) {
        name = file.path
        path = file.path
        problem = file.problem
        source = .file
        index = nil
    }

    /// Mask `index` of `stack`, read from `path`.
    public init(stack: MaskStack, index: Int, path: String) {
        name = stack.name(of: index)
        self.path = path
        problem = nil
        source = .stack(stack, index: index)
        self.index = index
    }

    /// An input named `name` (a file) that cannot be read, for `problem`.
    public init(unreadable name: String, problem: String) {
        self.name = name
        path = name
        self.problem = problem
        source = .file
        index = nil
    }

    /// Mask `index` of a stream named `stream`, already read (`image`), or unreadable for `problem`.
    init(stream: String, index: Int, image: GreyImage?, isGrey: Bool, problem: String?) {
        name = "\(stream)[\(index)]"
        path = stream
        self.problem = problem ?? (image == nil ? "unreadable" : nil)
        source = image.map { .image($0, isGrey: isGrey) } ?? .file
        self.index = index
    }

    /// The mask's position in its stack (the `index` column); nil for a PNG file.
    public let index: Int?

    /// Reads the mask: a PNG's pixels whose grey value is at least `threshold`, or the stack's mask as
    /// `MaskStack.mask(at:threshold:)` reads it. Throws the listing's problem, if any.
    public func mask(threshold: UInt8, maxPixels: UInt64) throws(MaskImageError) -> BinaryMask {
        if let problem { throw .unreadable(path: name, detail: problem) }
        switch source {
        case .file: return try PNGReader(maxPixels: maxPixels).mask(atPath: name, threshold: threshold)
        case .stack(let stack, let index): return try stack.mask(at: index, threshold: threshold)
        case .image(let image, let isGrey): return BinaryMask(image, threshold: isGrey ? threshold : 255)
        }
    }
}

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
    /// cannot be read is one input holding the reason, so it shows as an error row.
    public init(_ arguments: [String], recursive: Bool, member: String? = nil, maxPixels: UInt64 = PNGReader.defaultMaxPixels) {
        let listing = InputDiscovery.listInputs(arguments, recursive: recursive)
        var inputs: [MaskInput] = []
        var notes = listing.notes
        let stackArguments = Set(arguments)
        var hasStacks = false
        for file in listing.files {
            guard file.problem == nil, stackArguments.contains(file.path), MaskStack.isArrayFile(file.path) else {
                inputs.append(MaskInput(file))
                continue
            }
            hasStacks = true
            do {
                let stack = try MaskStack(path: file.path, member: file.path.lowercased().hasSuffix(".npz") ? member : nil, maxPixels: maxPixels)
                if stack.count == 0 { notes.append("\(stack.name) holds no masks") }
                inputs += (0..<stack.count).map { MaskInput(stack: stack, index: $0, path: file.path) }
            } catch {
                inputs.append(MaskInput(unreadable: file.path, problem: error.reason))
            }
        }
        if member != nil, !listing.files.contains(where: { $0.path.lowercased().hasSuffix(".npz") }) {
            notes.append("--member names an array of an .npz archive, and no input is one")
        }
        self.inputs = inputs
        self.notes = notes
        self.hasStacks = hasStacks
    }
}
