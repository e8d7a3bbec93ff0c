import Foundation
import Realism

/// The distinct sizes of the masks a features table measured (its `ok` and `empty` rows), which its settings
/// record (`FeatureTableSettings.maskSizes`) and a model trained on it keeps, so that `filter` can say when it
/// is given masks of a size the model never learned from (`ModelInputs.sizeWarning`). At most `limit` sizes are
/// recorded: a table of more has none recorded, and nothing is said of its model.
public struct MaskSizes: Equatable, Sendable, Codable, CustomStringConvertible {
    /// The most sizes a record holds.
    public static let limit = 64

    /// The sizes, ascending (`MaskSize`'s order), each once.
    public let sizes: [MaskSize]

    /// The distinct sizes of `sizes`; nil when there are more than `limit`.
    public init?(_ sizes: some Sequence<MaskSize>) {
        let distinct = Set(sizes)
        guard distinct.count <= Self.limit else { return nil }
        self.sizes = distinct.sorted()
    }

    /// The sizes of `rows`' masks; nil when a row of a measured mask (`ok` or `empty`) has none (it was read from
    /// a table that does not record them) or when they are more than `limit`.
    public init?(of rows: [FeatureRow]) {
        var sizes: [MaskSize] = []
        for row in rows where row.status != .error {
            guard let size = row.size else { return nil }
            sizes.append(size)
        }
        self.init(sizes)
    }

    /// Decodes a list of sizes; more than `limit` is refused, as a damaged record.
    public init(from decoder: any Decoder) throws {
        let sizes = try decoder.singleValueContainer().decode([MaskSize].self)
        guard let recorded = MaskSizes(sizes) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "at most \(Self.limit) mask sizes are recorded, got \(sizes.count)"))
        }
        self = recorded
    }

    /// Encodes the list of sizes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(sizes)
    }

    /// Whether `size` is among them.
    public func contains(_ size: MaskSize) -> Bool {
        sizes.contains(size)
    }

    /// The sizes of both; nil when either is unknown or together they are more than `limit`.
    public static func union(_ first: MaskSizes?, _ second: MaskSizes?) -> MaskSizes? {
        guard let first, let second else { return nil }
        return MaskSizes(first.sizes + second.sizes)
    }

    /// The first three sizes, and how many more, for messages: "256x256", "128x128, 256x256 and 3 more".
    public var description: String {
        let named = sizes.prefix(3).map(\.description).joined(separator: ", ")
        return sizes.count > 3 ? "\(named) and \(sizes.count - 3) more" : named
    }
    /// The note for masks of sizes `measured` (each mask just read, once) compared with real masks of size
    /// `reference` when some have another size: how many, their sizes, that each was compared resized to the
    /// reference's size by the nearest pixel, and how that changes their proportions when it does (width over
    /// height, by more than 1%); nil when every mask is the reference's size. The commands say it once for a run;
    /// `ReferenceSet.resizeNote` says the same of each mask, in a decision's reason.
    public static func resizeNote(_ measured: [MaskSize], reference: MaskSize) -> String? {
        let other = measured.filter { $0 != reference }
        guard !other.isEmpty, let sizes = MaskSizes(other) ?? MaskSizes(other.prefix(limit)) else { return nil }
        let aspect = { (size: MaskSize) in Double(size.width) / Double(size.height) }
        let proportions = sizes.sizes.first { abs(aspect($0) / aspect(reference) - 1) > 0.01 }.map { size in
            "; that changes their proportions (width over height \(String(format: "%.2f", aspect(size))) for \(size), "
                + "\(String(format: "%.2f", aspect(reference))) for the reference's)"
        } ?? ""
        return "\(other.count) of the \(measured.count) masks are \(sizes) and not the reference's \(reference): each is "
            + "compared resized to \(reference) by the nearest pixel" + proportions
    }

    /// `resizeNote(_:reference:)` for masks just compared with the real masks of `reference`.
    public static func resizeNote(_ measured: [MaskSize], against reference: ReferenceSet) -> String? {
        MaskSize(width: reference.width, height: reference.height).flatMap { resizeNote(measured, reference: $0) }
    }
}
