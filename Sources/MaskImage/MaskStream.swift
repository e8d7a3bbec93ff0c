import FileIO
import NumpyFormats
import Parallelism

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stack of masks arriving in `.npy` form on a stream (standard input, `-`), read once, in order, a band at a
/// time: `np.save(sys.stdout.buffer, masks)` or a pipe from another process, without a file in between.
///
/// The header is read first (N x H x W of a mask type, in C order: a stream cannot be rewritten from Fortran
/// order); then `forEachBand` hands out the masks in bands of bounded bytes, reading the next band while the
/// caller works on the current one. Masks are named `-[i]`. A stream that ends early leaves its first missing mask
/// as an unreadable input, which stands for the rest, so that it shows as an error row (one, not one per mask a
/// header promises: a billion over ten bytes would take unbounded memory and time). (Unchecked `Sendable`: one
/// thread at a time reads the stream, as `forEachBand` orders it.)
public final class MaskStream: @unchecked Sendable {
    /// The most bytes of raw masks held in one band.
    public static let bandBytes = 1 << 24
    /// The stream's name in rows: `-`.
    public let name: String
    /// N, H and W as the header says.
    public let count: Int, height: Int, width: Int
    private let layout: MaskStack.Layout
    private let descriptor: Int32

    /// Reads the header from `descriptor` (standard input by default), named `name` in rows and errors.
    public init(descriptor: Int32 = STDIN_FILENO, name: String = "-", maxPixels: UInt64 = PNGReader.defaultMaxPixels) throws(MaskImageError) {
        self.descriptor = descriptor
        self.name = name
        Self.widenPipe(descriptor)
        var start = [UInt8](repeating: 0, count: 12)
        guard Self.read(descriptor, into: &start, count: 10) == 10 else {
            throw .invalidArray(path: name, detail: "the stream ends before a .npy header")
        }
        let lengthBytes = start[6] == 1 ? 2 : 4
        if lengthBytes == 4 {
            var more = [UInt8](repeating: 0, count: 2)
            guard Self.read(descriptor, into: &more, count: 2) == 2 else { throw .invalidArray(path: name, detail: "truncated .npy header") }
            start[10] = more[0]
            start[11] = more[1]
        }
        var length = 0
        for i in 0..<lengthBytes { length |= Int(start[8 + i]) << (8 * i) }
        guard length <= 1 << 20 else { throw .invalidArray(path: name, detail: "oversized .npy header (\(length) bytes)") }
        var dictionary = [UInt8](repeating: 0, count: length)
        guard Self.read(descriptor, into: &dictionary, count: length) == length else {
            throw .invalidArray(path: name, detail: "truncated .npy header")
        }
        let fields: (descr: String, shape: [Int], dataOffset: Int, fortranOrder: Bool)
        do throws(VectorFileError) {
            fields = try NumpyHeader.fields(Array(start.prefix(8 + lengthBytes)) + dictionary, path: name)
        } catch {
            throw .invalidArray(path: name, detail: error.reason)
        }
        layout = try MaskStack.Layout(fields, name: name, maxPixels: maxPixels)
        guard !fields.fortranOrder || layout.count <= 1 else {
            throw .invalidArray(path: name, detail: "a stream of masks must be in C order (np.ascontiguousarray(masks)); "
                + "a Fortran-order stack is read from a file")
        }
        (count, height, width) = (layout.count, layout.height, layout.width)
    }

    /// Calls `body` with each band of masks in order (at most `bandBytes` of raw masks, at least one mask), the
    /// next band being read meanwhile.
    public func forEachBand(_ body: ([MaskInput]) -> Void) {
        forEachBand(bandBytes: Self.bandBytes, body)
    }

    /// `forEachBand(_:)` in bands of at most `bandBytes` (small in tests).
    package func forEachBand(bandBytes: Int, _ body: ([MaskInput]) -> Void) {
        let band = max(1, bandBytes / max(1, layout.maskBytes))
        guard count > 0 else { return }
        var first = 0
        var current = read(0..<min(count, band))
        while true {
            let next = first + current.inputs.count
            guard next < count, !current.ended else {
                body(current.inputs)
                return
            }
            // Read the next band on a thread of its own (not one of the pool's, which `body` works on) meanwhile.
            let box = UncheckedBox<(inputs: [MaskInput], ended: Bool)>()
            let reader = BackgroundThread { box.value = self.read(next..<min(self.count, next + band)) }
            body(current.inputs)
            reader.join()
            guard let value = box.value else { return }
            current = value
            first = next
        }
    }

    /// Masks `range`, read in order from the stream; where it ends, one unreadable mask that stands for the rest, and
    /// no more (`ended`).
    private func read(_ range: Range<Int>) -> (inputs: [MaskInput], ended: Bool) {
        let maskBytes = layout.maskBytes
        var inputs: [MaskInput] = []
        for index in range {
            // Each mask is read straight into its own buffer: a uint8 mask's bytes are its grey image.
            var got = 0
            let raw = [UInt8](unsafeUninitializedCapacity: maskBytes) { buffer, count in
                got = Self.read(descriptor, into: buffer, count: maskBytes)
                count = got
            }
            guard got == maskBytes else {
                inputs.append(MaskInput(stream: name, index: index, image: nil, isGrey: false,
                                        problem: "the stream ended before mask \(index) of \(count) was complete; this row stands for the "
                                            + "\(count - index) masks from \(index) on"))
                return (inputs, true)
            }
            do {
                let image = try MaskStack.greyImage(raw, element: layout.element, isBigEndian: layout.isBigEndian, height: height,
                                                    width: width, name: "\(name)[\(index)]")
                inputs.append(MaskInput(stream: name, index: index, image: image, isGrey: layout.element.isGrey, problem: nil))
            } catch {
                inputs.append(MaskInput(stream: name, index: index, image: nil, isGrey: false, problem: error.reason))
            }
        }
        return (inputs, false)
    }

    /// Asks for a pipe buffer of 1 MiB (the unprivileged maximum) instead of 64 KiB when `descriptor` is a pipe,
    /// so that a writer hands over a mask or more per system call; nothing changes for anything else.
    private static func widenPipe(_ descriptor: Int32) {
        #if os(Linux)
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFIFO {
            _ = fcntl(descriptor, 1031, Int32(1 << 20))  // F_SETPIPE_SZ, which Glibc does not export
        }
        #endif
    }

    /// Reads up to `count` bytes into the start of `buffer`, until the stream ends; returns how many were read.
    private static func read(_ descriptor: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>, count: Int) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < count {
            let got = systemRead(descriptor, base + done, count - done)
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            done += got
        }
        return done
    }

    /// Reads up to `count` bytes into the start of `buffer`, until the stream ends; returns how many were read.
    private static func read(_ descriptor: Int32, into buffer: inout [UInt8], count: Int) -> Int {
        buffer.withUnsafeMutableBufferPointer { read(descriptor, into: $0, count: count) }
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif

/// A value handed from the reading thread to the waiting one (`join` orders the accesses).
private final class UncheckedBox<T>: @unchecked Sendable {
    var value: T?
}
