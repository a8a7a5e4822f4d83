import Foundation

/// How many labels of an evaluation are likely wrong: confident learning's estimate, the
/// off-diagonal mass of the calibrated confident joint (Northcutt et al. 2021, §3.1–3.2), as
/// cleanlab 2.9's `num_label_issues(labels, pred_probs, estimation_method="off_diagonal_calibrated")`
/// computes it. The ranked suspects list is longer on purpose (it also keeps inputs that are
/// merely not confidently in their class); this is the number to state.
///
/// Exclusive mode, step by step as cleanlab's `count.py` does it, over the inputs with exactly
/// one label (n of them):
/// 1. t_j = mean p[j] over the inputs labelled j, clipped below at 2e-6; 2 for a class no input
///    is labelled with (`get_confident_thresholds`).
/// 2. An input confidently belongs to the classes with p ≥ t − 1e-6; with one such class that
///    is its guess, with several the guess is the argmax over all classes (first on ties), with
///    none it is not counted. C[given][guess] += 1, then every diagonal cell is at least 1
///    (`compute_confident_joint`).
/// 3. Each row is scaled to the number of inputs labelled with its class, the whole to n, and
///    each row rounded to integers preserving its total (`calibrate_confident_joint`,
///    `round_preserving_row_totals`).
/// 4. `estimate_joint` calibrates that joint once more and divides it by its sum; the estimate is
///    rint((1 − trace) · n) (`num_label_issues`). Sums are numpy's pairwise sums (`NumpySum`),
///    and divisions come in cleanlab's order, so that roundings and ties fall alike.
///
/// Multilabel mode: cleanlab's `num_label_issues(multi_label=True)` does not use the calibrated
/// joint (it counts the inputs that `find_label_issues` flags). For one consistent meaning,
/// evaltop applies the same calibrated estimate to each concept as the binary "absent/present"
/// problem that cleanlab's `compute_confident_joint(multi_label=True)` builds (one-vs-rest), and
/// sums them: the estimate counts wrong (input, concept) labels, a missing label or a wrong one.
public enum LabelErrorEstimate {
    /// cleanlab's `CONFIDENT_THRESHOLDS_LOWER_BOUND`.
    static let thresholdLowerBound = 2e-6
    /// cleanlab's threshold for a class that no input is labelled with: no probability reaches it.
    static let missingClassThreshold = 2.0

    /// The estimated number of wrong labels (see the type's documentation for each mode).
    public static func estimate(in evaluation: Evaluation) -> Int {
        switch evaluation.mode {
        case .exclusive: return exclusive(evaluation)
        case .multilabel: return multilabel(evaluation)
        }
    }

    // MARK: exclusive

    private static func exclusive(_ evaluation: Evaluation) -> Int {
        guard evaluation.conceptCount > 0 else { return 0 }
        return exclusiveEstimate(exclusiveCalibration(evaluation))
    }

    /// Step 4 on steps 1–3's result (the suspects ranking calibrates once for both).
    static func exclusiveEstimate(_ calibration: (given: [Int32], labelCounts: [Int], rows: [[(column: Int, count: Int)]])) -> Int {
        estimate(calibratedRows: recalibrated(calibration.rows, labelCounts: calibration.labelCounts),
                 labelCounts: calibration.labelCounts)
    }

    /// Steps 1–3 in exclusive mode: each input's single given label (-1 without exactly one),
    /// the label counts, and the calibrated confident joint's integer rows (non-zero cells and
    /// the diagonal, by column), as cleanlab's `compute_confident_joint(calibrate=True)`.
    /// `selfConfidence`: `SuspectFinder.selfConfidenceSums(evaluation)`, when the caller has it.
    static func exclusiveCalibration(_ evaluation: Evaluation,
                                     selfConfidence: (given: [Int32], sums: [Double], counts: [Int])? = nil)
        -> (given: [Int32], labelCounts: [Int], rows: [[(column: Int, count: Int)]]) {
        let n = evaluation.inputCount
        let c = evaluation.conceptCount
        let (given, sums, labelCounts) = selfConfidence ?? SuspectFinder.selfConfidenceSums(evaluation)
        let rules = ExclusiveSuspectRules(sums: sums, counts: labelCounts)
        var joint = ConceptPairAccumulator(conceptCount: c)
        evaluation.scores.withUnsafeBufferPointer { scores in
            for input in 0 ..< n {
                let label = Int(given[input])
                guard label >= 0, let column = rules.calibrationColumn(UnsafeBufferPointer(rebasing: scores[input &* c ..< input &* c &+ c])) else { continue }
                joint.add(row: label, column: column)
            }
        }
        return (given, labelCounts, calibratedRows(joint: joint.freeze(), labelCounts: labelCounts))
    }

    /// Steps 2 (diagonal ≥ 1) to 4 on a confident joint whose rows are given labels.
    /// Multilabel, per concept: rint((1 − trace / sum) · n) of the calibrated 2 × 2 joint, as
    /// scripts/make_label_error_cases.py computes it from cleanlab's per-class joints.
    static func offDiagonalEstimate(joint: ConceptPairCounts, labelCounts: [Int]) -> Int {
        let rows = calibratedRows(joint: joint, labelCounts: labelCounts)
        let n = labelCounts.reduce(0, +)
        let sum = rows.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        guard n > 0, sum > 0 else { return 0 }
        let trace = rows.enumerated().reduce(0) { total, row in total + (row.element.first { $0.column == row.offset }?.count ?? 0) }
        return Int(((1 - Double(trace) / Double(sum)) * Double(n)).rounded(.toNearestOrEven))
    }

    /// Step 4: rint((1 − trace(joint / sum)) · n), the trace summed as numpy does.
    static func estimate(calibratedRows rows: [[(column: Int, count: Int)]], labelCounts: [Int]) -> Int {
        let n = labelCounts.reduce(0, +)
        guard n > 0 else { return 0 }
        let sum = rows.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        guard sum > 0 else { return 0 }
        let diagonal = rows.enumerated().compactMap { row, cells -> (index: Int, value: Double)? in
            guard let cell = cells.first(where: { $0.column == row }), cell.count != 0 else { return nil }
            return (row, Double(cell.count) / Double(sum))
        }
        let fraction = 1 - NumpySum.pairwise(diagonal, count: rows.count)
        return Int((fraction * Double(n)).rounded(.toNearestOrEven))
    }

    /// Steps 2 and 3: the diagonal clipped to ≥ 1, rows scaled to the label counts and the
    /// whole to n, each row rounded preserving its total. The arithmetic is in cleanlab's
    /// order (`cj / row_sum * label_count`, then `/ total * n`, numpy's pairwise sums), so that
    /// ties in the rounding fall the same way.
    static func calibratedRows(joint: ConceptPairCounts, labelCounts: [Int]) -> [[(column: Int, count: Int)]] {
        let c = joint.conceptCount
        let rows = (0 ..< c).map { row -> [(column: Int, value: Double)] in
            var cells = joint.row(row).map { (column: $0.column, value: Double($0.count)) }
            if let diagonal = cells.firstIndex(where: { $0.column == row }) {
                cells[diagonal].value = max(cells[diagonal].value, 1)
            } else {
                cells.append((row, 1))
                cells.sort { $0.column < $1.column }
            }
            return cells
        }
        return calibrate(rows, width: c, labelCounts: labelCounts)
    }

    /// cleanlab's `calibrate_confident_joint` on sparse rows.
    static func calibrate(_ input: [[(column: Int, value: Double)]], width c: Int, labelCounts: [Int]) -> [[(column: Int, count: Int)]] {
        let n = labelCounts.reduce(0, +)
        guard n > 0 else { return Array(repeating: [], count: c) }
        var rows = input
        for row in rows.indices {
            let rowSum = NumpySum.pairwise(rows[row].map { (index: $0.column, value: $0.value) }, count: c)
            for index in rows[row].indices {
                rows[row][index].value = rows[row][index].value / max(rowSum, 1e-100) * Double(labelCounts[row])
            }
        }
        // np.sum over the whole C × C matrix, row-major.
        let total = NumpySum.pairwise(rows.enumerated().flatMap { row, cells in
            cells.map { (index: row * c + $0.column, value: $0.value) }
        }, count: c * c)
        return rows.map { cells in
            let scaled = cells.map { (column: $0.column, value: $0.value / max(total, 1e-100) * Double(n)) }
            let rounded = roundPreservingSum(scaled, width: c)
            return zip(cells, rounded).map { (column: $0.column, count: $1) }
        }
    }

    /// cleanlab's `num_label_issues` calibrates the (already calibrated) confident joint once
    /// more inside `estimate_joint`; so does this.
    static func recalibrated(_ rows: [[(column: Int, count: Int)]], labelCounts: [Int]) -> [[(column: Int, count: Int)]] {
        calibrate(rows.map { $0.map { (column: $0.column, value: Double($0.count)) } }, width: rows.count, labelCounts: labelCounts)
    }

    /// cleanlab's `round_preserving_sum` of a dense row (tests).
    static func roundPreservingSum(_ values: [Double]) -> [Int] {
        roundPreservingSum(values.enumerated().map { (column: $0.offset, value: $0.element) }, width: values.count)
    }

    /// cleanlab's `round_preserving_sum` on a sparse row of `width` columns: round each value,
    /// then move the largest rounding errors by one until the integers add up to the rounded
    /// total (numpy's pairwise sum). The cells a sparse row leaves out are exact zeros, which
    /// rounding never moves ahead of a cell with a real error. Ties among equal errors are
    /// broken by column (numpy's sort order among ties is its own).
    static func roundPreservingSum(_ cells: [(column: Int, value: Double)], width: Int) -> [Int] {
        let values = cells.map(\.value)
        var ints = values.map { $0.rounded(.toNearestOrEven) }
        let target = NumpySum.pairwise(cells.map { (index: $0.column, value: $0.value) }, count: width).rounded(.toNearestOrEven)
        var current = ints.reduce(0, +).rounded(.toNearestOrEven)
        while abs(current - target) > 1e-6 {
            let difference = (target - current).rounded(.toNearestOrEven)
            let increment = difference < 0 ? -1.0 : 1.0
            let changes = min(Int(abs(difference)), values.count)
            // By rounding error: descending when adding, ascending when taking away.
            let order = values.indices.sorted { a, b in
                let ea = values[a] - ints[a], eb = values[b] - ints[b]
                return increment > 0 ? (ea != eb ? ea > eb : a > b) : (ea != eb ? ea < eb : a < b)
            }
            for index in order.prefix(changes) { ints[index] += increment }
            current = ints.reduce(0, +).rounded(.toNearestOrEven)
        }
        return ints.map { Int($0) }
    }

    // MARK: multilabel

    private static func multilabel(_ evaluation: Evaluation) -> Int {
        let n = evaluation.inputCount
        let c = evaluation.conceptCount
        guard n > 0, c > 0 else { return 0 }
        let (rules, labelled) = SuspectFinder.multilabelRules(evaluation)
        // Per concept the 2 × 2 confident joint, [labelled][guess] (class 0 "absent", score
        // 1 − p; class 1 "present", score p, as cleanlab's stack_complement).
        var joints = [[Int]](repeating: [0, 0, 0, 0], count: c)
        evaluation.scores.withUnsafeBufferPointer { scores in
            for index in 0 ..< n * c {
                let concept = index % c
                guard let guess = rules.estimateGuess(concept: concept, scores[index]) else { continue }
                joints[concept][(labelled[index] ? 2 : 0) + guess] += 1
            }
        }
        return rules.estimate(joints: joints)
    }
}
