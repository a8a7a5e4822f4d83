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
    /// Asked for several times per key (selection, scrolling, drawing), so it is remembered
    /// for the last filter, sort and (when the sort reads them) thresholds: one filter and
    /// one sort per change, a few milliseconds at 20,000 concepts.
    public var conceptRows: [Int] {
        guard let session else { return [] }
        let key = table.sortKey
        let readsThresholds: Bool
        switch key {
        case .predicted, .tp, .fn, .fp, .precision, .recall, .f1, .fixed, .broken: readsThresholds = true
        default: readsThresholds = false
        }
        if key == .fixed || key == .broken, session.comparison != nil, session.outcomes(thresholds: thresholds) == nil {
            // Counted in the background (many concepts): the file order meanwhile, not
            // remembered, so that the real order replaces it when the counts land.
            let byIndex = Array(0 ..< session.conceptCount)
            return table.filter.isEmpty ? byIndex : session.conceptNames.matching(table.filter, in: byIndex)
        }
        let cacheKey = ConceptOrderKey(filter: table.filter, sortKey: key, descending: table.descending,
                                       thresholds: readsThresholds ? thresholds : nil)
        return session.conceptOrder.get(cacheKey) {
            // The whole order is kept per sort, and a filter only keeps its matches in that
            // order: typing into the filter costs one pass over the names' bytes, not a sort
            // of every concept's values (38 ms a key at 20,000 concepts when it re-sorted).
            var unfiltered = cacheKey
            unfiltered.filter = ""
            let sorted = session.sortedConcepts.get(unfiltered) { orderedConcepts(session: session) }
            return table.filter.isEmpty ? sorted : session.conceptNames.matching(table.filter, in: sorted)
        }
    }

    /// Every concept in the table's sort order.
    private func orderedConcepts(session: Session) -> [Int] {
        var indices = Array(0 ..< session.conceptCount)
        let key = table.sortKey
        let descending = table.descending
        if key == .name {
            indices.sort { a, b in
                let (na, nb) = (session.name(a), session.name(b))
                if na != nb { return descending ? na > nb : na < nb }
                return a < b
            }
            return indices
        }
        // One value per concept, read once (the comparisons then only index an array).
        var values = [Double?](repeating: nil, count: session.conceptCount)
        for concept in indices { values[concept] = sortValue(key, concept, session) }
        indices.sort { a, b in
            switch (values[a], values[b]) {
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
            advice: AdviceMarkers.compact(analysis.diagnosis?.diagnosis.concepts[concept].markers ?? ""))
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
        case .delta: return session.compared?.changeRow(concept).deltaAUC
        case .pHolm: return session.compared?.changeRow(concept).pHolm
        case .aucA: return session.compared?.changeRow(concept).aucA
        case .fixed: return session.outcomes(thresholds: thresholds).map { Double($0[concept].fixed) }
        case .broken: return session.outcomes(thresholds: thresholds).map { Double($0[concept].broken) }
        }
    }
}

/// The Adv column's text: one letter per kind of advice, with a count when a kind repeats, so
/// that a concept confused with 40 others reads `c40` rather than 40 `c`s pushing the other
/// columns out (the diagnosis view, `d`, lists each pair).
public enum AdviceMarkers {
    public static func compact(_ markers: String) -> String {
        var order: [Character] = []
        var counts: [Character: Int] = [:]
        for marker in markers {
            if counts[marker] == nil { order.append(marker) }
            counts[marker, default: 0] += 1
        }
        return order.map { counts[$0]! > 1 ? "\($0)\(counts[$0]!)" : String($0) }.joined()
    }
}
