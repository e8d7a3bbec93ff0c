import SeededRandom

/// The prior latent vectors are drawn from, coordinate by coordinate: what a prefilter was trained for, what
/// `latent sample` draws from and what `synth latent` makes.
public enum LatentDistribution: String, Codable, Sendable, CaseIterable {
    /// Uniform on [-1, 1] (the study's text).
    case uniform
    /// Standard normal.
    case normal

    /// One coordinate.
    public func draw(_ random: inout SeededGenerator) -> Double {
        self == .uniform ? random.uniform(-1, 1) : random.normal()
    }
}
