/// Which of a concept's inputs sit behind each number of its confusion counts.
public enum Outcome: String, Sendable, CaseIterable {
    case falseNegative = "FN"
    case falsePositive = "FP"
    case truePositive = "TP"
    case trueNegative = "TN"
}

/// The inputs of one concept ordered so that every outcome list, at any threshold, is a
/// contiguous range: built with one sort, then each threshold change costs two binary
/// searches, never a scan of the inputs (the UI pages through these ranges lazily).
///
/// - positives ascending by score: FN at t are the prefix with score < t (lowest, most wrong,
///   first); TP are the rest (lowest first: the ones closest to becoming FN).
/// - negatives descending by score: FP at t are the prefix with score ≥ t (highest, most
///   wrong, first); TN are the rest (highest first: the ones closest to becoming FP).
public struct ConceptSelection: Sendable {
    public let concept: Int
    public let positivesAscending: [Int32]
    public let negativesDescending: [Int32]
    /// Scores are looked up in the evaluation during the binary searches instead of being
    /// copied: 4 bytes per input per concept instead of 12.
    private let evaluation: Evaluation

    public init(evaluation: Evaluation, concept: Int) {
        self.concept = concept
        self.evaluation = evaluation
        let n = evaluation.inputCount
        var isPositive = [Bool](repeating: false, count: n)
        for input in 0 ..< n where evaluation.labels(of: input).contains(Int32(concept)) {
            isPositive[input] = true
        }
        var positives: [(score: Double, input: Int32)] = []
        var negatives: [(score: Double, input: Int32)] = []
        positives.reserveCapacity(n / 4)
        negatives.reserveCapacity(n)
        for input in 0 ..< n {
            let entry = (evaluation.score(input: input, concept: concept), Int32(input))
            if isPositive[input] { positives.append(entry) } else { negatives.append(entry) }
        }
        // Ties keep file order so that lists are stable and reproducible.
        positives.sort { $0.score < $1.score || ($0.score == $1.score && $0.input < $1.input) }
        negatives.sort { $0.score > $1.score || ($0.score == $1.score && $0.input < $1.input) }
        positivesAscending = positives.map(\.input)
        negativesDescending = negatives.map(\.input)
    }

    /// The number of positives scoring below `threshold` (the false negatives).
    public func falseNegativeCount(at threshold: Double) -> Int {
        var low = 0, high = positivesAscending.count
        while low < high {
            let mid = (low + high) / 2
            if score(positivesAscending[mid]) < threshold { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The number of negatives scoring at or above `threshold` (the false positives).
    public func falsePositiveCount(at threshold: Double) -> Int {
        var low = 0, high = negativesDescending.count
        while low < high {
            let mid = (low + high) / 2
            if score(negativesDescending[mid]) >= threshold { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private func score(_ input: Int32) -> Double {
        evaluation.score(input: Int(input), concept: concept)
    }

    /// The inputs with `outcome` at `threshold`, most wrong first. A slice: no copy.
    public func inputs(_ outcome: Outcome, at threshold: Double) -> ArraySlice<Int32> {
        switch outcome {
        case .falseNegative: return positivesAscending[..<falseNegativeCount(at: threshold)]
        case .truePositive: return positivesAscending[falseNegativeCount(at: threshold)...]
        case .falsePositive: return negativesDescending[..<falsePositiveCount(at: threshold)]
        case .trueNegative: return negativesDescending[falsePositiveCount(at: threshold)...]
        }
    }
}
