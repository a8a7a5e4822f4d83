/// The whole-model numbers at a threshold. Undefined values are nil.
public struct ModelSummary: Sendable, Equatable {
    /// Mean ROC AUC over the concepts where it is defined (they have positives and negatives).
    public let macroAUC: Double?
    /// Population standard deviation (numpy's default, ddof = 0) of those AUCs.
    public let aucStd: Double?
    /// How many concepts have an AUC.
    public let conceptsWithAUC: Int
    /// Mean average precision over the concepts that have positives.
    public let macroAP: Double?
    /// Means over all concepts of precision, recall and F1 at the threshold, each 0 for a
    /// concept where it is undefined (scikit-learn's `average="macro", zero_division=0`).
    /// Nil only when there are no concepts.
    public let macroPrecision: Double?
    public let macroRecall: Double?
    public let macroF1: Double?
    /// Exclusive mode: the share of inputs whose argmax concept is one of their labels.
    /// Nil in multilabel mode or without inputs.
    public let top1Accuracy: Double?

    public init(macroAUC: Double?, aucStd: Double?, conceptsWithAUC: Int, macroAP: Double?,
                macroPrecision: Double?, macroRecall: Double?, macroF1: Double?, top1Accuracy: Double?) {
        self.macroAUC = macroAUC
        self.aucStd = aucStd
        self.conceptsWithAUC = conceptsWithAUC
        self.macroAP = macroAP
        self.macroPrecision = macroPrecision
        self.macroRecall = macroRecall
        self.macroF1 = macroF1
        self.top1Accuracy = top1Accuracy
    }
}

/// Mean and population standard deviation of the values that are present.
enum MeanAndStd {
    static func of(_ values: [Double?]) -> (mean: Double?, std: Double?) {
        let present = values.compactMap { $0 }
        guard !present.isEmpty else { return (nil, nil) }
        let mean = present.reduce(0, +) / Double(present.count)
        let variance = present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(present.count)
        return (mean, variance.squareRoot())
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
