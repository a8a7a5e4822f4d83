import EvalCore

/// The drill-down on a summary (issue 13): its held rows stand in for the inputs of the FN, FP
/// and TP lists, exact for the first K rows at any threshold (`SummaryDrillDown`).
extension Session {
    /// Whether the summary holds rows to list: extremes, or a sample (a summary written with
    /// `--extremes 0` and no `--sample`, or before rows were in the format, holds none).
    public var hasSummaryRows: Bool {
        (summary?.extremes ?? 0) > 0 || (summary?.sampleSize ?? 0) > 0 || summary?.suspects != nil
    }

    /// Whether input `index` (of the file, or of a summary's rows) is labelled with `concept`.
    public func isLabeled(input index: Int, concept: Int) -> Bool {
        if let evaluation { return evaluation.isLabeled(input: index, concept: concept) }
        guard let rows = summary?.rows, rows.indices.contains(index) else { return false }
        return rows[index].isLabelled(concept)
    }

    /// `concept`'s drill-down at `threshold` (a sort of the rows that carry its score: at most
    /// 3·K·C + N, so within the frame); the last one is kept for the frames that follow.
    public func summaryDrillDown(concept: Int, threshold: Double) -> SummaryDrillDown? {
        guard let summary, hasSummaryRows else { return nil }
        return summaryDrillDowns.get(SummaryDrillDownKey(concept: concept, threshold: threshold)) {
            // The lists do not depend on the threshold: a pass over the rows per concept, kept,
            // so that moving the slider only cuts them. The fourth is the sample's negatives.
            let lists = summaryExtremeLists.get(concept) {
                SummaryExtreme.allCases.map { summary.extremeRows(of: concept, $0) } + [summary.sampledNegatives(of: concept)]
            }
            return SummaryDrillDown(summary: summary, concept: concept, threshold: threshold, lists: Array(lists.prefix(3)),
                                    sampledNegatives: lists[3])
        }
    }

    /// The held rows of a details tab, in the full list's order (indices into `summary.rows`);
    /// for true negatives, the sampled ones (a sample of the list, not its head).
    public func summaryRows(concept: Int, tab: Outcome, threshold: Double) -> [Int] {
        guard let drill = summaryDrillDown(concept: concept, threshold: threshold) else { return [] }
        switch tab {
        case .falseNegative: return drill.falseNegatives
        case .falsePositive: return drill.falsePositives
        case .truePositive: return drill.truePositives
        case .trueNegative: return drill.sampledTrueNegatives
        }
    }

    /// The id of input `index`: of the file's inputs, or on a summary of its rows.
    public func inputID(at index: Int) -> String? {
        if let evaluation { return evaluation.inputIDs.indices.contains(index) ? evaluation.inputIDs[index] : nil }
        guard let rows = summary?.rows, rows.indices.contains(index) else { return nil }
        return rows[index].id
    }

    /// Every input id flags can resolve to an index (`inputID(at:)`), in index order.
    public var flaggableInputIDs: [String] {
        evaluation?.inputIDs ?? summary?.rows.map(\.id) ?? []
    }

    /// The full list's length (from the score table), whatever rows are held.
    public func summaryListCount(concept: Int, tab: Outcome, threshold: Double) -> Int {
        guard let drill = summaryDrillDown(concept: concept, threshold: threshold) else { return 0 }
        switch tab {
        case .falseNegative: return drill.falseNegativeCount
        case .falsePositive: return drill.falsePositiveCount
        case .truePositive: return drill.truePositiveCount
        case .trueNegative: return max(0, inputCount - drill.falseNegativeCount - drill.falsePositiveCount - drill.truePositiveCount)
        }
    }
}

struct SummaryDrillDownKey: Hashable, Sendable {
    let concept: Int
    let threshold: Double
}
