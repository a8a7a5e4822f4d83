/// The orders of the report's concept table (`--sort`). Ascending puts the worst first for
/// the metrics; `descending` reverses. Concepts without a value (no AUC, no AP) always come
/// last, and equal values keep the file's column order.
public enum ReportSort: String, Sendable, CaseIterable {
    case auc, ap, f1, precision, recall, labeled, name

    public func sorted(_ rows: [EvaluationReport.ConceptRow], descending: Bool = false) -> [EvaluationReport.ConceptRow] {
        rows.sorted { a, b in
            switch compare(a, b) {
            case .some(let ordering) where ordering != 0: return descending ? ordering > 0 : ordering < 0
            case .some: return a.index < b.index
            case .none:
                let aMissing = missing(a), bMissing = missing(b)
                return aMissing && bMissing ? a.index < b.index : bMissing
            }
        }
    }

    /// Negative, zero or positive like a comparator; nil when either value is missing.
    private func compare(_ a: EvaluationReport.ConceptRow, _ b: EvaluationReport.ConceptRow) -> Int? {
        switch self {
        case .name:
            let left = a.concept.name, right = b.concept.name
            return left == right ? 0 : (left < right ? -1 : 1)
        case .labeled: return a.counts.labeled - b.counts.labeled
        default:
            guard let left = value(a), let right = value(b) else { return nil }
            return left == right ? 0 : (left < right ? -1 : 1)
        }
    }

    private func missing(_ row: EvaluationReport.ConceptRow) -> Bool {
        value(row) == nil && self != .name && self != .labeled
    }

    private func value(_ row: EvaluationReport.ConceptRow) -> Double? {
        switch self {
        case .auc: return row.auc
        case .ap: return row.averagePrecision
        case .f1: return row.counts.f1
        case .precision: return row.counts.precision
        case .recall: return row.counts.recall
        case .labeled: return Double(row.counts.labeled)
        case .name: return nil
        }
    }
}
