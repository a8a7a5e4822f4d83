import EvalCore

/// The inputs behind one cell of the concept-by-concept matrix: those labelled the row's
/// concept that the current view counts in the column's concept, most confused first
/// (highest score for the column's concept).
public enum MatrixCellInputs {
    public static func rows(session: Session, trueConcept a: Int, predictedConcept b: Int,
                            view: MatrixView, thresholds: Thresholds) -> [Int32] {
        // A summary has no inputs to list (the reducer says so before asking).
        guard let evaluation = session.evaluation, let metrics = session.evaluationMetrics,
              let selection = session.selection(for: a) else { return [] }
        // The inputs labelled A, from the cached selection index (no scan of every input).
        let labelled = selection.positivesAscending
        let t = thresholds.value(for: b)
        var rows: [Int32]
        switch view {
        case .countsAtThreshold:
            rows = labelled.filter { evaluation.score(input: Int($0), concept: b) >= t }
        case .confusion:
            rows = labelled.filter { Int(metrics.top1[Int($0)]) == b }
        case .meanScore:
            rows = Array(labelled)
        case .cooccurrence:
            rows = labelled.filter { evaluation.isLabeled(input: Int($0), concept: b) }
        }
        rows.sort { x, y in
            let (sx, sy) = (evaluation.score(input: Int(x), concept: b), evaluation.score(input: Int(y), concept: b))
            return sx > sy || (sx == sy && x < y)
        }
        return rows
    }
}
