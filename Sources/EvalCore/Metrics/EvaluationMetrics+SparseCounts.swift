/// The counts-at-threshold matrix as its non-zero cells, for any number of concepts.
extension EvaluationMetrics {
    /// Cell [A][B]: the inputs labelled A whose score for B is ≥ B's threshold (as
    /// `countsAtThresholdMatrix`), kept as non-zero cells, so that 20,000 concepts cost what
    /// was counted rather than concepts². O(labels × concepts) time; the accumulator is dense
    /// only while `MatrixLimits.fitsDense`.
    public func countsAtThresholdCounts(thresholds: Thresholds) -> ConceptPairCounts {
        let conceptCount = evaluation.conceptCount
        let cutoffs = (0 ..< conceptCount).map(thresholds.value(for:))
        var cells = ConceptPairAccumulator(conceptCount: conceptCount)
        evaluation.scores.withUnsafeBufferPointer { scores in
            for input in 0 ..< evaluation.inputCount {
                let labels = evaluation.labels(of: input)
                guard !labels.isEmpty else { continue }
                let row = input * conceptCount
                for concept in 0 ..< conceptCount where scores[row + concept] >= cutoffs[concept] {
                    for label in labels { cells.add(row: Int(label), column: concept) }
                }
            }
        }
        return cells.freeze()
    }
}
