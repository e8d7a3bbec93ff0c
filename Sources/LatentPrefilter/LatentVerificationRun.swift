import Learning
import Matrices

/// `latent verify` as a value: a prefilter's promise for one group checked on a generation run read from a
/// latent dataset. The command and the pipeline's verify step both run it.
public struct LatentVerificationRun: Sendable {
    /// The prefilter whose promise is checked.
    public var model: PrefilterModel
    /// The group whose promise is checked; nil for a model of one group.
    public var group: String?
    /// The strategy whose threshold and promise are checked; nil for the model's.
    public var strategy: ThresholdStrategy?
    /// The outcome column, 1 for a good image; nil for the target the model was trained on.
    public var target: String?
    /// Seed of the bootstrap.
    public var seed: UInt64

    /// A check of `model`'s promise.
    public init(model: PrefilterModel, group: String? = nil, strategy: ThresholdStrategy? = nil, target: String? = nil, seed: UInt64 = 0) {
        self.model = model
        self.group = group
        self.strategy = strategy
        self.target = target
        self.seed = seed
    }

    /// What keeps a run from being checked, each naming the option that would fix it.
    public enum Problem: Error, Sendable, CustomStringConvertible {
        /// No group was named, and the model has several.
        case groupNeeded(available: [String])
        /// The model has no screen for the group or strategy.
        case screening(LatentScreening.Problem)
        /// The model holds no promise for the strategy.
        case promise(LatentVerification.Problem)
        /// The run has no such outcome column.
        case noTarget(String, path: String, available: [String])
        /// The run's vectors have another length than the model's.
        case dimensions(path: String, run: Int, model: Int)
        /// The run has no rows of the group.
        case noRows(group: String, path: String, available: [String])
        /// The rows cannot be checked (none passes, say).
        case verification(LatentVerification.Problem)

        /// The option a user changes to fix it; nil when the run itself cannot be checked.
        public var option: String? {
            switch self {
            case .groupNeeded, .noRows: "--group"
            case .screening(.unknownGroup): "--group"
            case .screening(.threshold): "--strategy"
            case .screening(.classifier), .promise: "--model"
            case .noTarget: "--target"
            case .dimensions: "--data"
            case .verification: nil
            }
        }

        /// The message, naming what to change.
        public var description: String {
            switch self {
            case .groupNeeded(let available):
                "the model has \(available.count) groups; name one of them (\(available.joined(separator: ", ")))"
            case .screening(let error): "\(error)"
            case .promise(let error), .verification(let error): "\(error)"
            case .noTarget(let target, let path, let available):
                "\(path) has no 0/1 column '\(target)' (it has \(available.joined(separator: ", ")))"
            case .dimensions(let path, let run, let model):
                "\(path) has \(run) dimensions; the model was trained on \(model)"
            case .noRows(let group, let path, let available):
                "\(path) has no rows of group '\(group)' (it has \(available.joined(separator: ", ")))"
            }
        }
    }

    /// The group checked: the one named, or the model's only one.
    public func checkedGroup() throws(Problem) -> String {
        let groups = model.groups.map(\.group)
        guard let group = group ?? (groups.count == 1 ? groups.first : nil) else { throw .groupNeeded(available: groups) }
        return group
    }

    /// The verdict on the rows of the group in `run` (read from `path`, named in problems).
    public func verify(_ run: LatentDataset, path: String) throws(Problem) -> LatentVerification {
        let group = try checkedGroup()
        let target = target ?? model.target
        let screening: LatentScreening
        do {
            screening = try LatentScreening(model: model, group: group, threshold: .strategy(strategy))
        } catch {
            throw .screening(error)
        }
        let promise: LatentPromise
        do {
            promise = try LatentVerification.promise(in: model, group: group, strategy: strategy)
        } catch {
            throw .promise(error)
        }
        guard let outcomes = run.labels(target) else { throw .noTarget(target, path: path, available: run.targetNames) }
        guard run.latents.columns == model.dimensions else {
            throw .dimensions(path: path, run: run.latents.columns, model: model.dimensions)
        }
        let rows = run.groups.indices.filter { run.groups[$0] == group }
        guard !rows.isEmpty else { throw .noRows(group: group, path: path, available: run.groupNames) }
        do {
            return try LatentVerification(screening: screening, promise: promise, latents: run.latents.selecting(rows: rows),
                                          outcomes: rows.map { outcomes[$0] }, seed: seed,
                                          seen: model.groups.first { $0.group == group }?.seenVectors)
        } catch {
            throw .verification(error)
        }
    }
}
