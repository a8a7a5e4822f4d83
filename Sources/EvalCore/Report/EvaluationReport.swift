/// Everything `evaltop report` prints, computed once at one threshold; `ReportJSON` and
/// `TextReport` only format it.
public struct EvaluationReport: Sendable {
    /// One concept's row.
    public struct ConceptRow: Sendable, Equatable {
        public let concept: Concept
        /// The concept's column in the evaluation.
        public let index: Int
        public let positives: Int
        public let negatives: Int
        public let auc: Double?
        public let averagePrecision: Double?
        public let threshold: Double
        public let counts: ConfusionCounts
    }

    public let sourcePath: String
    public let inputs: Int
    public let mode: EvaluationMode
    public let thresholds: Thresholds
    public let summary: ModelSummary
    public let rows: [ConceptRow]
    /// Exclusive mode: true × argmax, in concept order, as its non-zero cells (the JSON writes
    /// it as a dense matrix while `MatrixLimits.fitsDense`, as the cells beyond).
    public let confusion: ConceptPairCounts?
    public let foldAUC: FoldAUC?
    public let clarifai: ClarifaiReported?

    /// The report of `metrics` at `thresholds`. Per-fold AUCs are computed when the
    /// evaluation has folds and `includeFolds` is set (they cost about one more sort per concept).
    public init(metrics: EvaluationMetrics, thresholds: Thresholds, includeFolds: Bool = true) {
        let evaluation = metrics.evaluation
        sourcePath = evaluation.sourcePath
        inputs = evaluation.inputCount
        mode = evaluation.mode
        self.thresholds = thresholds
        summary = metrics.summary(thresholds: thresholds)
        rows = metrics.curves.enumerated().map { index, curve in
            ConceptRow(
                concept: evaluation.concepts[index], index: index,
                positives: curve.positives, negatives: curve.negatives,
                auc: curve.auc, averagePrecision: curve.averagePrecision,
                threshold: thresholds.value(for: index),
                counts: metrics.counts(concept: index, thresholds: thresholds))
        }
        confusion = metrics.confusionCounts()
        foldAUC = includeFolds ? metrics.foldAUC() : nil
        clarifai = evaluation.clarifai
    }

    public var concepts: [Concept] { rows.map(\.concept) }
}
