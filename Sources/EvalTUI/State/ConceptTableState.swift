import EvalCore

/// The columns the concept table can be sorted by, in the order `s` cycles through them.
/// A comparison of two evaluations (`evaltop A B`) has its own columns: `auc` and `f1` are then
/// B's, and the cycle is `comparisonCycle`.
public enum ConceptSortKey: String, Sendable, CaseIterable {
    case auc, ap, labeled, predicted, tp, fn, fp, precision, recall, f1, name
    case delta, pHolm, aucA, fixed, broken

    /// The order `s` cycles through on one evaluation.
    static let singleCycle: [ConceptSortKey] = [.auc, .ap, .labeled, .predicted, .tp, .fn, .fp, .precision, .recall, .f1, .name]
    /// The order `s` cycles through when comparing two: ΔAUC (regressions first) by default.
    static let comparisonCycle: [ConceptSortKey] = [.delta, .pHolm, .aucA, .auc, .f1, .fixed, .broken, .name]
    /// Two summaries: no fixed and broken counts (they need each input's two scores).
    static let summaryComparisonCycle = comparisonCycle.filter { $0 != .fixed && $0 != .broken }

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
        case .delta: return "ΔAUC"
        case .pHolm: return "p (Holm)"
        case .aucA: return "AUC A"
        case .fixed: return "Fixed"
        case .broken: return "Broken"
        }
    }

    /// The next key of the cycle for one evaluation, or for a comparison of two files
    /// (`pairedInputs`) or of two summaries.
    public func next(comparing: Bool, pairedInputs: Bool = true) -> ConceptSortKey {
        let cycle = !comparing ? Self.singleCycle : pairedInputs ? Self.comparisonCycle : Self.summaryComparisonCycle
        guard let index = cycle.firstIndex(of: self) else { return cycle[0] }
        return cycle[(index + 1) % cycle.count]
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
