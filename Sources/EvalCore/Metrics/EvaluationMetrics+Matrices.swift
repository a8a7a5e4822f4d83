/// Concept-by-concept matrices, indexed [labelled concept][other concept].
extension EvaluationMetrics {
    /// Exclusive mode: the confusion matrix, true concept × argmax prediction. An input
    /// counts once in the row of each of its labels (exactly one in a true exclusive
    /// evaluation; none for an unlabelled input). Nil in multilabel mode.
    public func confusionMatrix() -> [[Int]]? {
        guard evaluation.mode == .exclusive else { return nil }
        let conceptCount = evaluation.conceptCount
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: conceptCount), count: conceptCount)
        for input in 0 ..< evaluation.inputCount {
            let predicted = Int(top1[input])
            guard predicted >= 0 else { continue }
            for label in evaluation.labels(of: input) { matrix[Int(label)][predicted] += 1 }
        }
        return matrix
    }

    /// Cell [A][B]: the inputs labelled A whose score for B is ≥ B's threshold, in both modes.
    /// O(labels × concepts).
    public func countsAtThresholdMatrix(thresholds: Thresholds) -> [[Int]] {
        let conceptCount = evaluation.conceptCount
        let cutoffs = (0 ..< conceptCount).map(thresholds.value(for:))
        var flat = [Int](repeating: 0, count: conceptCount * conceptCount)
        evaluation.scores.withUnsafeBufferPointer { scores in
            for input in 0 ..< evaluation.inputCount {
                let row = input * conceptCount
                for label in evaluation.labels(of: input) {
                    let cell = Int(label) * conceptCount
                    for concept in 0 ..< conceptCount where scores[row + concept] >= cutoffs[concept] {
                        flat[cell + concept] += 1
                    }
                }
            }
        }
        return rows(of: flat, width: conceptCount)
    }

    /// Cell [A][B]: the mean score for B over the inputs labelled A; NaN in rows of concepts
    /// that label no input.
    public func meanScoreMatrix() -> [[Double]] {
        let conceptCount = evaluation.conceptCount
        var sums = [Double](repeating: 0, count: conceptCount * conceptCount)
        var labelled = [Int](repeating: 0, count: conceptCount)
        evaluation.scores.withUnsafeBufferPointer { scores in
            for input in 0 ..< evaluation.inputCount {
                let row = input * conceptCount
                for label in evaluation.labels(of: input) {
                    labelled[Int(label)] += 1
                    let cell = Int(label) * conceptCount
                    for concept in 0 ..< conceptCount { sums[cell + concept] += scores[row + concept] }
                }
            }
        }
        return (0 ..< conceptCount).map { label in
            (0 ..< conceptCount).map { concept in
                labelled[label] == 0 ? .nan : sums[label * conceptCount + concept] / Double(labelled[label])
            }
        }
    }

    /// Multilabel mode: cell [A][B] counts the inputs labelled with both A and B (the
    /// diagonal counts the inputs labelled A). Nil in exclusive mode.
    public func cooccurrenceMatrix() -> [[Int]]? {
        guard evaluation.mode == .multilabel else { return nil }
        let conceptCount = evaluation.conceptCount
        var flat = [Int](repeating: 0, count: conceptCount * conceptCount)
        for input in 0 ..< evaluation.inputCount {
            let labels = evaluation.labels(of: input)
            for first in labels {
                for second in labels { flat[Int(first) * conceptCount + Int(second)] += 1 }
            }
        }
        return rows(of: flat, width: conceptCount)
    }

    private func rows(of flat: [Int], width: Int) -> [[Int]] {
        (0 ..< width).map { Array(flat[$0 * width ..< ($0 + 1) * width]) }
    }
}
