import ArgumentParser
import Learning

/// The candidate grid that `--model`/`--models` and `--param` describe, built the same way by both training
/// commands from `ModelCatalogue`.
enum ModelGridArguments {
    /// The grid of the kinds `names` (comma-separated) select in `domain`, with the `--param` assignments applied;
    /// errors name the option (`modelOption` or `--param`).
    static func grid(names: String, parameters: [String], domain: TrainingDomain, modelOption: String) throws -> ParameterGrid {
        var grid: ParameterGrid
        do {
            grid = try ParameterGrid(named: names.split(separator: ",").map(String.init), domain: domain)
        } catch {
            throw ValidationError("\(modelOption): \(error)")
        }
        for parameter in parameters {
            do {
                try grid.replacing(assignments: [parameter])
            } catch {
                throw ValidationError("--param \(parameter): \(error)")
            }
        }
        return grid
    }

    /// The catalogue as `--help` lists it: each kind offered in `domain` with its default grid.
    static func help(_ domain: TrainingDomain) -> String {
        ModelCatalogue.kinds(in: domain).map { kind in
            let axes = kind.axes.map { "\($0.name)=\($0.defaults(for: domain).joined(separator: ","))" }
            return "- \(kind.name): \(kind.summary)" + (axes.isEmpty ? "" : "; " + axes.joined(separator: " "))
        }.joined(separator: "\n")
    }
}
