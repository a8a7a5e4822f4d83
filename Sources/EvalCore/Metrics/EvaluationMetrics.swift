import Foundation

/// Every metric of one evaluation. Construction does the expensive part once (a sort per
/// concept, in parallel, and the argmax of every input); everything that depends on the
/// threshold is then a binary search per concept, cheap enough for a slider.
public final class EvaluationMetrics: Sendable {
    public let evaluation: Evaluation
    /// One curve per concept, in the evaluation's concept order.
    public let curves: [ConceptCurve]
    /// The argmax concept of each input; a tie goes to the first column. -1 without concepts.
    public let top1: [Int32]
    /// Exclusive mode: the share of inputs whose argmax is one of their labels. Nil in
    /// multilabel mode and without inputs. It does not depend on the threshold.
    public let top1Accuracy: Double?

    /// Sorts every concept's scores (in parallel) and finds each input's argmax.
    public init(evaluation: Evaluation) {
        self.evaluation = evaluation
        self.curves = CurveBuilder.curves(of: evaluation, storage: .inputIndices)
        let top1 = Argmax.ofRows(evaluation)
        self.top1 = top1
        self.top1Accuracy = Self.accuracy(of: top1, in: evaluation)
    }

    // The counts and the summary at a threshold: `EvaluationAggregates`, shared with summaries.

    private static func accuracy(of top1: [Int32], in evaluation: Evaluation) -> Double? {
        guard evaluation.mode == .exclusive, evaluation.inputCount > 0 else { return nil }
        let correct = InputRanges.map(count: evaluation.inputCount) { inputs in
            var correct = 0
            for input in inputs where evaluation.labels(of: input).contains(top1[input]) { correct += 1 }
            return correct
        }.reduce(0, +)
        return Double(correct) / Double(evaluation.inputCount)
    }

    /// Each concept's AUC within each fold, when the evaluation has a `fold` column.
    /// Inputs without a fold value are left out. Costs about as much as the construction.
    public func foldAUC() -> FoldAUC? {
        guard let fold = evaluation.fold else { return nil }
        var members = [[Int32]](repeating: [], count: fold.values.count)
        for (input, code) in fold.codes.enumerated() where code >= 0 && Int(code) < members.count {
            members[Int(code)].append(Int32(input))
        }
        // Folds in fold order (0, 1, 2, …), as the slices list them, not as they first appear.
        let order = SliceAttribute.displayOrder(fold.values, isFold: true)
        members = order.map { members[$0] }
        let perFold = members.map { CurveBuilder.curves(of: evaluation, subset: $0) }
        let auc = curves.indices.map { concept in perFold.map { $0[concept].auc } }
        return FoldAUC(folds: order.map { fold.values[$0] }, foldSizes: members.map(\.count), auc: auc)
    }
}
