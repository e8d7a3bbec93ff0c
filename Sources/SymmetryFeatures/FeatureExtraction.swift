import BatchFiles
import Dispatch
import MaskImage
import Synchronization

/// How masks are turned into features: the grey threshold, the dilation radius and the pixel limit.
public struct FeatureSettings: Equatable, Sendable {
    /// DESIGN's default foreground threshold (the study's 0.5 cut on a probability map).
    public static let defaultThreshold: UInt8 = 128
    /// DESIGN's default dilation radius.
    public static let defaultDilationRadius = 5

    /// A pixel is foreground when its grey value is at least this.
    public var threshold: UInt8
    /// Radius of the square dilation element.
    public var dilationRadius: Int
    /// Largest image accepted, in pixels.
    public var maxPixels: UInt64

    /// Settings with DESIGN's defaults unless stated.
    public init(threshold: UInt8 = FeatureSettings.defaultThreshold,
                dilationRadius: Int = FeatureSettings.defaultDilationRadius,
                maxPixels: UInt64 = PNGReader.defaultMaxPixels) {
        self.threshold = threshold
        self.dilationRadius = dilationRadius
        self.maxPixels = maxPixels
    }
}

/// Computes the features of many mask files in parallel, one row per input, in input order.
public enum FeatureExtraction {
    /// Files handed to a worker at a time; fixed, so the work split never depends on `jobs`.
    static let chunkSize = 32

    /// The row of one input file.
    public static func row(for input: InputFile, settings: FeatureSettings) -> FeatureRow {
        if let problem = input.problem {
            return .error(input.path, problem)
        }
        do {
            let mask = try PNGReader(maxPixels: settings.maxPixels).mask(atPath: input.path, threshold: settings.threshold)
            guard let features = SymmetryFeatures(of: mask, dilationRadius: settings.dilationRadius) else {
                return .empty(input.path)
            }
            return .ok(input.path, features)
        } catch {
            return .error(input.path, error.reason)
        }
    }

    /// The rows of `inputs`, in the same order, computed on up to `jobs` threads.
    ///
    /// - Parameter progress: called now and then with the number of files done so far (from any thread).
    public static func rows(for inputs: [InputFile], settings: FeatureSettings, jobs: Int,
                            progress: (@Sendable (Int) -> Void)? = nil) -> [FeatureRow] {
        let chunkCount = (inputs.count + chunkSize - 1) / chunkSize
        let results = Mutex<[FeatureRow?]>(Array(repeating: nil, count: inputs.count))
        let nextChunk = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, chunkCount))) { _ in
            while true {
                let chunk = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
                guard chunk < chunkCount else { return }
                let range = chunk * chunkSize..<min(inputs.count, (chunk + 1) * chunkSize)
                let rows = range.map { row(for: inputs[$0], settings: settings) }
                results.withLock { all in
                    for (index, row) in zip(range, rows) { all[index] = row }
                }
                let finished = done.wrappingAdd(range.count, ordering: .relaxed).newValue
                progress?(finished)
            }
        }
        return results.withLock { all in
            zip(inputs, all).map { input, row in row ?? .error(input.path, "internal error: not processed") }
        }
    }
}
