import AnatomyFeatures
import FileIO
import MaskImage
import Parallelism
import Realism

/// How masks are turned into features: the grey threshold, the dilation radius, the feature set, the
/// reference of the realism columns and the pixel limit.
public struct FeatureSettings: Equatable, Sendable {
    /// the design's default foreground threshold (the study's 0.5 cut on a probability map).
    public static let defaultThreshold: UInt8 = 128
    /// the design's default dilation radius.
    public static let defaultDilationRadius = 5
    /// The grey thresholds a user may state.
    public static let greyThresholds = 0...255
    /// The dilation radii a user may state (a radius beyond any mask's size changes nothing).
    public static let dilationRadii = 0...4096

    /// A grey threshold or dilation radius out of its range.
    public enum RangeProblem: Error, Equatable, Sendable, CustomStringConvertible {
        /// The grey threshold is outside `greyThresholds`.
        case greyThreshold(Int)
        /// The dilation radius is outside `dilationRadii`.
        case dilationRadius(Int)

        /// The option a user changes.
        public var option: String {
            if case .greyThreshold = self { "--threshold" } else { "--dilation-radius" }
        }

        /// The field of a settings or model file that holds it.
        public var field: String {
            if case .greyThreshold = self { "grey_threshold" } else { "dilation_radius" }
        }

        /// The message, with the range the value must lie in.
        public var description: String {
            switch self {
            case .greyThreshold(let value): "the grey threshold must be in \(FeatureSettings.greyThresholds), got \(value)"
            case .dilationRadius(let value): "the dilation radius must be in \(FeatureSettings.dilationRadii), got \(value)"
            }
        }
    }

    /// Checks a grey threshold and a dilation radius against their ranges, wherever they come from (an option,
    /// a settings file, a model file).
    public static func check(greyThreshold: Int?, dilationRadius: Int?) throws(RangeProblem) {
        if let greyThreshold, !greyThresholds.contains(greyThreshold) { throw .greyThreshold(greyThreshold) }
        if let dilationRadius, !dilationRadii.contains(dilationRadius) { throw .dilationRadius(dilationRadius) }
    }

    /// A pixel is foreground when its grey value is at least this.
    public var threshold: UInt8
    /// Radius of the square dilation element.
    public var dilationRadius: Int
    /// Which columns are measured.
    public var set: FeatureSet
    /// Real masks to score each mask against (`--reference`), with their radii: the realism columns follow the set's.
    public var realism: LocalRealism?
    /// The real masks of the realism columns; setting it measures their radii (`LocalRealism`) once.
    public var reference: ReferenceSet? {
        get { realism?.reference }
        set { realism = newValue.map { LocalRealism($0) } }
    }
    /// Largest image accepted, in pixels.
    public var maxPixels: UInt64

    /// Settings with the design's defaults unless stated.
    public init(threshold: UInt8 = FeatureSettings.defaultThreshold,
                dilationRadius: Int = FeatureSettings.defaultDilationRadius, set: FeatureSet = .symmetry,
                reference: ReferenceSet? = nil, maxPixels: UInt64 = PNGReader.defaultMaxPixels) {
        self.threshold = threshold
        self.dilationRadius = dilationRadius
        self.set = set
        realism = reference.map { LocalRealism($0) }
        self.maxPixels = maxPixels
    }
}

/// Computes the features of many masks in parallel, one row per input, in input order.
public enum FeatureExtraction {
    /// Masks handed to a worker at a time; fixed, so the work split never depends on `jobs`. With a reference,
    /// their realism columns are computed together (`rows(forTile:settings:)`), reading the reference once a tile.
    static let chunkSize = 32

    /// The row of one input: named as the input is, with its stack index.
    public static func row(for input: MaskInput, settings: FeatureSettings) -> FeatureRow {
        rows(forTile: [input], at: 0, settings: settings)[0]
    }

    /// The rows of a few inputs, in order, the first at `start` of the batch: each measured alone, then, with a
    /// reference, their realism columns, the reference's index and scaled frames read once for them all
    /// (`ReferenceSet.diceBounds`, `ScaledReference.scores(_:by:)`), and the ways the masks sampled for it score
    /// higher turned (`MaskDrawing.isOrientationSample(position:)`).
    private static func rows(forTile inputs: [MaskInput], at start: Int, settings: FeatureSettings) -> [FeatureRow] {
        let measured = inputs.map { measuredRow(for: $0, settings: settings) }
        var rows = zip(inputs, measured).map { input, measured in
            var row = measured.row
            row.index = input.index
            return row
        }
        guard let realism = settings.realism else { return rows }
        let scored = measured.indices.filter { measured[$0].aligned != nil }
        let aligned = scored.compactMap { measured[$0].aligned }
        let bounds = realism.reference.diceBounds(aligned)
        let frames = aligned.map(ScaledMask.init)
        let scaled = realism.reference.scaled.scores(frames, by: .dice)
        let boundary = realism.reference.scaled.scores(frames, by: .boundary)
        let sampled = frames.indices.filter { MaskDrawing.isOrientationSample(position: start + scored[$0]) }
        let orientations = realism.reference.scaled.orientations(frames, at: sampled)
        for (k, position) in scored.enumerated() {
            guard let values = rows[position].values else { continue }
            let scores = realism.reference.scores(aligned[k], bounds: bounds[k])
            var row = FeatureRow.ok(rows[position].file, values + [scores.best, scores.meanOfBest, realism.score(aligned[k], bounds: bounds[k]),
                                                                    scaled[k], boundary[k]])
            (row.index, row.size, row.reachesEveryEdge, row.splitLevels, row.orientation)
                = (rows[position].index, rows[position].size, rows[position].reachesEveryEdge, rows[position].splitLevels, orientations[k])
            rows[position] = row
        }
        return rows
    }

    /// An input's row, without the realism columns, and with a reference its mask as they compare it (nil for no
    /// reference or no row with values).
    private static func measuredRow(for input: MaskInput, settings: FeatureSettings) -> (row: FeatureRow, aligned: AlignedMask?) {
        if let problem = input.problem {
            return (.error(input.name, problem), nil)
        }
        do {
            let reading = try input.read(threshold: settings.threshold, maxPixels: settings.maxPixels)
            let mask = reading.mask
            if settings.set != .symmetry, let problem = AnatomyFeatures.sizeProblem(mask) { return (.error(input.name, problem), nil) }
            let values = settings.set.measure(mask, dilationRadius: settings.dilationRadius)
            var row = values.map { FeatureRow.ok(input.name, $0) } ?? .empty(input.name)
            (row.size, row.reachesEveryEdge, row.splitLevels) = (MaskSize(width: mask.width, height: mask.height), mask.reachesEveryEdge,
                                                                 reading.splitLevels)
            return (row, values == nil ? nil : settings.realism.map { AlignedMask($0.reference.comparable(mask)) })
        } catch {
            return (.error(input.name, error.reason), nil)
        }
    }

    /// The rows of `inputs`, in the same order, computed on up to `jobs` threads; `start` is the position of the
    /// first in its batch (a band's of a stream).
    ///
    /// - Parameter progress: called now and then with the number of masks done so far (from any thread).
    public static func rows(for inputs: [MaskInput], startingAt start: Int = 0, settings: FeatureSettings, jobs: Int,
                            progress: (@Sendable (Int) -> Void)? = nil) -> [FeatureRow] {
        ParallelMap.mapTiles(count: inputs.count, jobs: jobs, tileSize: chunkSize, progress: progress) { range in
            rows(forTile: Array(inputs[range]), at: start + range.lowerBound, settings: settings)
        }
    }

    /// The rows of every mask of `batch`, in order, band by band (a stream is read while the previous band is
    /// measured); `progress` counts masks over the whole batch.
    public static func rows(for batch: MaskBatch, settings: FeatureSettings, jobs: Int,
                            progress: (@Sendable (Int) -> Void)? = nil) -> [FeatureRow] {
        batch.mapBands(progress: progress) { band, start, progress in
            Self.rows(for: band, startingAt: start, settings: settings, jobs: jobs, progress: progress)
        }
    }
}
