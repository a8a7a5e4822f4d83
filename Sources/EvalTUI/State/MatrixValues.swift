import EvalCore

/// One off-diagonal cell of a matrix view: what the Top confusions list shows per row.
public struct MatrixPair: Sendable, Equatable {
    public let row: Int
    public let column: Int
    /// The count (or the mean score, in the mean-score view).
    public let value: Double
}

/// One matrix view's values for one set of thresholds, computed off the main thread
/// (`MatrixWarmer`) and read cell by cell by the screens: count views keep only their
/// non-zero cells (`ConceptPairCounts`), so 1,000 or 20,000 concepts never cost concepts².
public final class MatrixValues: Sendable {
    public let view: MatrixView
    /// The count views' cells; nil for the mean scores.
    public let counts: ConceptPairCounts?
    /// The mean-score view, dense (only built while `MatrixLimits.fitsDense`).
    private let means: [[Double]]?
    /// The largest value anywhere (the shading's top).
    public let maxValue: Double
    /// The off-diagonal non-zero cells, largest first (ties by row, then column): the Top
    /// confusions list and the "largest off-diagonal cell" jump.
    public let confusions: [MatrixPair]
    /// Inputs labelled each concept: the denominator of "share of the true concept".
    private let labelled: [Int]

    init(view: MatrixView, counts: ConceptPairCounts, labelled: [Int]) {
        self.view = view
        self.counts = counts
        self.means = nil
        self.labelled = labelled
        var largest = 0
        var pairs: [MatrixPair] = []
        for cell in counts.nonZeroCells {
            largest = max(largest, cell.count)
            if cell.row != cell.column { pairs.append(MatrixPair(row: cell.row, column: cell.column, value: Double(cell.count))) }
        }
        maxValue = Double(largest)
        confusions = Self.sorted(pairs)
    }

    init(meanScores: [[Double]], labelled: [Int]) {
        view = .meanScore
        counts = nil
        means = meanScores
        self.labelled = labelled
        var largest = 0.0
        var pairs: [MatrixPair] = []
        for (row, values) in meanScores.enumerated() where labelled[row] > 0 {
            for (column, value) in values.enumerated() where value > 0 {
                largest = max(largest, value)
                if row != column { pairs.append(MatrixPair(row: row, column: column, value: value)) }
            }
        }
        maxValue = largest
        confusions = Self.sorted(pairs)
    }

    private static func sorted(_ pairs: [MatrixPair]) -> [MatrixPair] {
        pairs.sorted { ($0.value, $1.row, $1.column) > ($1.value, $0.row, $0.column) }
    }

    /// Cell [row][column]: O(log cells in the row) for counts, O(1) for the means.
    public func value(row: Int, column: Int) -> Double {
        if let counts { return Double(counts[row, column]) }
        return means?[row][column] ?? 0
    }

    /// A count's share of the inputs labelled the row's concept; nil for the mean scores and
    /// for concepts that label nothing.
    public func share(row: Int, count: Double) -> Double? {
        guard counts != nil, labelled[row] > 0 else { return nil }
        return count / Double(labelled[row])
    }

    /// Computes `view` at `thresholds` (the counts view is the only one that depends on them).
    /// Nil when the view does not apply in the evaluation's mode, or the mean scores would not
    /// fit densely.
    static func compute(_ view: MatrixView, session: Session, thresholds: Thresholds) -> MatrixValues? {
        let metrics = session.metrics
        let labelled = metrics.curves.map(\.positives)
        switch view {
        case .countsAtThreshold:
            // Needs each input's labels and scores together: a summary's pair tables (format
            // version 2, up to 100 concepts) hold them counted; a version 1 summary does not.
            guard let rows = session.evaluationMetrics else {
                guard let summary = session.metrics as? SummaryMetrics,
                      let counts = summary.countsAtThreshold(thresholds: thresholds) else { return nil }
                return MatrixValues(view: view, counts: counts, labelled: labelled)
            }
            if let index = session.countsIndex.readyIndex(metrics: rows) {
                return MatrixValues(view: view, counts: index.sparseCounts(thresholds: thresholds), labelled: labelled)
            }
            return MatrixValues(view: view, counts: rows.countsAtThresholdCounts(thresholds: thresholds), labelled: labelled)
        case .confusion:
            return metrics.confusionCounts().map { MatrixValues(view: view, counts: $0, labelled: labelled) }
        case .cooccurrence:
            return metrics.cooccurrenceCounts().map { MatrixValues(view: view, counts: $0, labelled: labelled) }
        case .meanScore:
            return metrics.meanScores().map { MatrixValues(meanScores: $0, labelled: labelled) }
        }
    }
}

/// What a matrix view's values were computed for: the thresholds matter to the counts view only.
struct MatrixKey: Equatable, Sendable {
    let view: MatrixView
    let thresholds: Thresholds?

    init(view: MatrixView, thresholds: Thresholds) {
        self.view = view
        self.thresholds = view == .countsAtThreshold ? thresholds : nil
    }
}
