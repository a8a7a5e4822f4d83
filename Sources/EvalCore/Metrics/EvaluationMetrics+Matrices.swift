/// Concept-by-concept matrices, indexed [labelled concept][other concept].
extension EvaluationMetrics {
    /// Exclusive mode: the confusion matrix, true concept × argmax prediction, as its non-zero
    /// cells (at most one per label, whatever the number of concepts). An input counts once in
    /// the row of each of its labels (exactly one in a true exclusive evaluation; none for an
    /// unlabelled input). Nil in multilabel mode.
    public func confusionCounts() -> ConceptPairCounts? {
        guard evaluation.mode == .exclusive else { return nil }
        let conceptCount = evaluation.conceptCount
        // One accumulator per core over its own inputs (a dictionary update per input made
        // this 0.4 s of one core on 10M inputs), then merged. The labels are read through
        // buffer pointers: `labels(of:)`'s slice retained and released the labels array per
        // input, 35 ms of `report`'s CPU on 1M inputs (perf, BENCHMARKS.md "Ninth pass").
        let parts = InputRanges.map(count: evaluation.inputCount) { [evaluation, top1] inputs in
            var cells = ConceptPairAccumulator(conceptCount: conceptCount)
            top1.withUnsafeBufferPointer { top1 in
                evaluation.labelOffsets.withUnsafeBufferPointer { offsets in
                    evaluation.labelConcepts.withUnsafeBufferPointer { labels in
                        for input in inputs {
                            let predicted = Int(top1[input])
                            guard predicted >= 0 else { continue }
                            for position in Int(offsets[input]) ..< Int(offsets[input &+ 1]) {
                                cells.add(row: Int(labels[position]), column: predicted)
                            }
                        }
                    }
                }
            }
            return cells
        }
        var merged = parts[0]
        for part in parts.dropFirst() { merged.add(part) }
        return merged.freeze()
    }

    /// `confusionCounts()` as a dense matrix; only when `MatrixLimits.fitsDense`.
    public func confusionMatrix() -> [[Int]]? { confusionCounts()?.dense() }

    /// Cell [A][B]: the inputs labelled A whose score for B is ≥ B's threshold, in both modes.
    /// O(labels × concepts); dense, so only when `denseMatricesFit`.
    public func countsAtThresholdMatrix(thresholds: Thresholds) -> [[Int]] {
        precondition(denseMatricesFit, "dense matrix of \(evaluation.conceptCount) concepts")
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
    /// that label no input. Dense, so only when `denseMatricesFit`.
    public func meanScoreMatrix() -> [[Double]] {
        precondition(denseMatricesFit, "dense matrix of \(evaluation.conceptCount) concepts")
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
    /// diagonal counts the inputs labelled A), as its non-zero cells. Nil in exclusive mode.
    public func cooccurrenceCounts() -> ConceptPairCounts? {
        guard evaluation.mode == .multilabel else { return nil }
        let conceptCount = evaluation.conceptCount
        var cells: [Int: Int] = [:]
        for input in 0 ..< evaluation.inputCount {
            let labels = evaluation.labels(of: input)
            for first in labels {
                for second in labels { cells[Int(first) * conceptCount + Int(second), default: 0] += 1 }
            }
        }
        return ConceptPairCounts(conceptCount: conceptCount, cells: cells)
    }

    /// `cooccurrenceCounts()` as a dense matrix; only when `MatrixLimits.fitsDense`.
    public func cooccurrenceMatrix() -> [[Int]]? { cooccurrenceCounts()?.dense() }

    /// Whether the dense matrices (`countsAtThresholdMatrix`, `meanScoreMatrix` and the dense
    /// forms of the others) may be built for this evaluation; see `MatrixLimits`.
    public var denseMatricesFit: Bool { MatrixLimits.fitsDense(conceptCount: evaluation.conceptCount) }

    private func rows(of flat: [Int], width: Int) -> [[Int]] {
        (0 ..< width).map { Array(flat[$0 * width ..< ($0 + 1) * width]) }
    }
}
