/// One concept's ranking of the inputs, summarised at every distinct score: what the ROC and
/// precision–recall curves plot, and what answers "how many TP/FP at threshold t" in
/// O(log distinct scores), whatever the number of inputs.
///
/// Built from one sort of the concept's scores (see `CurveBuilder`); it keeps only the
/// distinct scores (as input indices when built for a whole evaluation, see `DistinctScores`)
/// and the compact cumulative counts, never a sorted copy of all scores.
public struct ConceptCurve: Sendable {
    /// Inputs labelled with the concept, and the others.
    public let positives: Int
    public let negatives: Int
    /// The distinct scores, descending.
    public let thresholds: DistinctScores
    /// TP and FP with score ≥ `thresholds[k]`, compact (see `CumulativeCounts`).
    public let counts: CumulativeCounts
    /// `cumulativeTP[k]`: the positives with score ≥ `thresholds[k]`. Builds an array on each
    /// call (O(distinct scores)): sweeps use `counts.forEach`, lookups `counts.at(k)`.
    public var cumulativeTP: [Int32] {
        var result = [Int32](repeating: 0, count: counts.count)
        counts.forEach { k, tp, _ in result[k] = Int32(tp) }
        return result
    }
    /// `cumulativeFP[k]`: the negatives with score ≥ `thresholds[k]` (an array built per call).
    public var cumulativeFP: [Int32] {
        var result = [Int32](repeating: 0, count: counts.count)
        counts.forEach { k, _, fp in result[k] = Int32(fp) }
        return result
    }
    /// ROC AUC, the Mann–Whitney statistic with ties counted as ½ (`roc_auc_score`);
    /// nil without positives or without negatives.
    public let auc: Double?
    /// Average precision, Σₖ (Rₖ − Rₖ₋₁)·Pₖ over the distinct thresholds, descending, with no
    /// interpolation (`average_precision_score`); nil without positives.
    public let averagePrecision: Double?

    init(positives: Int, negatives: Int, thresholds: DistinctScores, counts: CumulativeCounts,
         auc: Double?, averagePrecision: Double?) {
        self.positives = positives
        self.negatives = negatives
        self.thresholds = thresholds
        self.counts = counts
        self.auc = auc
        self.averagePrecision = averagePrecision
    }

    /// The curve of one concept given as plain arrays (`scores[i]`, `isPositive[i]` per input).
    /// `EvaluationMetrics` builds all concepts at once, faster; this is for single columns.
    public init(scores: [Double], isPositive: [Bool]) {
        precondition(scores.count == isPositive.count, "one label per score")
        self = CurveBuilder.curve(scores: scores, isPositive: isPositive)
    }

    /// The number of distinct thresholds with value ≥ `threshold` (binary search).
    public func thresholdCount(atOrAbove threshold: Double) -> Int {
        thresholds.count(atOrAbove: threshold)
    }

    /// TP, FP, FN, TN when an input is predicted positive iff its score ≥ `threshold`.
    /// A binary search over the distinct thresholds: O(log n).
    public func counts(at threshold: Double) -> ConfusionCounts {
        let above = thresholdCount(atOrAbove: threshold)
        let (tp, fp) = above == 0 ? (0, 0) : self.counts.at(above - 1)
        return ConfusionCounts(tp: tp, fp: fp, fn: positives - tp, tn: negatives - fp)
    }

    /// The ROC curve as scikit-learn's `roc_curve(drop_intermediate=False)` returns it:
    /// (0, 0) first, then one point per distinct threshold, descending. The FPR is NaN throughout
    /// when there are no negatives and the TPR NaN when there are no positives, as in scikit-learn.
    public func rocPoints() -> [(fpr: Double, tpr: Double)] {
        let n = Double(negatives)
        let p = Double(positives)
        var points: [(fpr: Double, tpr: Double)] = []
        points.reserveCapacity(thresholds.count + 1)
        points.append((fpr: negatives > 0 ? 0 : .nan, tpr: positives > 0 ? 0 : .nan))
        counts.forEach { _, tp, fp in
            points.append((fpr: negatives > 0 ? Double(fp) / n : .nan,
                           tpr: positives > 0 ? Double(tp) / p : .nan))
        }
        return points
    }

    /// The precision–recall curve in the order of scikit-learn's `precision_recall_curve`:
    /// one point per distinct threshold, ascending, then (recall 0, precision 1). Precision is 0
    /// where nothing is predicted; recall is 1 throughout when there are no positives, as there.
    public func prPoints() -> [(recall: Double, precision: Double)] {
        var points: [(recall: Double, precision: Double)] = []
        points.reserveCapacity(thresholds.count + 1)
        counts.forEach { _, tp, fp in
            let predicted = Double(tp + fp)
            points.append((recall: positives > 0 ? Double(tp) / Double(positives) : 1,
                           precision: predicted > 0 ? Double(tp) / predicted : 0))
        }
        points.reverse()
        points.append((recall: 0, precision: 1))
        return points
    }
}
