import Foundation

/// Makes the diagnosis: concept strengths, advice codes, the verdict and its summary.
/// Rules and cut-offs: `DiagnosisRules`.
public enum Diagnoser {
    /// The diagnosis of `metrics` (an evaluation's or a summary's) at `thresholds`.
    ///
    /// - `slices`: the breakdown by attribute (`Slices(metrics:)`), for the bias rule, and for
    ///   the per-fold AUCs when `foldAUC` is not given.
    /// - `foldAUC`: per-fold AUCs (`metrics.foldAUC()`), for `fold_variance` and the variance rule.
    /// - `suspectCounts`: per concept, the suspects (flags issue) whose given label is that
    ///   concept; see `suspectCounts(ofConcepts:conceptCount:)`. Without it, no `suspect_labels`.
    /// - `estimatedLabelErrors`: `LabelErrorEstimate.estimate(in:)`, for the model-level
    ///   `suspect_labels` (label noise) and its evidence. Without it, no mention of label noise.
    ///
    /// Without slices and folds the diagnosis costs one pass over the inputs (plus one over the
    /// scores in multilabel mode) and O(distinct scores) per concept; only the multilabel
    /// `confused_with` and the F1 at the threshold depend on `thresholds`.
    public static func diagnose(
        metrics: any EvaluationAggregates, thresholds: Thresholds,
        slices: Slices? = nil, foldAUC: FoldAUC? = nil, suspectCounts: [Int]? = nil,
        estimatedLabelErrors: Int? = nil
    ) -> Diagnosis {
        let folds = foldAUC ?? slices?.foldAUC
        let facts = metrics.conceptFacts(thresholds: thresholds)
        let suspects = SuspectShares(counts: suspectCounts, curves: metrics.curves)
        let bestF1 = bestF1Scores(metrics.curves)
        let concepts = metrics.curves.indices.map { concept in
            ConceptAdvisor(metrics: metrics, concept: concept, thresholds: thresholds, facts: facts,
                           folds: folds, suspects: suspects, bestF1: bestF1[concept]).diagnosis()
        }
        let gapAttribute = slices?.attributes.filter { !$0.isFold }
            .compactMap { attribute in attribute.macroAUCGap.map { (attribute.name, $0) } }
            .max { $0.1.gap < $1.1.gap }
        return VerdictMaker(
            metrics: metrics, summary: metrics.summary(thresholds: thresholds), concepts: concepts,
            folds: folds, sliceGap: gapAttribute, estimatedLabelErrors: estimatedLabelErrors,
            confusionsJudged: facts.confusionsKnown
        ).diagnosis()
    }

    /// Each curve's best F1 over its distinct thresholds (`ThresholdStrategy.maxF1`), the
    /// concepts shared among the cores: a pass over every distinct score, a million per concept
    /// with full-precision scores, and the rest of the diagnosis is cheap and sequential.
    static func bestF1Scores(_ curves: [ConceptCurve]) -> [Double?] {
        let results = UnsafeMutableBufferPointer<Double?>.allocate(capacity: curves.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        let shared = DisjointWrites(results)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, curves.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for concept in stride(from: worker, to: curves.count, by: workers) {
                shared.pointer[concept] = ThresholdStrategy.maxF1.suggestion(for: curves[concept], concept: concept).counts?.f1
            }
        }
        return Array(results)
    }

    /// Per-concept suspect counts from the concept of each suspect (the flags issue's
    /// `Suspect.concept`, the given label it doubts).
    public static func suspectCounts(ofConcepts suspectConcepts: [Int], conceptCount: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: conceptCount)
        for concept in suspectConcepts where concept >= 0 && concept < conceptCount { counts[concept] += 1 }
        return counts
    }

    /// Strong, fair, weak or unassessed by `DiagnosisRules`, with the reasons for "weak".
    public static func strength(auc: Double?, averagePrecision: Double?, bestF1: Double?) -> (ConceptStrength, [String]) {
        guard let auc else { return (.unassessed, []) }
        let ap = averagePrecision ?? 0
        let f1 = bestF1 ?? 0
        var reasons: [String] = []
        if auc < DiagnosisRules.weakBelowAUC { reasons.append("auc < \(DiagnosisRules.weakBelowAUC)") }
        if ap < DiagnosisRules.weakBelowAP { reasons.append("average_precision < \(DiagnosisRules.weakBelowAP)") }
        if f1 < DiagnosisRules.weakBelowBestF1 { reasons.append("best_f1 < \(DiagnosisRules.weakBelowBestF1)") }
        if !reasons.isEmpty { return (.weak, reasons) }
        if auc >= DiagnosisRules.strongMinimumAUC, ap >= DiagnosisRules.strongMinimumAP,
           f1 >= DiagnosisRules.strongMinimumBestF1 {
            return (.strong, [])
        }
        return (.fair, [])
    }
}

/// Each concept's share of the suspects against the share over all labels.
struct SuspectShares {
    let counts: [Int]?
    let overallShare: Double

    init(counts: [Int]?, curves: [ConceptCurve]) {
        precondition(counts == nil || counts?.count == curves.count, "one suspect count per concept")
        self.counts = counts
        let labels = curves.reduce(0) { $0 + $1.positives }
        overallShare = labels > 0 ? Double(self.counts?.reduce(0, +) ?? 0) / Double(labels) : 0
    }
}
