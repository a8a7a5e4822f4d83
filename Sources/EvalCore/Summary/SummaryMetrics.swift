/// The metrics a summary holds, in the shapes the rest of evaltop uses: a `ConceptCurve` per
/// score table (the same curve `EvaluationMetrics` sorts its way to, since a curve is nothing
/// but the cumulated table), the summary numbers and the confusion counts.
public final class SummaryMetrics: Sendable {
    public let summary: EvaluationSummary
    /// One curve per concept, in concept order.
    public let curves: [ConceptCurve]

    public init(summary: EvaluationSummary) {
        self.summary = summary
        curves = summary.tables.map(ConceptCurve.init(table:))
    }

    public var top1Accuracy: Double? {
        guard summary.mode == .exclusive, summary.inputs > 0, let correct = summary.top1Correct else { return nil }
        return Double(correct) / Double(summary.inputs)
    }

    public func summary(thresholds: Thresholds) -> ModelSummary {
        ModelSummary(curves: curves, thresholds: thresholds, top1Accuracy: top1Accuracy)
    }

    public func confusionCounts() -> ConceptPairCounts? {
        summary.confusion.map { ConceptPairCounts(conceptCount: summary.concepts.count, cells: $0) }
    }

    /// Each concept's AUC per fold, folds in the summary's order (the slices' order).
    public func foldAUC() -> FoldAUC? {
        guard let fold = summary.fold else { return nil }
        let perFold = fold.tables.map { $0.map { ConceptCurve(table: $0).auc } }
        return FoldAUC(folds: fold.values, foldSizes: fold.sizes,
                       auc: summary.concepts.indices.map { concept in perFold.map { $0[concept] } })
    }
}

extension ConceptCurve {
    /// The curve of a score table (distinct scores descending with their counts).
    public init(table: ScoreTable) {
        var tp: Int32 = 0
        var fp: Int32 = 0
        var cumulativeTP = [Int32](repeating: 0, count: table.scores.count)
        var cumulativeFP = [Int32](repeating: 0, count: table.scores.count)
        for k in table.scores.indices {
            tp += Int32(table.positives[k])
            fp += Int32(table.negatives[k])
            cumulativeTP[k] = tp
            cumulativeFP[k] = fp
        }
        self = CurveBuilder.finish(thresholds: table.scores, cumulativeTP: cumulativeTP, cumulativeFP: cumulativeFP)
    }
}

extension ModelSummary {
    /// Macro averages of `curves` at `thresholds` (as `EvaluationMetrics.summary`).
    init(curves: [ConceptCurve], thresholds: Thresholds, top1Accuracy: Double?) {
        let aucs = MeanAndStd.of(curves.map(\.auc))
        let counts = curves.indices.map { curves[$0].counts(at: thresholds.value(for: $0)) }
        self.init(
            macroAUC: aucs.mean, aucStd: aucs.std,
            conceptsWithAUC: curves.count { $0.auc != nil },
            macroAP: MeanAndStd.mean(curves.compactMap(\.averagePrecision)),
            macroPrecision: MeanAndStd.mean(counts.map(\.precision)),
            macroRecall: MeanAndStd.mean(counts.map(\.recall)),
            macroF1: MeanAndStd.mean(counts.map(\.f1)),
            top1Accuracy: top1Accuracy)
    }
}

extension EvaluationReport {
    /// The report of a summary: the same numbers as the report of the file it summarises
    /// (exactly with the exact grid; with a grid, those of the rounded scores).
    public init(summary metrics: SummaryMetrics, thresholds: Thresholds) {
        let summary = metrics.summary
        sourcePath = summary.source
        inputs = summary.inputs
        mode = summary.mode
        self.thresholds = thresholds
        self.summary = metrics.summary(thresholds: thresholds)
        rows = metrics.curves.enumerated().map { index, curve in
            ConceptRow(
                concept: summary.concepts[index], index: index,
                positives: curve.positives, negatives: curve.negatives,
                auc: curve.auc, averagePrecision: curve.averagePrecision,
                threshold: thresholds.value(for: index),
                counts: curve.counts(at: thresholds.value(for: index)))
        }
        confusion = metrics.confusionCounts()
        foldAUC = metrics.foldAUC()
        clarifai = nil
    }
}
