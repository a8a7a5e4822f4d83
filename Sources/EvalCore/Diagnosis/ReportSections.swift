/// The diagnosis and slices that `evaltop report` adds to its JSON and text, computed once.
public struct ReportSections: Sendable {
    public let slices: Slices
    public let diagnosis: Diagnosis
    public let thresholds: Thresholds
    public let concepts: [Concept]

    /// Slices by every attribute and the fold, then the diagnosis at `thresholds`, of an
    /// evaluation or of a summary (which has no suspects: pass no `suspectCounts`).
    /// `suspectCounts`: see `Diagnoser.diagnose`.
    public init(metrics: any EvaluationAggregates, thresholds: Thresholds, foldAUC: FoldAUC? = nil, suspectCounts: [Int]? = nil,
                estimatedLabelErrors: Int? = nil) {
        slices = metrics.slices()
        diagnosis = Diagnoser.diagnose(metrics: metrics, thresholds: thresholds, slices: slices,
                                       foldAUC: foldAUC, suspectCounts: suspectCounts,
                                       estimatedLabelErrors: estimatedLabelErrors)
        self.thresholds = thresholds
        concepts = metrics.concepts
    }

    /// `"diagnosis"` and `"slices"` for `ReportJSON.render(_:extraSections:)`.
    public var jsonSections: [(key: String, json: String)] {
        [("diagnosis", DiagnosisJSON.render(diagnosis, concepts: concepts)),
         ("slices", SlicesJSON.render(slices, thresholds: thresholds, concepts: concepts))]
    }

    /// The "Diagnosis" and "Slices" sections for `TextReport.render(_:…:extraSections:)`.
    public var textSections: [[String]] {
        [DiagnosisText.render(diagnosis, concepts: concepts),
         SlicesText.render(slices, thresholds: thresholds, concepts: concepts)]
    }
}
