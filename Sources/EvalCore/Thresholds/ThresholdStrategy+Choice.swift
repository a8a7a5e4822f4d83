/// A strategy's choice for one concept: the threshold (nil when the concept has no positives
/// or no candidate satisfies the strategy) and the counts it gives.
public struct ThresholdSuggestion: Sendable, Equatable {
    /// The concept's column in the evaluation.
    public let concept: Int
    /// The chosen candidate (one of the concept's scores), or nil.
    public let threshold: Double?
    /// The counts at `threshold`; nil exactly when `threshold` is nil.
    public let counts: ConfusionCounts?

    public init(concept: Int, threshold: Double?, counts: ConfusionCounts?) {
        self.concept = concept
        self.threshold = threshold
        self.counts = counts
    }
}

extension ThresholdStrategy {
    /// The index into `curve.thresholds` of the chosen candidate, or nil.
    ///
    /// One pass over the distinct thresholds, descending, with the cumulative counts: O(distinct
    /// scores). Only a strictly better candidate replaces the current one, so ties keep the
    /// highest threshold.
    public func chosenIndex(in curve: ConceptCurve) -> Int? {
        let positives = curve.positives
        let negatives = curve.negatives
        guard positives > 0, !curve.thresholds.isEmpty else { return nil }
        let p = Double(positives)
        // The value to maximise at a candidate's TP and FP, or nil when the candidate is not
        // allowed. One loop per strategy rather than a switch per candidate: with full-precision
        // scores a concept has a candidate per input, and the switch in the loop was 8 % of
        // `report`'s instructions (callgrind, 100k × 20).
        switch self {
        // Max F1, Youden's J, the cost (ratio ≥ 0) and recall at a precision grow strictly
        // with each positive and never with a negative, so only the ends of runs of positives
        // can be their first maximum (`CumulativeCounts.forEachRunEnd`). Precision at a
        // recall may stay at 1 over positives, so it visits every point.
        case .maxF1:
            // > 0 denominator: positives > 0.
            return Self.best(in: curve, atRunEnds: true) { tp, fp in 2 * Double(tp) / (2 * Double(tp) + Double(fp) + (p - Double(tp))) }
        case .youden:
            // TPR − FPR = (TP·N − FP·P) / (P·N): comparing the integer numerators keeps
            // mathematically equal candidates equal, so ties go to the highest.
            if negatives > 0 { return Self.best(in: curve, atRunEnds: true) { tp, fp in Double(tp * negatives - fp * positives) } }
            return Self.best(in: curve, atRunEnds: true) { tp, _ in Double(tp) / p }
        case .cost(let ratio):
            return Self.best(in: curve, atRunEnds: ratio >= 0) { tp, fp in -(ratio * Double(fp) + (p - Double(tp))) }
        case .precision(let minimum):
            // tp + fp ≥ 1 at every distinct threshold: some input has that score.
            return Self.best(in: curve, atRunEnds: true) { tp, fp in
                Double(tp) / (Double(tp) + Double(fp)) >= minimum ? Double(tp) / p : nil
            }
        case .recall(let minimum):
            return Self.best(in: curve) { tp, fp in
                Double(tp) / p >= minimum ? Double(tp) / (Double(tp) + Double(fp)) : nil
            }
        }
    }

    /// One pass over the distinct thresholds, descending, with the cumulative counts: the first
    /// index of the largest `value` (only a strictly better candidate replaces the current one,
    /// so ties keep the highest threshold).
    @inline(__always)
    private static func best(in curve: ConceptCurve, atRunEnds: Bool = false, _ value: (_ tp: Int, _ fp: Int) -> Double?) -> Int? {
        var best: Int?
        var bestValue = -Double.infinity
        let visit = { (k: Int, tp: Int, fp: Int) in
            if let value = value(tp, fp), value > bestValue {
                bestValue = value
                best = k
            }
        }
        if atRunEnds { curve.counts.forEachRunEnd(visit) } else { curve.counts.forEach(visit) }
        return best
    }

    /// The strategy's threshold for `curve` (see `ThresholdSuggestion`).
    public func suggestion(for curve: ConceptCurve, concept: Int) -> ThresholdSuggestion {
        guard let k = chosenIndex(in: curve) else {
            return ThresholdSuggestion(concept: concept, threshold: nil, counts: nil)
        }
        let (tp, fp) = curve.counts.at(k)
        return ThresholdSuggestion(
            concept: concept, threshold: curve.thresholds[k],
            counts: ConfusionCounts(tp: tp, fp: fp, fn: curve.positives - tp, tn: curve.negatives - fp))
    }

    /// The strategy's threshold for one concept of `metrics` (the UI's `m`).
    public func suggestion(metrics: any EvaluationAggregates, concept: Int) -> ThresholdSuggestion {
        suggestion(for: metrics.curves[concept], concept: concept)
    }

    /// The strategy's threshold for every concept, in concept order (the UI's `M`).
    public func suggestions(metrics: any EvaluationAggregates) -> [ThresholdSuggestion] {
        metrics.curves.enumerated().map { suggestion(for: $1, concept: $0) }
    }
}

extension Thresholds {
    /// These thresholds with each suggestion that has a threshold set as that concept's
    /// override; concepts whose suggestion is nil keep what they had.
    public func applying(_ suggestions: [ThresholdSuggestion]) -> Thresholds {
        var result = self
        for suggestion in suggestions {
            if let threshold = suggestion.threshold { result.perConcept[suggestion.concept] = threshold }
        }
        return result
    }
}
