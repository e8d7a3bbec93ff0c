import FileIO
import NumpyFormats

/// Stacks `.npy` files of one element type and width row-wise into one (the merge of `latent screen` shards),
/// block by block, so that memory stays bounded.
public enum NumpyConcatenation {
    /// Writes the rows of `inputs`, in order, to `output`; refuses inputs of different types or widths, or
    /// holding other than the rows their shard records state.
    public static func write(_ inputs: [String], records: [ShardRecord], to output: String) throws(ShardMerge.Refusal) {
        let readers: [NumpyReader]
        do {
            readers = try inputs.map { path throws(VectorFileError) in try NumpyReader(path: path) }
        } catch {
            throw ShardMerge.Refusal(description: "\(error)")
        }
        guard let first = readers.first else { throw ShardMerge.Refusal(description: "no .npy files to merge") }
        for reader in readers where reader.columns != first.columns || reader.elementType != first.elementType {
            throw ShardMerge.Refusal(description: "\(reader.path) holds \(reader.elementType.rawValue) rows of \(reader.columns) values,"
                + " \(first.path) \(first.elementType.rawValue) rows of \(first.columns)")
        }
        do {
            let writer = try NumpyWriter(path: output, elementType: first.elementType, columns: first.columns)
            var buffer: [UInt8] = []
            for (reader, record) in zip(readers, records) {
                try ShardMerge.checkRows(reader.rowCount(), of: reader.path, against: record)
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
        } catch {
            throw ShardMerge.Refusal(description: "\(error)")
        }
    }
}
