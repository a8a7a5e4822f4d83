/// The orders of the comparison's concept table (`--sort`). Ascending by default, so `delta`
/// puts the regressions first and `p` the most significant changes first; `descending`
/// reverses. Concepts without a value always come last; equal values keep A's column order.
public enum ComparisonSort: String, Sendable, CaseIterable {
    case delta, p, name
    case aucA = "auc_a"
    case aucB = "auc_b"

    public func sorted(_ rows: [ConceptComparison], descending: Bool = false) -> [ConceptComparison] {
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

    private func value(_ row: ConceptComparison) -> Double? {
        switch self {
        case .delta: return row.deltaAUC
        case .p: return row.pHolm
        case .aucA: return row.aucA
        case .aucB: return row.aucB
        case .name: return nil
        }
    }
}
