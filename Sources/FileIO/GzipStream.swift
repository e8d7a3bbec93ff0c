import CZlib

/// A gzip stream compressed as it is written (zlib's deflate, level 9, the header of `gzopen(path, "wb9")`):
/// bytes in, compressed bytes out, and the end of the stream from `finish()`. A streamed output named `.gz`
/// (`latent screen --indices kept.txt.gz`) is compressed so without holding the whole text.
public final class GzipStream {
    /// zlib's state refers back to its `z_stream`, which must therefore never move.
    private let stream: UnsafeMutablePointer<z_stream>
    /// The output the stream is for, named in errors.
    private let path: String
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var finished = false

    /// Starts a stream for the output at `path`.
    public init(path: String) throws(OutputError) {
        self.path = path
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard deflateInit2_(stream, 9, Z_DEFLATED, MAX_WBITS + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            throw OutputError(path: path, reason: "cannot start zlib")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// The compressed bytes of `bytes`, as far as zlib has them ready; the rest comes with later calls.
    public func compress(_ bytes: [UInt8]) throws(OutputError) -> [UInt8] {
        try run(bytes, flush: Z_NO_FLUSH)
    }

    /// The rest of the compressed stream, with gzip's trailer (CRC-32 and length). The stream takes no bytes after.
    public func finish() throws(OutputError) -> [UInt8] {
        guard !finished else { return [] }
        finished = true
        return try run([], flush: Z_FINISH)
    }

    private func run(_ bytes: [UInt8], flush: Int32) throws(OutputError) -> [UInt8] {
        guard !finished || flush == Z_FINISH else { throw OutputError(path: path, reason: "the gzip stream was already finished") }
        var output: [UInt8] = []
        var input = bytes
        var status = Z_OK
        input.withUnsafeMutableBufferPointer { input in
            stream.pointee.next_in = input.baseAddress
            stream.pointee.avail_in = UInt32(input.count)
            repeat {
                buffer.withUnsafeMutableBufferPointer { out in
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = UInt32(out.count)
                    status = deflate(stream, flush)
                    output += out[..<(out.count - Int(stream.pointee.avail_out))]
                }
                // Without a flush, deflate is done with the input when it leaves room in the output.
            } while status == Z_OK && (flush == Z_FINISH || stream.pointee.avail_out == 0)
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
        let done = flush == Z_FINISH ? status == Z_STREAM_END : (status == Z_OK || status == Z_BUF_ERROR)
        guard done else { throw OutputError(path: path, reason: "cannot compress (zlib status \(status))") }
        return output
    }
}
