/// The orders of the comparison's concept table (`--sort`). Ascending by default, so `delta`
/// puts the regressions first and `p` the most significant changes first; `descending`
/// reverses. Concepts without a value always come last; equal values keep A's column order.
public enum ComparisonSort: String, Sendable, CaseIterable {
    case delta, p, name
    case aucA = "auc_a"
    case aucB = "auc_b"

    public func sorted<Row: ConceptChangeRow>(_ rows: [Row], descending: Bool = false) -> [Row] {
        rows.sorted { left, right in
            if self == .name {
                let a = left.concept.name, b = right.concept.name
                if a != b { return descending ? a > b : a < b }
                return left.index < right.index
            }
            switch (value(left), value(right)) {
            case let (a?, b?) where a != b: return descending ? a > b : a < b
            case (nil, _?): return false
            case (_?, nil): return true
            default: return left.index < right.index
            }
        }
    }

    private func value<Row: ConceptChangeRow>(_ row: Row) -> Double? {
        switch self {
        case .delta: return row.deltaAUC
        case .p: return row.pHolm
        case .aucA: return row.aucA
        case .aucB: return row.aucB
        case .name: return nil
        }
    }
}

/// A concept's row in a comparison, paired (two files: `ConceptComparison`) or unpaired (two
/// summaries: `SummaryConceptComparison`): what sorting and the verdict need.
public protocol ConceptChangeRow {
    /// Position in A's order of the shared concepts.
    var index: Int { get }
    var concept: Concept { get }
    var aucA: Double? { get }
    var aucB: Double? { get }
    /// AUC(B) − AUC(A), nil when either AUC is undefined.
    var deltaAUC: Double? { get }
    /// Holm-adjusted p-value across the concepts that have one.
    var pHolm: Double? { get }
    var averagePrecisionA: Double? { get }
    var averagePrecisionB: Double? { get }
}

extension ConceptChangeRow {
    /// The verdict the UI marks: better or worse only when the Holm-adjusted p is below `alpha`.
    public func change(alpha: Double = 0.05) -> SignificantChange {
        guard let pHolm, pHolm < alpha, let delta = deltaAUC, delta != 0 else { return .none }
        return delta > 0 ? .better : .worse
    }
}
