/// The counts-at-threshold matrix of a summary at any thresholds, from its pair tables
/// (`EvaluationSummary.pairTables`): cell [A][B] counts the inputs labelled A whose score for B
/// is ≥ B's threshold, exactly as `EvaluationMetrics.countsAtThresholdCounts` counts them on
/// the file, because a pair table is nothing but those scores, counted. Each pair's table is
/// cumulated once; a cell is then one binary search, so a threshold step costs
/// O(concepts² · log cells), never a pass over the inputs.
public final class SummaryPairCounts: Sendable {
    private let conceptCount: Int
    /// Per pair key `A * concepts + B` (A ≠ B): B's distinct scores over A's inputs, descending.
    private let scores: [Int: [Double]]
    /// Cumulated from the top: inputs labelled A at or above each score (all, and those not
    /// labelled B).
    private let cumulativeAll: [Int: [Int]]
    private let cumulativeUnlabelled: [Int: [Int]]
    /// Concept A's curve: the diagonal (A's own positives at or above A's threshold, its TP).
    private let curves: [ConceptCurve]

    public init(tables: [Int: ScoreTable], curves: [ConceptCurve]) {
        conceptCount = curves.count
        self.curves = curves
        var scores: [Int: [Double]] = [:]
        var all: [Int: [Int]] = [:]
        var unlabelled: [Int: [Int]] = [:]
        for (key, table) in tables {
            scores[key] = table.scores
            var total = 0
            var negatives = 0
            all[key] = table.scores.indices.map { index in
                total += table.positives[index] + table.negatives[index]
                return total
            }
            unlabelled[key] = table.scores.indices.map { index in
                negatives += table.negatives[index]
                return negatives
            }
        }
        self.scores = scores
        cumulativeAll = all
        cumulativeUnlabelled = unlabelled
    }

    /// Cell [A][B] for every pair: the inputs labelled A scoring ≥ B's threshold on B.
    public func countsAtThreshold(thresholds: Thresholds) -> ConceptPairCounts {
        cells(thresholds: thresholds, from: cumulativeAll, diagonal: true)
    }

    /// Cell [A][B], A ≠ B: the inputs labelled A and not B scoring ≥ B's threshold on B (what
    /// multilabel `confused_with` counts as "A predicted as B", `ConceptFacts`).
    public func predictedAsOther(thresholds: Thresholds) -> ConceptPairCounts {
        cells(thresholds: thresholds, from: cumulativeUnlabelled, diagonal: false)
    }

    private func cells(thresholds: Thresholds, from cumulative: [Int: [Int]], diagonal: Bool) -> ConceptPairCounts {
        let c = conceptCount
        let cutoffs = (0 ..< c).map(thresholds.value(for:))
        var cells: [Int: Int] = [:]
        for (key, values) in scores {
            let above = Self.countAtOrAbove(cutoffs[key % c], in: values)
            if above > 0 { cells[key] = cumulative[key]![above - 1] }
        }
        if diagonal {
            for concept in 0 ..< c {
                let tp = curves[concept].counts(at: cutoffs[concept]).tp
                if tp > 0 { cells[concept * c + concept] = tp }
            }
        }
        return ConceptPairCounts(conceptCount: c, cells: cells)
    }

    /// How many of the descending `values` are ≥ `threshold`.
    private static func countAtOrAbove(_ threshold: Double, in values: [Double]) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) >> 1
            if values[middle] >= threshold { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
