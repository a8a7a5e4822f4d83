/// The outcome counts for one concept at one threshold (a prediction is positive when
/// score ≥ threshold), and the rates derived from them.
public struct ConfusionCounts: Sendable, Equatable {
    public let tp: Int
    public let fp: Int
    public let fn: Int
    public let tn: Int

    public init(tp: Int, fp: Int, fn: Int, tn: Int) {
        self.tp = tp
        self.fp = fp
        self.fn = fn
        self.tn = tn
    }

    /// Inputs labelled with the concept ("total labeled" in Clarifai's table).
    public var labeled: Int { tp + fn }
    /// Inputs predicted as the concept ("total predicted").
    public var predicted: Int { tp + fp }

    /// TP / (TP + FP), 0 when nothing is predicted (scikit-learn's `zero_division=0`).
    public var precision: Double { ratio(tp, tp + fp) }
    /// TP / (TP + FN), 0 when nothing is labelled.
    public var recall: Double { ratio(tp, tp + fn) }
    /// 2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall; 0 when undefined.
    public var f1: Double { ratio(2 * tp, 2 * tp + fp + fn) }
    /// FP / (FP + TN), 0 when there are no negatives.
    public var fpr: Double { ratio(fp, fp + tn) }

    private func ratio(_ numerator: Int, _ denominator: Int) -> Double {
        denominator == 0 ? 0 : Double(numerator) / Double(denominator)
    }
}
