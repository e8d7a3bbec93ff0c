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
        subcommands: [FeaturesCommand.self, SynthCommand.self]
    )

    /// Parses, runs, and exits with DESIGN's statuses: parse and validation errors 64 (the argument
    /// parser's default), a command's own status as it returns it, anything unexpected 70.
    static func main() {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as ValidationError {
            exit(withError: error)
        } catch {
            StandardError.print("ganfilter: internal error: \(error)")
            exit(withError: ExitCode(70))
        }
    }
}

/// The exit statuses every command shares, for `--help`.
enum ExitStatusHelp {
    static let text = """
        Exit statuses (every command):
          0   every input was read (empty masks count as read)
          1   some inputs or rows were unreadable or rejected; the output is still complete
          2   nothing usable: no inputs, or none could be read
          64  usage error (bad option or argument)
          70  internal error (a bug, or an output that could not be written)
        """
}
