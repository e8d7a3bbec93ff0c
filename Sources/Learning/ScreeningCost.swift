/// What generating and screening cost: the generator's seconds per image and the screen's seconds per vector.
public struct ScreeningCost: Equatable, Sendable {
    /// Seconds to generate one image (T0).
    public let generationSeconds: Double
    /// Seconds to screen one vector (C).
    public let screenSeconds: Double

    /// A cost; both times in seconds.
    public init(generationSeconds: Double, screenSeconds: Double) {
        self.generationSeconds = generationSeconds
        self.screenSeconds = screenSeconds
    }

    /// the design's speed-up with screening cost at base precision `p1`, precision `p2` and pass rate `passRate`.
    public func speedup(p1: Double, p2: Double, passRate: Double) -> Double? {
        SpeedUp.withCost(p1: p1, p2: p2, generationSeconds: generationSeconds, screenSeconds: screenSeconds, passRate: passRate)
    }
}
