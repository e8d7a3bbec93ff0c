/// Limited-memory BFGS for smooth convex objectives, with a backtracking (Armijo) line search.
///
/// Convexity keeps the curvature pairs positive, so a backtracking search is enough; pairs with
/// too little curvature are skipped. It stops when the gradient's largest entry falls to
/// `tolerance * max(1, initial largest entry)`.
struct LBFGS {
    /// Remembered correction pairs.
    var memory = 10
    /// Relative gradient tolerance.
    var tolerance = 1e-10
    /// Iteration cap.
    var maxIterations = 1000

    struct Result {
        var x: [Double]
        var value: Double
        var iterations: Int
        var converged: Bool
    }

    /// Minimises `objective`, which returns the value and writes the gradient into its second argument.
    func minimize(from start: [Double], _ objective: ([Double], inout [Double]) -> Double) -> Result {
        let n = start.count
        var x = start
        var gradient = [Double](repeating: 0, count: n)
        var value = objective(x, &gradient)
        let goal = tolerance * max(1, maxAbs(gradient))
        var sHistory: [[Double]] = []
        var yHistory: [[Double]] = []
        var rhoHistory: [Double] = []
        var candidate = [Double](repeating: 0, count: n)
        var candidateGradient = [Double](repeating: 0, count: n)

        for iteration in 0..<maxIterations {
            if maxAbs(gradient) <= goal {
                return Result(x: x, value: value, iterations: iteration, converged: true)
            }
            // Two-loop recursion: direction = -H * gradient.
            var direction = gradient
            var alphas = [Double](repeating: 0, count: sHistory.count)
            for k in stride(from: sHistory.count - 1, through: 0, by: -1) {
                alphas[k] = rhoHistory[k] * dot(sHistory[k], direction)
                axpy(-alphas[k], yHistory[k], &direction)
            }
            if let s = sHistory.last, let y = yHistory.last {
                let gamma = dot(s, y) / dot(y, y)
                for i in 0..<n { direction[i] *= gamma }
            } else {
                let scale = 1 / max(1, maxAbs(gradient))
                for i in 0..<n { direction[i] *= scale }
            }
            for k in 0..<sHistory.count {
                let beta = rhoHistory[k] * dot(yHistory[k], direction)
                axpy(alphas[k] - beta, sHistory[k], &direction)
            }
            for i in 0..<n { direction[i] = -direction[i] }
            var slope = dot(gradient, direction)
            if slope >= 0 {  // not a descent direction: restart from steepest descent
                sHistory.removeAll(); yHistory.removeAll(); rhoHistory.removeAll()
                let scale = 1 / max(1, maxAbs(gradient))
                for i in 0..<n { direction[i] = -gradient[i] * scale }
                slope = dot(gradient, direction)
            }

            var step = 1.0
            var accepted = false
            var candidateValue = value
            for _ in 0..<60 {
                for i in 0..<n { candidate[i] = x[i] + step * direction[i] }
                candidateValue = objective(candidate, &candidateGradient)
                // Below the objective's rounding only the gradient can tell progress.
                let withinRounding = candidateValue <= value + 1e-13 * max(1, abs(value))
                    && maxAbs(candidateGradient) < maxAbs(gradient)
                if candidateValue <= value + 1e-4 * step * slope || withinRounding {
                    accepted = true
                    break
                }
                step *= 0.5
            }
            guard accepted else {
                // No decrease is possible at machine precision: as good as it gets.
                let converged = maxAbs(gradient) <= max(goal, 1e-6 * max(1, abs(value)))
                return Result(x: x, value: value, iterations: iteration, converged: converged)
            }
            var s = [Double](repeating: 0, count: n)
            var y = [Double](repeating: 0, count: n)
            for i in 0..<n {
                s[i] = candidate[i] - x[i]
                y[i] = candidateGradient[i] - gradient[i]
            }
            let sy = dot(s, y)
            if sy > 1e-12 * dot(y, y) {
                if sHistory.count == memory {
                    sHistory.removeFirst(); yHistory.removeFirst(); rhoHistory.removeFirst()
                }
                sHistory.append(s)
                yHistory.append(y)
                rhoHistory.append(1 / sy)
            }
            swap(&x, &candidate)
            swap(&gradient, &candidateGradient)
            value = candidateValue
        }
        return Result(x: x, value: value, iterations: maxIterations, converged: maxAbs(gradient) <= goal)
    }
}

func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in 0..<a.count { sum += a[i] * b[i] }
    return sum
}

func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
    for i in 0..<x.count { y[i] += a * x[i] }
}

func maxAbs(_ values: [Double]) -> Double {
    values.reduce(0) { max($0, abs($1)) }
}
