import ArgumentParser
import FileIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `ganfilter` command: subcommands for each job, and the design's exit statuses.
@main
struct Ganfilter: ParsableCommand {
    static let version = "0.1.0"

    /// This process's command line, program name first, as `manifest.json` records it.
    static var commandLine: [String] { ["ganfilter"] + CommandLine.arguments.dropFirst() }

    static let configuration = CommandConfiguration(
        commandName: "ganfilter",
        abstract: "Raise the share of usable images a GAN produces: filter masks after generation, latents before.",
        discussion: ExitStatusHelp.text,
        version: version,
        subcommands: [PipelineCommand.self, FeaturesCommand.self, TrainCommand.self, FilterCommand.self, LabelCommand.self, LatentCommand.self, MergeCommand.self,
                      SynthCommand.self]
    )

    /// Parses, runs, and exits with the design's statuses: a command's own status as it throws it, parse and
    /// validation errors 64 (the argument parser's default), help and version 0, anything else 70.
    static func main() {
        InterruptCleanup.install()
        AllocatorSettings.install()
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        var status: ExitCode? = nil
        var failure: (any Error)? = nil
        do {
            try command.run()
        } catch {
            status = report(error, of: type(of: command))
            if status == nil { failure = error }
        }
        if let problem = StandardOutput.flush() {
            StandardError.print("ganfilter: cannot write standard output: \(problem)")
            status = ExitCode(70)
        }
        if let status { type(of: command).exit(withError: status) }
        if let failure { type(of: command).exit(withError: failure) }
    }

    /// Prints what `error`, thrown while running `commandType`, means to a user and returns the exit status it
    /// gives; nil when the argument parser's own handling applies (help, its usage errors).
    static func report(_ error: any Error, of commandType: ParsableCommand.Type) -> ExitCode? {
        switch error {
        case let error as ExitCode:
            return error
        case let error as ValidationError:
            // A usage problem found while running (a model that does not fit, ...): the message, then 64.
            let parent = configuration.subcommands.first { group in
                group.configuration.subcommands.contains { $0 == commandType }
            }
            let names = [parent, commandType].compactMap { $0?.configuration.commandName }
            StandardError.print("Error: \(error.message)\nSee '\((["ganfilter"] + names).joined(separator: " ")) --help'.")
            return .validationFailure
        case let error as OutputError:
            StandardError.print("ganfilter: cannot write \(error)")
            return ExitCode(70)
        default:
            // The parser maps its own errors (usage, help) to 64 or 0; an error it does not know maps to 1.
            guard exitCode(for: error) == .failure else { return nil }
            StandardError.print("ganfilter: internal error: \(error)")
            return ExitCode(70)
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
