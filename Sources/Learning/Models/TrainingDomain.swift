/// Where a model is trained; the default grids differ (the design's grid for mask features is wider than the
/// study's for latents).
public enum TrainingDomain: Sendable, Hashable {
    /// Mask features (`ganfilter train`).
    case masks
    /// Latent vectors (`ganfilter latent train`).
    case latents
}
