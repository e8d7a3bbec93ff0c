import FileIO

/// Stacks `.npy` files of one element type and width row-wise into one (the merge of `latent screen` shards),
/// block by block, so that memory stays bounded.
public enum NumpyConcatenation {
    /// Why files cannot be stacked, naming the file.
    public struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        /// What is wrong.
        public let description: String

        /// A refusal saying `description`.
        public init(description: String) {
            self.description = description
        }
    }

    /// Writes the rows of `inputs`, in order, to `output` atomically; refuses inputs of different types or
    /// widths. `checkRows` hears each input's path and row count before its rows are copied, and refuses it by
    /// returning why.
    public static func write(_ inputs: [String], to output: String,
                             checkRows: (_ path: String, _ rows: Int) -> String? = { _, _ in nil }) throws(Refusal) {
        let readers: [NumpyReader]
        do {
            readers = try inputs.map { path throws(VectorFileError) in try NumpyReader(path: path) }
        } catch {
            throw Refusal(description: "\(error)")
        }
        guard let first = readers.first else { throw Refusal(description: "no .npy files to stack") }
        for reader in readers where reader.columns != first.columns || reader.elementType != first.elementType {
            throw Refusal(description: "\(reader.path) holds \(reader.elementType.rawValue) rows of \(reader.columns) values,"
                + " \(first.path) \(first.elementType.rawValue) rows of \(first.columns)")
        }
        do {
            let writer = try NumpyWriter(path: output, elementType: first.elementType, columns: first.columns)
            var buffer: [UInt8] = []
            for reader in readers {
                if let problem = checkRows(reader.path, reader.rowCount()) { throw Refusal(description: problem) }
                while true {
                    let rows = try reader.nextRawBlock(maxRows: 65_536, into: &buffer)
                    guard rows > 0 else { break }
                    var failure: OutputError?
                    buffer.withUnsafeBytes { bytes in
                        do throws(OutputError) {
                            try writer.appendRaw(UnsafeRawBufferPointer(rebasing: bytes[..<(rows * first.columns * first.elementType.size)]),
                                                 rows: rows)
                        } catch {
                            failure = error
                        }
                    }
                    if let failure { throw failure }
                }
            }
            try writer.finish()
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw Refusal(description: "\(error)")
        }
    }
}
