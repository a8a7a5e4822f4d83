/// Every number evaltop shows that needs no input's row: the concepts, a curve per concept
/// (from which every count at any threshold follows), top-1 accuracy, the concept-by-concept
/// counts, the per-fold and per-slice curves and the per-concept facts of the diagnosis.
///
/// Two sources supply them: `EvaluationMetrics` (a loaded evaluation, whose rows also back the
/// drill-down lists) and `SummaryMetrics` (an `.evalsum` summary, issue 13, which holds no
/// rows). The UI's screens, the diagnosis and the threshold strategies read this, so that a
/// summary opens wherever a file does; only what lists inputs asks for the rows.
public protocol EvaluationAggregates: AnyObject, Sendable {
    /// The evaluation's (or the summarised file's) path.
    var sourcePath: String { get }
    var concepts: [Concept] { get }
    var mode: EvaluationMode { get }
    var inputCount: Int { get }
    /// One curve per concept, in concept order.
    var curves: [ConceptCurve] { get }
    /// Exclusive mode: the share of inputs whose argmax is one of their labels; else nil.
    var top1Accuracy: Double? { get }
    /// Clarifai's own macro AUC, shown beside ours, when the file came from Clarifai.
    var reportedMacroAUC: Double? { get }
    /// The fold column's values, when there is one (the header's "5 folds").
    var foldValues: [String]? { get }
    /// Whether there is anything to break down by (`meta:` columns or a fold).
    var hasSliceAttributes: Bool { get }
    /// Exclusive: true × argmax, non-zero cells; nil in multilabel mode (or when not held).
    func confusionCounts() -> ConceptPairCounts?
    /// Multilabel: label co-occurrence, non-zero cells; nil in exclusive mode.
    func cooccurrenceCounts() -> ConceptPairCounts?
    /// Cell [A][B]: B's mean score over the inputs labelled A (NaN in rows of concepts that
    /// label nothing); nil when too many concepts for a dense matrix or not held.
    func meanScores() -> [[Double]]?
    /// Each concept's AUC per fold, folds in fold order.
    func foldAUC() -> FoldAUC?
    /// The breakdown by `meta:` attribute and fold (the slices view, the bias rule).
    func slices() -> Slices
    /// The per-concept counts the diagnosis's advice needs at `thresholds`.
    func conceptFacts(thresholds: Thresholds) -> ConceptFacts
}

extension EvaluationAggregates {
    public var conceptCount: Int { concepts.count }

    /// The counts of `concept` at its threshold (a binary search on its curve).
    public func counts(concept: Int, thresholds: Thresholds) -> ConfusionCounts {
        curves[concept].counts(at: thresholds.value(for: concept))
    }

    /// The counts of every concept at its threshold.
    public func allCounts(thresholds: Thresholds) -> [ConfusionCounts] {
        curves.indices.map { counts(concept: $0, thresholds: thresholds) }
    }

    /// Macro averages at `thresholds` and, in exclusive mode, top-1 accuracy.
    public func summary(thresholds: Thresholds) -> ModelSummary {
        let aucs = MeanAndStd.of(curves.map(\.auc))
        let counts = allCounts(thresholds: thresholds)
        return ModelSummary(
            macroAUC: aucs.mean, aucStd: aucs.std,
            conceptsWithAUC: curves.count { $0.auc != nil },
            macroAP: MeanAndStd.mean(curves.compactMap(\.averagePrecision)),
            macroPrecision: MeanAndStd.mean(counts.map(\.precision)),
            macroRecall: MeanAndStd.mean(counts.map(\.recall)),
            macroF1: MeanAndStd.mean(counts.map(\.f1)),
            top1Accuracy: top1Accuracy)
    }
}

extension EvaluationMetrics: EvaluationAggregates {
    public var sourcePath: String { evaluation.sourcePath }
    public var concepts: [Concept] { evaluation.concepts }
    public var mode: EvaluationMode { evaluation.mode }
    public var inputCount: Int { evaluation.inputCount }
    public var reportedMacroAUC: Double? { evaluation.clarifai?.macroAUC }
    public var foldValues: [String]? { evaluation.fold?.values }
    public var hasSliceAttributes: Bool { evaluation.fold != nil || !evaluation.attributes.isEmpty }

    public func meanScores() -> [[Double]]? { denseMatricesFit ? meanScoreMatrix() : nil }
    public func slices() -> Slices { Slices(metrics: self) }
    public func conceptFacts(thresholds: Thresholds) -> ConceptFacts { ConceptFacts(metrics: self, thresholds: thresholds) }
}
