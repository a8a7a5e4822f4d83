import Foundation

/// Fixed and broken counts at any threshold in O(log n) per concept, for the UI's slider (the
/// direct pass, `FixedBrokenCounter`, reads every score of both files: a few hundred
/// milliseconds per step on 1M × 20, measured with `--replay-timings`).
///
/// An input is at or above t in both files exactly when min(score A, score B) ≥ t. So with the
/// curve of the per-input minimum (same labels), for positives
/// fixed = #(B ≥ t) − #(min ≥ t) and broken = #(A ≥ t) − #(min ≥ t), and for negatives the
/// reverse; #(A ≥ t) and #(B ≥ t) are the two models' own TP and FP counts.
public struct OutcomeIndex: Sendable {
    /// One curve per concept over min(score A, score B).
    let minimumCurves: [ConceptCurve]

    /// One sort (or count) per concept of the minimum scores, like the models' own curves.
    public init(comparison: Comparison) {
        let a = comparison.pair.a
        let b = comparison.pair.b
        let minimum = [Double](unsafeUninitializedCapacity: a.scores.count) { values, initialized in
            a.scores.withUnsafeBufferPointer { scoresA in
                b.scores.withUnsafeBufferPointer { scoresB in
                    for index in 0 ..< scoresA.count { values[index] = Swift.min(scoresA[index], scoresB[index]) }
                }
            }
            initialized = a.scores.count
        }
        let lower = Evaluation(
            sourcePath: a.sourcePath, format: a.format, mode: a.mode, concepts: a.concepts, inputIDs: a.inputIDs,
            scores: minimum, labelOffsets: a.labelOffsets, labelConcepts: a.labelConcepts)
        minimumCurves = CurveBuilder.curves(of: lower)
    }

    /// The same values as `Comparison.outcomes(at:)`, from binary searches.
    public func outcomes(_ comparison: Comparison, at thresholds: Thresholds) -> [ConceptOutcomes] {
        comparison.concepts.indices.map { concept in
            let countsA = comparison.metricsA.counts(concept: concept, thresholds: thresholds)
            let countsB = comparison.metricsB.counts(concept: concept, thresholds: thresholds)
            let both = minimumCurves[concept].counts(at: thresholds.value(for: concept))
            return ConceptOutcomes(
                countsA: countsA, countsB: countsB,
                fixed: (countsB.tp - both.tp) + (countsA.fp - both.fp),
                broken: (countsA.tp - both.tp) + (countsB.fp - both.fp))
        }
    }
}
