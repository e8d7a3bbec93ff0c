/// The masks a batch command works on: files and stacks named on the command line (`MaskInputListing`), or one
/// stack streamed on standard input (`-`, `MaskStream`), which is read band by band as the work goes.
public enum MaskBatch {
    /// Files, folders and stack files.
    case listed(MaskInputListing)
    /// A stack on standard input.
    case stream(MaskStream)

    /// The batch that `arguments` name: standard input when they are `-` alone, else what `MaskInputListing`
    /// lists (`recursion` as there). `-` among other arguments is refused, since a stream and files cannot share
    /// an order.
    public init(_ arguments: [String], recursive: Bool, recursion: String? = nil, member: String? = nil,
                maxPixels: UInt64 = PNGReader.defaultMaxPixels) throws(MaskImageError) {
        if arguments == ["-"] {
            self = .stream(try MaskStream(maxPixels: maxPixels))
        } else if arguments.contains("-") {
            throw .invalidArray(path: "-", detail: "standard input (-) is a stack of masks on its own; name no other input with it")
        } else {
            self = .listed(MaskInputListing(arguments, recursive: recursive, recursion: recursion, member: member, maxPixels: maxPixels))
        }
    }

    /// How many masks (a stream's header count).
    public var count: Int {
        switch self {
        case .listed(let listing): return listing.inputs.count
        case .stream(let stream): return stream.count
        }
    }

    /// What the user should know that loses no input.
    public var notes: [String] {
        if case .listed(let listing) = self { return listing.notes }
        return []
    }

    /// The files read (none for a stream), for checks that no output replaces an input.
    public var inputPaths: [String] {
        if case .listed(let listing) = self { return listing.inputPaths }
        return []
    }

    /// Whether any mask comes from a NumPy stack (the tables then have an `index` column).
    public var hasStacks: Bool {
        switch self {
        case .listed(let listing): return listing.hasStacks
        case .stream: return true
        }
    }

    /// The masks in order, in one band for listed inputs (read as they are measured) and in bands of bounded
    /// bytes for a stream.
    public func forEachBand(_ body: ([MaskInput]) -> Void) {
        switch self {
        case .listed(let listing): body(listing.inputs)
        case .stream(let stream): stream.forEachBand(body)
        }
    }

    /// `transform` of every band and the position of its first mask in the batch, joined in order; `progress`
    /// counts masks over the whole batch (each band's count offset by the masks before it).
    public func mapBands<T>(progress: (@Sendable (Int) -> Void)?,
                            _ transform: ([MaskInput], _ start: Int, (@Sendable (Int) -> Void)?) -> [T]) -> [T] {
        var results: [T] = []
        forEachBand { band in
            let before = results.count
            results += transform(band, before, progress.map { report in { @Sendable done in report(before + done) } })
        }
        return results
    }
}
