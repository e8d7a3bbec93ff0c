import Foundation
import MaskImage
import NumpyFormats
import TestSupport

/// The repository's sample masks (`masks/*.png`, 256x256) as a uint8 NumPy stack, as a user's generator might
/// hand them over: smaller, or drawn the other way round.
enum SampleStack {
    /// Writes the first `count` sample masks at `path`, every `step`-th pixel of every `step`-th row (128x128 for
    /// a step of 2), each grey level `v` as `255 - v` when `inverted`; the first `blank` masks all 0.
    static func write(count: Int, step: Int = 1, inverted: Bool = false, to path: String, blank: Int = 0) throws {
        let folder = Fixtures.root + "/masks"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".png") }.sorted().prefix(count)
        let images = try files.map { try PNGReader().greyImage(atPath: folder + "/" + $0) }
        let (height, width) = (images[0].height / step, images[0].width / step)
        var bytes = NumpyHeader.encoded(descr: "|u1", shape: [images.count, height, width])
        for (number, image) in images.enumerated() {
            for y in 0..<height {
                for x in 0..<width {
                    let grey = image.pixels[y * step * image.width + x * step]
                    bytes.append(number < blank ? 0 : inverted ? 255 - grey : grey)
                }
            }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
