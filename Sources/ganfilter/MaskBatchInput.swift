import ArgumentParser
import MaskImage

extension MaskBatch {
    /// The batch that PATH arguments name, for a command: `-` among other inputs is a usage error (64); a stream
    /// on standard input whose header cannot be read is a bad input (2, the reason printed).
    static func parse(_ arguments: [String], recursive: Bool, member: String? = nil,
                      maxPixels: UInt64 = PNGReader.defaultMaxPixels) throws -> MaskBatch {
        guard arguments == ["-"] || !arguments.contains("-") else {
            throw ValidationError("standard input (-) is a stack of masks on its own; name no other input with it")
        }
        do {
            return try MaskBatch(arguments, recursive: recursive, recursion: "--recursive", member: member, maxPixels: maxPixels)
        } catch {
            StandardError.print("ganfilter: \(error.description)")
            throw ExitCode(2)
        }
    }
}
