extension EvaluationSummary {
    /// The summary of the concepts at `conceptIndices` only, in that order: their score tables
    /// (whole, per fold and per slice value), image-size counts, and the cells of the concept ×
    /// concept matrices between two kept concepts. The input count, the folds and slices and
    /// the top-1 count stay the whole evaluation's (the argmax was taken over every concept).
    /// A comparison of two summaries shows B this way, concept for concept beside A.
    public func restricted(to conceptIndices: [Int]) -> EvaluationSummary {
        if conceptIndices == Array(concepts.indices) { return self }
        let oldCount = concepts.count, newCount = conceptIndices.count
        var newIndex: [Int: Int] = [:]
        for (position, old) in conceptIndices.enumerated() { newIndex[old] = position }
        func cells<Value>(_ matrix: [Int: Value]?) -> [Int: Value]? {
            guard let matrix else { return nil }
            var kept: [Int: Value] = [:]
            for (key, value) in matrix {
                guard let row = newIndex[key / oldCount], let column = newIndex[key % oldCount] else { continue }
                kept[row * newCount + column] = value
            }
            return kept
        }
        func attribute(_ attribute: SummaryAttribute) -> SummaryAttribute {
            SummaryAttribute(name: attribute.name, values: attribute.values, sizes: attribute.sizes,
                             tables: attribute.tables.map { tables in conceptIndices.map { tables[$0] } })
        }
        return EvaluationSummary(
            source: source, inputs: inputs, mode: mode, grid: grid,
            concepts: conceptIndices.map { concepts[$0] }, tables: conceptIndices.map { tables[$0] },
            fold: fold.map(attribute), attributes: attributes.map(attribute),
            top1Correct: top1Correct, confusion: cells(confusion), cooccurrence: cells(cooccurrence),
            scoreSums: cells(scoreSums),
            labelledWithSize: conceptIndices.map { labelledWithSize[$0] }, labelledSmall: conceptIndices.map { labelledSmall[$0] },
            multiLabelled: conceptIndices.map { multiLabelled[$0] },
            extremes: extremes, sampleSize: sampleSize, rows: rows.map { $0.restricted(to: conceptIndices, newIndex: newIndex) },
            pairTables: cells(pairTables), pairsLeftOut: pairsLeftOut,
            countsAt: countsAt.map { held in
                var perConcept: [Int: Double] = [:]
                for (old, value) in held.set.thresholds.perConcept { if let concept = newIndex[old] { perConcept[concept] = value } }
                func kept(_ counts: ConceptPairCounts) -> ConceptPairCounts {
                    var kept: [Int: Int] = [:]
                    for cell in counts.nonZeroCells {
                        if let row = newIndex[cell.row], let column = newIndex[cell.column] { kept[row * newCount + column] = cell.count }
                    }
                    return ConceptPairCounts(conceptCount: newCount, cells: kept)
                }
                return SummaryCountsAt(set: SummaryThresholdSet(name: held.set.name, thresholds: Thresholds(global: held.set.thresholds.global, perConcept: perConcept)),
                                       counts: kept(held.counts), alsoLabelled: held.alsoLabelled.map(kept))
            })
    }
}

extension SummaryRow {
    /// The row with only the kept concepts' labels and scores, renumbered (`newIndex`: old
    /// concept index to new). Every kept concept's extremes are still among the rows, so each
    /// concept's lists come out the same.
    func restricted(to conceptIndices: [Int], newIndex: [Int: Int]) -> SummaryRow {
        let keptLabels = labels.compactMap { newIndex[Int($0)].map(Int32.init) }.sorted()
        let keptScores: [Double]
        let keptConcepts: [Int32]?
        if let scoreConcepts {
            let pairs = zip(scoreConcepts, scores).compactMap { concept, score in newIndex[Int(concept)].map { (Int32($0), score) } }
                .sorted { $0.0 < $1.0 }
            keptConcepts = pairs.map(\.0)
            keptScores = pairs.map(\.1)
        } else {
            keptConcepts = nil
            keptScores = conceptIndices.map { scores[$0] }
        }
        return SummaryRow(id: id, labels: keptLabels, scores: keptScores, scoreConcepts: keptConcepts, inSample: inSample,
                          url: url, text: text, width: width, height: height, fold: fold, meta: meta)
    }
}
