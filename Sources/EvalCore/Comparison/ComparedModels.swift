/// What the comparison screens read of two models compared concept by concept, whether the
/// comparison is of two files (`Comparison`: DeLong's paired test, inputs matched by id) or of
/// two summaries (`SummaryComparison`: pROC's unpaired test). Rows are the shared concepts in
/// A's order, which is also the order of model B's metrics in a comparison's session.
public protocol ComparedModels: AnyObject, Sendable {
    /// The shared concepts.
    var sharedConceptCount: Int { get }
    /// The shared concept at `index`: AUCs, AP, ΔAUC and Holm's p.
    func changeRow(_ index: Int) -> any ConceptChangeRow
    /// Model A's curve of the shared concept at `index`.
    func curveA(_ index: Int) -> ConceptCurve
    var macroAUCA: Double? { get }
    var macroAUCB: Double? { get }
    /// Concepts whose Holm-adjusted p is below 0.05, by the sign of the change.
    var significantlyBetter: Int { get }
    var significantlyWorse: Int { get }
    /// Names of the concepts only one side has (matched by id for files, by name for summaries).
    var conceptNamesOnlyInA: [String] { get }
    var conceptNamesOnlyInB: [String] { get }
}

extension Comparison: ComparedModels {
    public var sharedConceptCount: Int { concepts.count }
    public func changeRow(_ index: Int) -> any ConceptChangeRow { concepts[index] }
    public func curveA(_ index: Int) -> ConceptCurve { metricsA.curves[index] }
    public var macroAUCA: Double? { summary.macroAUCA }
    public var macroAUCB: Double? { summary.macroAUCB }
    public var significantlyBetter: Int { summary.significantlyBetter }
    public var significantlyWorse: Int { summary.significantlyWorse }
    public var conceptNamesOnlyInA: [String] { pair.conceptsOnlyInA }
    public var conceptNamesOnlyInB: [String] { pair.conceptsOnlyInB }
}

extension SummaryComparison: ComparedModels {
    public var sharedConceptCount: Int { concepts.count }
    public func changeRow(_ index: Int) -> any ConceptChangeRow { concepts[index] }
    public func curveA(_ index: Int) -> ConceptCurve { a.curves[concepts[index].indexA] }
    public var conceptNamesOnlyInA: [String] { conceptsOnlyInA }
    public var conceptNamesOnlyInB: [String] { conceptsOnlyInB }

    /// Model B's summary with only the shared concepts, in A's order: the session of a
    /// comparison shows B's metrics row for row beside A's.
    public func alignedSummaryB() -> EvaluationSummary {
        b.summary.restricted(to: concepts.map(\.indexB))
    }
}
