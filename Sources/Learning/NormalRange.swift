import Foundation

/// The expected range of a sample of normal values, in standard deviations: the constant d2(n) of quality control
/// tables (ASTM E2587; 1.128 for 2 values, 3.078 for 10, 5.015 for 100).
///
/// It tells how much wider a population is than the extremes of a few values drawn from it: the largest and
/// smallest of 10 values span about 3.1 standard deviations, of 100 about 5.0. `AnatomyGate` widens the ranges of
/// a small reference by it.
public enum NormalRange {
    /// d2(`count`) = ∫ (1 − Φ(x)ⁿ − (1 − Φ(x))ⁿ) dx over the real line, for Φ the standard normal distribution
    /// function: Simpson's rule over [−12, 12] in steps of 0.005, where the integrand beyond is below 1e-30 for any
    /// count an `Int` holds. 0 for a count below 2 (one value spans nothing).
    public static func expectedWidth(of count: Int) -> Double {
        guard count >= 2 else { return 0 }
        let n = Double(count), steps = 4800, low = -12.0, step = 24.0 / Double(steps)
        func integrand(_ x: Double) -> Double {
            let below = 0.5 * erfc(-x / 2.0.squareRoot()), above = 0.5 * erfc(x / 2.0.squareRoot())
            return 1 - pow(below, n) - pow(above, n)
        }
        var sum = integrand(low) + integrand(-low)
        for index in 1..<steps {
            sum += (index % 2 == 1 ? 4 : 2) * integrand(low + Double(index) * step)
        }
        return sum * step / 3
    }
}
