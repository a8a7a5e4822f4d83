import EvalCore

/// The columns the concept table can be sorted by, in the order `s` cycles through them.
public enum ConceptSortKey: String, Sendable, CaseIterable {
    case auc, ap, labeled, predicted, tp, fn, fp, precision, recall, f1, name

    public var title: String {
        switch self {
        case .auc: return "AUC"
        case .ap: return "AP"
        case .labeled: return "Labeled"
        case .predicted: return "Predicted"
        case .tp: return "TP"
        case .fn: return "FN"
        case .fp: return "FP"
        case .precision: return "Precision"
        case .recall: return "Recall"
        case .f1: return "F1"
        case .name: return "Concept"
        }
    }

    public var next: ConceptSortKey {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// The concept table's view state: sort, filter and selection. The rows themselves are
/// derived from the metrics at render time, so they always follow the threshold.
public struct ConceptTableState: Sendable, Equatable {
    public var sortKey: ConceptSortKey = .auc
    /// False: worst first (ascending AUC), as the guide suggests reading a model.
    public var descending = false
    public var filter = ""
    /// Index into the sorted, filtered rows.
    public var selectedRow = 0
    /// The first visible row (the widget keeps the selection visible).
    public var scrollOffset = 0

    public init() {}
}
