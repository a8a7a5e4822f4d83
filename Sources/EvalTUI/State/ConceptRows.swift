import EvalCore

/// One concept's numbers at its threshold: what a row of the concept table shows.
public struct ConceptRow: Sendable, Equatable {
    public let concept: Int
    public let name: String
    public let auc: Double?
    public let averagePrecision: Double?
    public let counts: ConfusionCounts
    public let threshold: Double
    public let hasOwnThreshold: Bool
    /// The diagnosis's advice markers ("wc": weak, confused), "" when healthy or not known yet.
    public let advice: String
}

extension AppState {
    /// The concept indices in table order: filtered by name, then sorted by the sort key.
    /// Undefined values (an AUC without negatives) sort last whichever the direction.
    public var conceptRows: [Int] {
        guard let session else { return [] }
        let needle = table.filter.lowercased()
        var indices = Array(0 ..< session.evaluation.conceptCount)
        if !needle.isEmpty {
            indices = indices.filter { session.name($0).lowercased().contains(needle) }
        }
        let key = table.sortKey
        let descending = table.descending
        let values: [Int: Double?] = Dictionary(uniqueKeysWithValues: indices.map { ($0, sortValue(key, $0, session)) })
        indices.sort { a, b in
            if key == .name {
                let (na, nb) = (session.name(a), session.name(b))
                if na != nb { return descending ? na > nb : na < nb }
                return a < b
            }
            switch (values[a]!, values[b]!) {
            case let (va?, vb?):
                if va != vb { return descending ? va > vb : va < vb }
                return a < b
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
        return indices
    }

    public func row(for concept: Int) -> ConceptRow? {
        guard let session else { return nil }
        let curve = session.metrics.curves[concept]
        let t = thresholds.value(for: concept)
        return ConceptRow(
            concept: concept, name: session.name(concept), auc: curve.auc,
            averagePrecision: curve.averagePrecision, counts: curve.counts(at: t),
            threshold: t, hasOwnThreshold: thresholds.hasOverride(concept),
            advice: analysis.diagnosis?.diagnosis.concepts[concept].markers ?? "")
    }

    private func sortValue(_ key: ConceptSortKey, _ concept: Int, _ session: Session) -> Double? {
        let curve = session.metrics.curves[concept]
        let counts = { curve.counts(at: thresholds.value(for: concept)) }
        switch key {
        case .auc: return curve.auc
        case .ap: return curve.averagePrecision
        case .labeled: return Double(curve.positives)
        case .predicted: return Double(counts().predicted)
        case .tp: return Double(counts().tp)
        case .fn: return Double(counts().fn)
        case .fp: return Double(counts().fp)
        case .precision: return counts().precision
        case .recall: return counts().recall
        case .f1: return counts().f1
        case .name: return nil
        case .delta: return session.comparison?.concepts[concept].deltaAUC
        case .pHolm: return session.comparison?.concepts[concept].pHolm
        case .aucA: return session.comparison?.concepts[concept].aucA
        case .fixed: return session.outcomes(thresholds: thresholds).map { Double($0[concept].fixed) }
        case .broken: return session.outcomes(thresholds: thresholds).map { Double($0[concept].broken) }
        }
    }
}
