import MaskImage
import SeededRandom

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fault a GAN makes in a breast-region mask.
public enum MaskFault: String, Sendable, CaseIterable {
    /// One side displaced.
    case shifted
    /// One side smaller.
    case shrunk
    /// One side turned.
    case rotated
    /// One side absent.
    case missing
    /// An extra blob beside one side.
    case doubled
    /// Irregular, frayed outlines.
    case ragged
    /// Small stray specks.
    case specks
    /// Both sides the wrong size alike: symmetric, yet a rater rejects it.
    case resized
}

/// A synthetic segmentation mask with the hand label a rater would give it.
public struct SyntheticMask: Sendable {
    /// The mask as an 8-bit grey image (a probability map with soft edges, 0 background, 255 foreground).
    public let image: GreyImage
    /// The label: true for good (symmetric enough), false for bad. Labels carry noise, as real ones do.
    public let isGood: Bool
    /// The faults drawn into the mask, empty for a clean one.
    public let faults: [MaskFault]
}

/// Seeded synthetic 256x256 breast-region masks: a blob left and right of the centre, with the faults a
/// GAN makes, labelled good or bad so that bad:good is about 3:1 and symmetry explains most labels, not all.
///
/// The model, per mask `i` (its own random stream, so any mask can be made alone):
/// - a symmetric pair of soft-edged ellipses (centres 52-68 px either side of the axis, semi-axes
///   28-40 x 22-34 px, mirrored tilt), each side jittered a little (scale ±5%, ±3 px, ±0.05 rad);
/// - with probability 0.84 one or two faults of random severity `s` in [0, 1): `shifted` 6 + 30s px,
///   `shrunk` by 15% + 50% s, `rotated` by 0.3 + 0.8 rad s, `missing`, `doubled` (an extra blob 30-50 px away),
///   `ragged` outlines (radial noise 0.1 + 0.3 s), `specks` (3-12 small disks),
///   `resized` (both sides scaled alike by 0.55-0.75 or 1.25-1.55: symmetric, so symmetry cannot see it);
/// - label: clean masks are good; a mask whose only fault is mild (`s < 0.25`, not `missing` or `doubled`)
///   is good 30% of the time; then 10% of labels are flipped (rater noise).
public struct SyntheticMaskGenerator: Sendable {
    /// Image side in pixels.
    public static let size = 256

    /// The seed of the whole set.
    public let seed: UInt64

    /// A generator for the set seeded by `seed`.
    public init(seed: UInt64) {
        self.seed = seed
    }

    /// Mask number `index` of the set.
    public func mask(_ index: Int) -> SyntheticMask {
        var random = SeededGenerator(seed: seed, stream: UInt64(index))
        let size = Double(Self.size)
        let offset = random.uniform(52, 68)
        let centreY = size * 0.58 + random.uniform(-10, 10)
        let a = random.uniform(28, 40)
        let b = random.uniform(22, 34)
        let tilt = random.uniform(-0.25, 0.25)

        var sides = [Blob](repeating: Blob(x: 0, y: 0, a: a, b: b, angle: 0), count: 2)
        for side in 0..<2 {
            let sign: Double = side == 0 ? -1 : 1
            let scale = random.uniform(0.95, 1.05)
            sides[side] = Blob(x: size / 2 + sign * offset + random.uniform(-3, 3), y: centreY + random.uniform(-3, 3),
                               a: a * scale, b: b * scale, angle: -sign * tilt + random.uniform(-0.05, 0.05))
        }

        var faults: [MaskFault] = []
        var severities: [Double] = []
        if random.bernoulli(0.84) {
            let count = random.bernoulli(0.25) ? 2 : 1
            while faults.count < count {
                let fault = MaskFault.allCases[random.integer(below: MaskFault.allCases.count)]
                if !faults.contains(fault) {
                    faults.append(fault)
                    severities.append(random.uniform())
                }
            }
        }

        var extras: [Blob] = []
        var raggedness = [0.0, 0.0]
        var specks: [Blob] = []
        var present = [true, true]
        for (fault, severity) in zip(faults, severities) {
            let side = random.integer(below: 2)
            switch fault {
            case .shifted:
                let distance = 6 + 30 * severity
                let direction = random.uniform(0, 2 * Double.pi)
                sides[side].x += distance * cos(direction)
                sides[side].y += distance * sin(direction)
            case .shrunk:
                let factor = 1 - (0.15 + 0.5 * severity)
                sides[side].a *= factor
                sides[side].b *= factor
            case .rotated:
                sides[side].angle += (random.bernoulli(0.5) ? 1 : -1) * (0.3 + 0.8 * severity)
                sides[side].a *= 1.15
                sides[side].b *= 0.85
            case .missing:
                present[side] = false
            case .doubled:
                let distance = random.uniform(30, 50)
                let direction = random.uniform(0, 2 * Double.pi)
                var extra = sides[side]
                extra.x += distance * cos(direction)
                extra.y += distance * sin(direction)
                extra.a *= random.uniform(0.5, 0.9)
                extra.b *= random.uniform(0.5, 0.9)
                extras.append(extra)
            case .ragged:
                raggedness[side] = 0.1 + 0.3 * severity
                if random.bernoulli(0.5) { raggedness[1 - side] = 0.05 + 0.2 * severity }
            case .resized:
                let factor = random.bernoulli(0.5) ? 0.55 + 0.2 * (1 - severity) : 1.25 + 0.3 * severity
                for index in 0..<2 {
                    sides[index].a *= factor
                    sides[index].b *= factor
                }
            case .specks:
                for _ in 0..<(3 + random.integer(below: 10)) {
                    let radius = random.uniform(1, 4)
                    specks.append(Blob(x: random.uniform(0, size), y: random.uniform(0, size), a: radius, b: radius, angle: 0))
                }
            }
        }

        var pixels = [UInt8](repeating: 0, count: Self.size * Self.size)
        for side in 0..<2 where present[side] {
            sides[side].draw(into: &pixels, size: Self.size, raggedness: raggedness[side], random: &random)
        }
        for var blob in extras + specks {
            blob.draw(into: &pixels, size: Self.size, raggedness: 0, random: &random)
        }

        let mild = faults.count == 1 && severities[0] < 0.25 && faults[0] != .missing && faults[0] != .doubled
        var isGood = faults.isEmpty || (mild && random.bernoulli(0.3))
        if random.bernoulli(0.1) { isGood.toggle() }
        return SyntheticMask(image: GreyImage(width: Self.size, height: Self.size, pixels: pixels),
                             isGood: isGood, faults: faults)
    }
}

/// A soft-edged, rotated ellipse whose outline can be made ragged with radial noise.
struct Blob: Sendable {
    var x: Double
    var y: Double
    var a: Double
    var b: Double
    var angle: Double

    /// Paints the blob (maximum with what is there) as a probability map with an edge about 1.5 px wide.
    mutating func draw(into pixels: inout [UInt8], size: Int, raggedness: Double, random: inout SeededGenerator) {
        var harmonics: [(amplitude: Double, phase: Double, order: Double)] = []
        if raggedness > 0 {
            for order in 3...8 {
                harmonics.append((raggedness * random.uniform(0.2, 1) / 2, random.uniform(0, 2 * Double.pi), Double(order)))
            }
        }
        let reach = max(a, b) * (1 + 2 * raggedness) + 3
        let cosine = cos(angle)
        let sine = sin(angle)
        let xRange = max(0, Int(x - reach))...min(size - 1, Int(x + reach))
        let yRange = max(0, Int(y - reach))...min(size - 1, Int(y + reach))
        guard !xRange.isEmpty, !yRange.isEmpty, x + reach >= 0, y + reach >= 0 else { return }
        for py in yRange {
            for px in xRange {
                let dx = Double(px) + 0.5 - x
                let dy = Double(py) + 0.5 - y
                let u = (dx * cosine + dy * sine) / a
                let v = (-dx * sine + dy * cosine) / b
                let rho = (u * u + v * v).squareRoot()
                var edge = 1.0
                if !harmonics.isEmpty {
                    let phi = atan2(v, u)
                    for h in harmonics { edge += h.amplitude * sin(h.order * phi + h.phase) }
                }
                let value = min(1, max(0, 0.5 + (edge - rho) * min(a, b) / 1.5))
                let grey = UInt8((value * 255).rounded())
                let index = py * size + px
                if grey > pixels[index] { pixels[index] = grey }
            }
        }
    }
}
