import FileIO

/// What a command writes to a file, and so which names would say another format: `OutputPath.validate(_:option:as:)`
/// refuses those before any work, so that `-o decisions.jsonl` or `-o model.json.gz` does not leave one format under
/// a name that NumPy, pandas, gzip or ganfilter reads as another.
enum OutputKind: Sendable {
    /// A CSV table (decisions, suggestions, issues); `.gz`: compressed.
    case csvTable
    /// A features table, CSV or JSON Lines as its name says (`FeatureTable.Format(outputNamed:)`); `.gz`: compressed.
    case featureTable
    /// A latent dataset: a NumPy `.npz` archive when named so, else CSV (`.gz`: compressed).
    case latentDataset
    /// A NumPy `.npy` array.
    case numpyArray
    /// Lines of text (kept indices); `.gz`: compressed.
    case textLines
    /// A JSON document (a model, a verification), written plain (ganfilter reads models plain).
    case json

    /// What the output is, as a usage error says it.
    var description: String {
        switch self {
        case .csvTable: "a CSV table"
        case .featureTable: "a features table, CSV or JSON Lines"
        case .latentDataset: "a latent dataset, CSV or a NumPy .npz archive"
        case .numpyArray: "a NumPy .npy file"
        case .textLines: "lines of text"
        case .json: "a JSON document"
        }
    }

    /// The names to give it, as a usage error says them.
    var names: String {
        switch self {
        case .csvTable: ".csv (or .csv.gz)"
        case .featureTable: ".csv or .jsonl (or either .gz)"
        case .latentDataset: ".csv, .csv.gz or .npz"
        case .numpyArray: ".npy"
        case .textLines: ".txt (or .txt.gz)"
        case .json: ".json"
        }
    }

    /// Whether a name ending in `.gz` is written gzip-compressed (else it would hold plain bytes under gzip's name).
    var compresses: Bool {
        switch self {
        case .csvTable, .featureTable, .latentDataset, .textLines: true
        case .numpyArray, .json: false
        }
    }

    /// The endings (lower case) that name another format, checked on the name less a `.gz` this kind compresses.
    var otherFormats: [String] {
        let json = [".json"], jsonLines = [".jsonl", ".ndjson"], numpy = [".npy", ".npz"], csv = [".csv", ".tsv"]
        switch self {
        case .csvTable, .textLines: return json + jsonLines + numpy
        case .featureTable: return json + numpy
        case .latentDataset: return json + jsonLines + [".npy", ".npz.gz"]
        case .numpyArray: return []
        case .json: return jsonLines + numpy + csv
        }
    }

    /// Why a file named `path` would hold this kind under another format's name (a phrase to follow "this output is
    /// `description`", empty when no more is to be said), or nil when the name fits.
    func misnamed(_ path: String) -> String? {
        let name = path.lowercased()
        if let compression = ForeignCompression.named(name) {
            // pandas and the compression's own tools infer it from the name: ganfilter writes none of them.
            return ", which ganfilter compresses as gzip alone, not \(compression.name)"
        }
        if self == .numpyArray {
            return name.hasSuffix(".npy") ? nil : ""
        }
        let compressed = Gzip.isCompressedName(name)
        if compressed, !compresses {
            return ", written plain, not .gz"
        }
        // A latent dataset compresses its CSV form alone: `.npz.gz` is among its other formats, as it stands.
        let checked = compressed && !(self == .latentDataset && name.hasSuffix(".npz.gz")) ? Gzip.uncompressedName(name) : name
        return otherFormats.first(where: checked.hasSuffix).map { ", not \($0)" }
    }
}
