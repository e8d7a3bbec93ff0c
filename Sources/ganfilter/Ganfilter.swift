import ArgumentParser
import BatchFiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `ganfilter` command: subcommands for each job, and DESIGN's exit statuses.
@main
struct Ganfilter: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "ganfilter",
        abstract: "Raise the share of usable images a GAN produces: filter masks after generation, latents before.",
        discussion: ExitStatusHelp.text,
        version: version,
        subcommands: [FeaturesCommand.self, TrainCommand.self, FilterCommand.self, LatentCommand.self, SynthCommand.self]
    )

    /// Parses, runs, and exits with DESIGN's statuses: a command's own status as it throws it, parse and
    /// validation errors 64 (the argument parser's default), help and version 0, anything else 70.
    static func main() {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        let commandType = type(of: command)
        do {
            try command.run()
        } catch let error as ExitCode {
            commandType.exit(withError: error)
        } catch let error as ValidationError {
            // A usage problem found while running (a model that does not fit, ...): the message, then 64.
            let parent = configuration.subcommands.first { group in
                group.configuration.subcommands.contains { $0 == commandType }
            }
            let names = [parent, commandType].compactMap { $0?.configuration.commandName }
            StandardError.print("Error: \(error.message)\nSee '\((["ganfilter"] + names).joined(separator: " ")) --help'.")
            commandType.exit(withError: ExitCode.validationFailure)
        } catch let error as OutputError {
            StandardError.print("ganfilter: cannot write \(error)")
            commandType.exit(withError: ExitCode(70))
        } catch {
            // The parser maps its own errors (usage, help) to 64 or 0; an error it does not know maps to 1.
            if exitCode(for: error) == .failure {
                StandardError.print("ganfilter: internal error: \(error)")
                commandType.exit(withError: ExitCode(70))
            }
            commandType.exit(withError: error)
        }
    }
}

/// The exit statuses every command shares, for `--help`.
enum ExitStatusHelp {
    static let text = """
        Exit statuses (every command):
          0   every input was read (empty masks count as read)
          1   some inputs unreadable or rejected (the output is complete)
          2   nothing usable: no inputs, or none readable
          64  usage error (bad option or argument)
          70  internal error, or an output could not be written
        """
}
