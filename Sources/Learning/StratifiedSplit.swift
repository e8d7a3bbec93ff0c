import SeededRandom

/// Stratified k-fold cross-validation with ganfilter's seeded shuffle: each class's indices are shuffled
/// and dealt to the folds in turn, so every fold holds each class's share to within one sample.
public struct StratifiedKFold: Sendable {
    /// Number of folds.
    public let folds: Int
    /// Seed of the shuffle.
    public let seed: UInt64

    /// A splitter into `folds` folds (at least 2).
    public init(folds: Int, seed: UInt64) {
        precondition(folds >= 2, "cross-validation needs at least 2 folds")
        self.folds = folds
        self.seed = seed
    }

    /// For each fold, the indices held out (validation); the rest train. Indices are sorted.
    public func validationFolds(_ labels: [Bool]) throws(LearningError) -> [[Int]] {
        let positives = labels.indices.filter { labels[$0] }
        let negatives = labels.indices.filter { !labels[$0] }
        guard positives.count >= folds, negatives.count >= folds else {
            throw .invalidParameter("\(folds)-fold cross-validation needs at least \(folds) rows of each class;"
                + " got \(positives.count) positive and \(negatives.count) negative")
        }
        var random = SeededGenerator(seed: seed)
        var result = Array(repeating: [Int](), count: folds)
        var next = 0
        for var members in [negatives, positives] {
            random.shuffle(&members)
            for index in members {
                result[next % folds].append(index)
                next += 1
            }
        }
        return result.map { $0.sorted() }
    }

    /// `repeats` runs of `validationFolds(_:)`, one after the other (repeated stratified k-fold, as scikit-learn's
    /// `RepeatedStratifiedKFold`): the first run is this splitter's own, each later one is dealt with a seed drawn
    /// from `seed` and the run's number.
    public func validationFolds(_ labels: [Bool], repeats: Int) throws(LearningError) -> [[Int]] {
        var result = try validationFolds(labels)
        for run in 1..<max(1, repeats) {
            result += try StratifiedKFold(folds: folds, seed: seed ^ (UInt64(run) &* 0x9E37_79B9_7F4A_7C15)).validationFolds(labels)
        }
        return result
    }

    /// The training indices that go with each validation fold.
    public static func trainingIndices(count: Int, excluding validation: [Int]) -> [Int] {
        var held = [Bool](repeating: false, count: count)
        for index in validation { held[index] = true }
        return (0..<count).filter { !held[$0] }
    }
}

/// A stratified split into a training part and a held-out test part of `fraction` of each class
/// (rounded, and at least one row of each class in each part when `fraction` > 0).
public struct StratifiedHoldout: Sendable {
    /// Indices of the training rows, sorted.
    public let training: [Int]
    /// Indices of the held-out rows, sorted.
    public let test: [Int]

    /// Splits `labels` with ganfilter's seeded shuffle.
    public init(_ labels: [Bool], testFraction fraction: Double, seed: UInt64) throws(LearningError) {
        guard fraction >= 0, fraction < 1 else {
            throw .invalidParameter("the test fraction must be in [0, 1), got \(fraction)")
        }
        var random = SeededGenerator(seed: seed ^ 0x7465_7374)
        var training: [Int] = []
        var test: [Int] = []
        for value in [false, true] {
            var members = labels.indices.filter { labels[$0] == value }
            random.shuffle(&members)
            var take = Int((Double(members.count) * fraction).rounded())
            if fraction > 0 {
                guard members.count >= 2 else {
                    let positives = labels.filter { $0 }.count
                    throw .invalidParameter("a held-out test split needs at least 2 rows of each class; got \(positives) positive and "
                        + "\(labels.count - positives) negative")
                }
                take = min(max(take, 1), members.count - 1)
            }
            test.append(contentsOf: members[..<take])
            training.append(contentsOf: members[take...])
        }
        self.training = training.sorted()
        self.test = test.sorted()
    }
}
