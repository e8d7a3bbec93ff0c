#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps data values onto pixels along one axis, with round tick values ("nice numbers").
public struct LinearScale: Sendable, Equatable {
    /// The data interval shown.
    public let domain: ClosedRange<Double>
    /// The pixel interval it maps onto (start may exceed end: y grows downwards in SVG).
    public let start: Double, end: Double

    /// A scale from `domain` onto `start...end` pixels; an empty domain is widened so that it maps.
    public init(domain: ClosedRange<Double>, start: Double, end: Double) {
        self.domain = domain.lowerBound < domain.upperBound ? domain : (domain.lowerBound - 0.5)...(domain.upperBound + 0.5)
        self.start = start
        self.end = end
    }

    /// The pixel position of `value`.
    public func position(_ value: Double) -> Double {
        start + (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound) * (end - start)
    }

    /// About `count` round values inside the domain (steps of 1, 2 or 5 times a power of ten).
    public func ticks(count: Int = 5) -> [Double] {
        let span = domain.upperBound - domain.lowerBound
        let rough = span / Double(max(count, 1))
        let power = pow(10, (log10(rough)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        // Tick k is k * step, computed as k / (1 / step) for fractional steps so that 3 x 0.2 prints as 0.6.
        let inverse = step < 1 ? (1 / step).rounded() : nil
        func tick(_ k: Double) -> Double { inverse.map { k / $0 } ?? k * step }
        var k = (domain.lowerBound / step).rounded(.up)
        var ticks: [Double] = []
        while tick(k) <= domain.upperBound + step * 1e-9 {
            ticks.append(k == 0 ? 0 : tick(k))
            k += 1
        }
        return ticks
    }

    /// A domain covering `values` with a little room, or `fallback` when there are none.
    public static func covering(_ values: [Double], padding: Double = 0.05, fallback: ClosedRange<Double> = 0...1) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return fallback }
        let room = (high - low) * padding
        return (low - room)...(high + room)
    }
}
