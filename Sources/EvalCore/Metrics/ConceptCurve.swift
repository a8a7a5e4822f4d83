/// One concept's ranking of the inputs, summarised at every distinct score: what the ROC and
/// precision–recall curves plot, and what answers "how many TP/FP at threshold t" in
/// O(log distinct scores), whatever the number of inputs.
///
/// Built from one sort of the concept's scores (see `CurveBuilder`); it keeps only the
/// distinct-threshold arrays, never a sorted copy of all scores.
public struct ConceptCurve: Sendable {
    /// Inputs labelled with the concept, and the others.
    public let positives: Int
    public let negatives: Int
    /// The distinct scores, descending.
    public let thresholds: [Double]
    /// `cumulativeTP[k]`, `cumulativeFP[k]`: the positives and negatives with score ≥ `thresholds[k]`.
    public let cumulativeTP: [Int32]
    public let cumulativeFP: [Int32]
    /// ROC AUC, the Mann–Whitney statistic with ties counted as ½ (`roc_auc_score`);
    /// nil without positives or without negatives.
    public let auc: Double?
    /// Average precision, Σₖ (Rₖ − Rₖ₋₁)·Pₖ over the distinct thresholds, descending, with no
    /// interpolation (`average_precision_score`); nil without positives.
    public let averagePrecision: Double?

    init(positives: Int, negatives: Int, thresholds: [Double], cumulativeTP: [Int32], cumulativeFP: [Int32],
         auc: Double?, averagePrecision: Double?) {
        self.positives = positives
        self.negatives = negatives
        self.thresholds = thresholds
        self.cumulativeTP = cumulativeTP
        self.cumulativeFP = cumulativeFP
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
    @inlinable
    public func thresholdCount(atOrAbove threshold: Double) -> Int {
        thresholds.withUnsafeBufferPointer { values in
            var low = 0
            var high = values.count
            while low < high {
                let middle = (low &+ high) >> 1
                if values[middle] >= threshold { low = middle &+ 1 } else { high = middle }
            }
            return low
        }
    }

    /// TP, FP, FN, TN when an input is predicted positive iff its score ≥ `threshold`.
    /// A binary search over the distinct thresholds: O(log n).
    public func counts(at threshold: Double) -> ConfusionCounts {
        let above = thresholdCount(atOrAbove: threshold)
        let tp = above == 0 ? 0 : Int(cumulativeTP[above - 1])
        let fp = above == 0 ? 0 : Int(cumulativeFP[above - 1])
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
        for k in thresholds.indices {
            points.append((fpr: negatives > 0 ? Double(cumulativeFP[k]) / n : .nan,
                           tpr: positives > 0 ? Double(cumulativeTP[k]) / p : .nan))
        }
        return points
    }

    /// The precision–recall curve in the order of scikit-learn's `precision_recall_curve`:
    /// one point per distinct threshold, ascending, then (recall 0, precision 1). Precision is 0
    /// where nothing is predicted; recall is 1 throughout when there are no positives, as there.
    public func prPoints() -> [(recall: Double, precision: Double)] {
        var points: [(recall: Double, precision: Double)] = []
        points.reserveCapacity(thresholds.count + 1)
        for k in thresholds.indices.reversed() {
            let tp = Double(cumulativeTP[k])
            let predicted = tp + Double(cumulativeFP[k])
            points.append((recall: positives > 0 ? tp / Double(positives) : 1,
                           precision: predicted > 0 ? tp / predicted : 0))
        }
        points.append((recall: 0, precision: 1))
        return points
    }
}
