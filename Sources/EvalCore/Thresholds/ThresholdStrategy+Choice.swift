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
        if case .maxF1 = self { return Self.maxF1Index(curve.counts, positives: p) }
        var best: Int?
        var bestValue = -Double.infinity
        curve.counts.forEach { k, tpCount, fpCount in
            let tp = Double(tpCount)
            let fp = Double(fpCount)
            let fn = p - tp
            // The value to maximise, or nil when the candidate is not allowed.
            let value: Double?
            switch self {
            case .maxF1:
                value = 2 * tp / (2 * tp + fp + fn)   // > 0 denominator: positives > 0
            case .youden:
                // TPR − FPR = (TP·N − FP·P) / (P·N): comparing the integer numerators
                // keeps mathematically equal candidates equal, so ties go to the highest.
                value = negatives > 0
                    ? Double(tpCount * negatives - fpCount * positives)
                    : tp / p
            case .cost(let ratio):
                value = -(ratio * fp + fn)
            case .precision(let minimum):
                // tp + fp ≥ 1 at every distinct threshold: some input has that score.
                value = tp / (tp + fp) >= minimum ? tp / p : nil
            case .recall(let minimum):
                value = tp / p >= minimum ? tp / (tp + fp) : nil
            }
            if let value, value > bestValue {
                bestValue = value
                best = k
            }
        }
        return best
    }

    /// `chosenIndex` for `.maxF1`, the diagnosis's pass over every distinct score of every
    /// concept: the same value and comparison, without the per-step switch and optional
    /// (callgrind: 73 instructions per distinct score through the general loop, BENCHMARKS.md,
    /// session 8).
    private static func maxF1Index(_ counts: CumulativeCounts, positives p: Double) -> Int? {
        var best = -1
        var bestValue = -Double.infinity
        counts.forEach { k, tpCount, fpCount in
            let tp = Double(tpCount)
            let fp = Double(fpCount)
            let fn = p - tp
            let value = 2 * tp / (2 * tp + fp + fn)
            if value > bestValue {
                bestValue = value
                best = k
            }
        }
        return best >= 0 ? best : nil
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
