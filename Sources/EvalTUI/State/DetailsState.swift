import EvalCore

/// Where a selection-details list comes from: a concept's confusion counts, or one cell of
/// the concept-by-concept matrix.
public enum DetailsSource: Sendable, Equatable {
    case concept(Int)
    /// The inputs labelled `trueConcept` that `view` counts in column `predictedConcept`.
    case matrixCell(trueConcept: Int, predictedConcept: Int, view: MatrixView)
    /// When comparing two evaluations: the concept's broken, fixed and still-wrong inputs.
    case changes(Int)
}

/// The selection-details pane: tabs FN, FP, TP (and TN on request) over a concept's inputs,
/// or one list for a matrix cell. Rows are never materialised beyond what is visible.
public struct DetailsState: Sendable, Equatable {
    public var source: DetailsSource
    public var tab: Outcome = .falseNegative
    public var showTrueNegatives = false
    /// The tab of a `.changes` list.
    public var changeTab: ChangeKind = .broken
    public var selectedRow = 0
    public var scrollOffset = 0

    public init(source: DetailsSource) {
        self.source = source
    }

    /// The tabs shown, in order (what Tab and 1–4 switch between).
    public var tabs: [Outcome] {
        guard case .concept = source else { return [] }
        return showTrueNegatives
            ? [.falseNegative, .falsePositive, .truePositive, .trueNegative]
            : [.falseNegative, .falsePositive, .truePositive]
    }
}
