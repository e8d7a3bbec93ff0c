import Parallelism

/// A CSV file (plain or gzip-compressed; a byte-order mark is dropped) read as blocks of whole records, parsed
/// on up to `jobs` threads: memory holds a few blocks of text at a time, never the whole file.
///
/// Blocks end where the file's chunks end (at the last record boundary in each), never where the thread
/// count says, so what a block holds, and so every result, is the same for any `jobs`.
public final class CSVStream {
    private static let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n")

    /// The file.
    public let path: String
    /// The header's fields (the first record that is not blank).
    public private(set) var header: [String] = []
    /// The size of the file in bytes: the text's size when it is not compressed (for reserving memory).
    public var fileSize: Int { reader.fileSize }

    private let reader: ChunkReader
    /// Text after the last whole record read, and the line it starts on.
    private var pending: [UInt8] = []
    private var pendingLine = 1
    /// How many bytes of `pending` are counted, and the parity of their quotes (a record boundary can only
    /// follow an even number) and their line breaks.
    private var scanned = 0
    private var scannedQuoteParity = 0
    private var scannedNewlines = 0
    /// Line breaks in the piece `lastRecordBoundary` last found.
    private var pieceNewlines = 0
    private var atStart = true
    private var atEnd = false
    /// The records after the header in the block that held it, not yet handed out.
    private var firstBlock: CSVBlock?

    /// Opens `path` and reads its header; throws naming the file (and the line) when it cannot be read, is
    /// empty, or its first records are malformed. Blocks are cut from chunks of `chunkSize` bytes.
    public init(contentsOf path: String, chunkSize: Int = 1 << 19) throws(CSVTable.ParseError) {
        self.path = path
        do {
            reader = try ChunkReader(path: path, chunkSize: chunkSize)
        } catch {
            throw CSVTable.ParseError(path: path, line: 0, reason: error.reason)
        }
        while true {
            guard let piece = try nextPiece() else {
                throw CSVTable.ParseError(path: path, line: 1, reason: "the file is empty (no header)")
            }
            let block: CSVBlock
            do {
                block = try CSVBlock(piece.bytes, firstLine: piece.firstLine, path: path)
            } catch {
                throw CSVTable.withSeparatorHint(error, firstLine: piece.bytes)
            }
            if block.count > 0 {
                header = block.fields(0)
                headerLine = block.line(0)
                firstBlock = block.droppingFirstRecord()
                return
            }
        }
    }

    /// Reads the records after the header: parses blocks on up to `jobs` threads, calls `transform` on each
    /// (from any thread), and `consume` with its results in file order, one call at a time (from any thread).
    /// The first error in file order, a malformed record or an unreadable file, stops the reading and is
    /// rethrown.
    ///
    /// The work goes in rounds of two pieces of text a thread: while one round is parsed, one more task
    /// consumes the results of the round before and then reads the text of the round after, so that no
    /// thread waits for the reading or the consuming. What each block holds does not depend on `jobs`.
    public func forEachBlock<T: Sendable>(jobs: Int, transform: (CSVBlock) throws(CSVTable.ParseError) -> T,
                                          consume: (T) throws(CSVTable.ParseError) -> Void) throws(CSVTable.ParseError) {
        if let first = firstBlock {
            firstBlock = nil
            try consume(try transform(first))
        }
        let width = ParallelMap.width(jobs: jobs)
        var pieces = try nextPieces(width: width)
        var parsed: [T] = []  // the round before, not yet consumed
        while !pieces.isEmpty {
            let current = pieces, earlier = parsed
            pieces = []
            parsed = []
            // Task 0's errors come from earlier (consuming) or later (reading) text than the round's own.
            var consumed: Result<Void, CSVTable.ParseError> = .success(())
            var following: Result<[Piece], CSVTable.ParseError> = .success([])
            let round = Result { () throws(CSVTable.ParseError) in
                try ParallelMap.map(count: current.count + 1, jobs: jobs) { index throws(CSVTable.ParseError) -> T? in
                    guard index > 0 else {
                        consumed = Result { () throws(CSVTable.ParseError) in for value in earlier { try consume(value) } }
                        if case .success = consumed { following = Result { () throws(CSVTable.ParseError) in try nextPieces(width: width) } }
                        return nil
                    }
                    let piece = current[index - 1]
                    return try transform(try CSVBlock(piece.takeBytes(), firstLine: piece.firstLine, path: path))
                }
            }
            try consumed.get()
            parsed = try round.get().compactMap { $0 }
            pieces = try following.get()
        }
        for value in parsed { try consume(value) }
    }

    /// The next pieces for `width` threads, two a thread: a thread that finishes its first early takes another
    /// instead of waiting. Empty at the end of the file.
    private func nextPieces(width: Int) throws(CSVTable.ParseError) -> [Piece] {
        var pieces: [Piece] = []
        while pieces.count < 2 * width, let piece = try nextPiece() { pieces.append(Piece(bytes: piece.bytes, firstLine: piece.firstLine)) }
        return pieces
    }

    /// The next block of records after the header, on this thread; nil at the end of the file. For readers that
    /// pull records as they need them (`VectorCSVReader`); a block may hold no record.
    public func nextBlock() throws(CSVTable.ParseError) -> CSVBlock? {
        if let first = firstBlock {
            firstBlock = nil
            return first
        }
        guard let piece = try nextPiece() else { return nil }
        return try CSVBlock(piece.bytes, firstLine: piece.firstLine, path: path)
    }

    /// The line the header was read from.
    public private(set) var headerLine = 1

    /// A piece of text waiting for a worker, which takes its bytes: the block then holds the only reference
    /// and unescapes its quoted fields in place rather than in a copy.
    private final class Piece {
        private var bytes: [UInt8]
        let firstLine: Int

        init(bytes: [UInt8], firstLine: Int) {
            self.bytes = bytes
            self.firstLine = firstLine
        }

        func takeBytes() -> [UInt8] {
            let taken = bytes
            bytes = []
            return taken
        }
    }

    /// The next run of whole records (the rest of the file at its end), and the line it starts on.
    private func nextPiece() throws(CSVTable.ParseError) -> (bytes: [UInt8], firstLine: Int)? {
        while !atEnd {
            // One new array per piece: the text carried over, then as much of the file as a chunk holds, read
            // straight into it.
            let carried = pending.count
            var failure: FileBytes.ReadError?
            let buffer = [UInt8](unsafeUninitializedCapacity: carried + reader.chunkSize) { buffer, count in
                pending.withUnsafeBufferPointer { old in _ = buffer.initialize(fromContentsOf: old) }
                do throws(FileBytes.ReadError) {
                    count = carried + (try reader.read(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[carried...]))))
                } catch {
                    failure = error
                    count = carried
                }
            }
            if let failure { throw CSVTable.ParseError(path: path, line: 0, reason: failure.reason) }
            guard buffer.count > carried else {
                atEnd = true
                dropByteOrderMark()
                break
            }
            pending = buffer
            if atStart {
                guard pending.count >= 3 else { continue }
                dropByteOrderMark()
            }
            if let cut = lastRecordBoundary() { return split(at: cut) }
            guard pending.count <= CSVTable.maximumRecordLength + 2 * reader.chunkSize else {
                throw CSVTable.ParseError(path: path, line: pendingLine, reason: "a record longer than \(CSVTable.maximumRecordLength >> 20) MiB; "
                    + "a table row never is (is this the right file?)")
            }
        }
        guard !pending.isEmpty else { return nil }
        defer { pending = [] }
        return (pending, pendingLine)
    }

    private func dropByteOrderMark() {
        guard atStart else { return }
        atStart = false
        if pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3) }
    }

    /// Counts the quotes and line breaks of the bytes of `pending` not yet counted and returns the index just
    /// after the last line break that ends a record (one after an even number of quotes), if any.
    private func lastRecordBoundary() -> Int? {
        pending.withUnsafeBufferPointer { p -> Int? in
            let new = scanned..<p.count
            let (quotes, newlines) = Self.counts(in: p, new)
            var boundary: Int?
            if quotes == 0 {
                if scannedQuoteParity == 0, let last = p[new].lastIndex(of: Self.newline) { boundary = last + 1 }
            } else {
                var parity = scannedQuoteParity
                for index in new {
                    if p[index] == Self.quote { parity ^= 1 } else if p[index] == Self.newline, parity == 0 { boundary = index + 1 }
                }
            }
            if let boundary {
                let tail = Self.counts(in: p, boundary..<p.count)
                pieceNewlines = scannedNewlines + newlines - tail.newlines
                scannedQuoteParity = tail.quotes & 1
                scannedNewlines = tail.newlines
                scanned = p.count - boundary
            } else {
                scannedQuoteParity ^= quotes & 1
                scannedNewlines += newlines
                scanned = p.count
            }
            return boundary
        }
    }

    /// The quotes and line breaks among `bytes[range]`.
    private static func counts(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (quotes: Int, newlines: Int) {
        let (quotes, newlines) = ByteCounts.count(quote, newline, in: bytes, range)
        return (quotes, newlines)
    }

    /// Hands out `pending[..<cut]` and keeps the rest.
    private func split(at cut: Int) -> (bytes: [UInt8], firstLine: Int) {
        let rest = Array(pending[cut...])
        pending.removeSubrange(cut...)
        defer {
            pending = rest
            pendingLine += pieceNewlines
        }
        return (pending, pendingLine)
    }
}
