/// The inputs cleanlab's `find_label_issues(filter_by="prune_by_noise_rate")` (its default)
/// marks as label issues, for exclusive evaluations. `SuspectFinder` ranks these first (by the
/// chosen score), then its other candidates: so its precision at any K is at least cleanlab's,
/// whose list is exactly this set in the same order (a tie aside), while the longer tail keeps
/// the inputs the pruning leaves out (measured in BENCHMARKS.md, "Suspects").
///
/// As cleanlab 2.9 does it (`filter.py`, `_prune_by_count`): the calibrated confident joint
/// (`LabelErrorEstimate.calibratedJoint`) says, for each given label k and other class j, how
/// many inputs labelled k truly belong to j; that many inputs labelled k with the largest
/// p[j] − p[k] are marked. Inputs whose given label is the argmax once it gets +1e-6 are then
/// unmarked (`_reduce_issues`). `_keep_at_least_n_per_class` (n = 1) changes nothing while each
/// calibrated diagonal cell is at least 1; below that, the cell is raised to 1 and the row's
/// non-zero off-diagonal counts lowered by as much in all, spread evenly and rounded (cleanlab then
/// re-rounds by column; this rare case may differ from it by one input).
enum NoiseRatePruning {
    /// Whether each input is one of cleanlab's label issues (false for inputs without exactly one label).
    static func issues(in evaluation: Evaluation, given: [Int32], calibrated: [[(column: Int, count: Int)]]) -> [Bool] {
        let n = evaluation.inputCount
        let c = evaluation.conceptCount
        // Int32 members: 4 bytes per input (40 MB at 10M inputs) rather than 8.
        var members = [[Int32]](repeating: [], count: c)
        for input in 0 ..< n where given[input] >= 0 { members[Int(given[input])].append(Int32(input)) }
        var marked = [Bool](repeating: false, count: n)
        evaluation.scores.withUnsafeBufferPointer { scores in
            for k in 0 ..< c where members[k].count > 1 {  // min_examples_per_class = 1
                var row = calibrated[k]
                let diagonal = row.first { $0.column == k }?.count ?? 0
                if diagonal < 1 {
                    let offDiagonal = row.indices.filter { row[$0].column != k && row[$0].count > 0 }
                    let lowering = Double(1 - diagonal) / Double(max(offDiagonal.count - 1, 1))
                    for index in offDiagonal { row[index].count = max(0, Int((Double(row[index].count) - lowering).rounded())) }
                }
                for cell in row where cell.column != k && cell.count > 0 {
                    let j = cell.column
                    // The count largest margins p[j] − p[k]; ties in input order (a stable sort).
                    // Only the set matters, so a selection finds the count-th largest margin
                    // (O(members)) instead of sorting every member once per cell: the sorts
                    // were a sixth of `report`'s CPU time on 1M × 20.
                    // The margins are read from the matrix once (its rows are far apart) and
                    // kept, since the selection reorders its copy.
                    let inputs = members[k]
                    let margins = inputs.map { scores[Int($0) &* c &+ j] - scores[Int($0) &* c &+ k] }
                    var work = margins
                    let take = min(cell.count, inputs.count)
                    let cutoff = OrderStatistic.largest(take, of: &work)
                    var equalAllowed = take
                    for index in inputs.indices where margins[index] > cutoff {
                        marked[Int(inputs[index])] = true
                        equalAllowed -= 1
                    }
                    for index in inputs.indices where equalAllowed > 0 && margins[index] == cutoff {
                        marked[Int(inputs[index])] = true
                        equalAllowed -= 1
                    }
                }
            }
            // _reduce_issues: the model agrees with the given label (within 1e-6).
            for input in 0 ..< n where marked[input] {
                let k = Int(given[input])
                let row = input &* c
                let boosted = scores[row &+ k] + 1e-6
                var agrees = true
                for concept in 0 ..< c where concept != k {
                    // np.argmax takes the first maximum: a class before k ties in its favour.
                    if scores[row &+ concept] > boosted || (concept < k && scores[row &+ concept] == boosted) { agrees = false; break }
                }
                if agrees { marked[input] = false }
            }
        }
        return marked
    }
}

/// Order statistics without sorting.
enum OrderStatistic {
    /// The `count`-th largest of `values` (1-based; `count` in 1...values.count), by quickselect
    /// (Hoare partitions around the median of three, expected O(n)). Reorders `values`.
    static func largest(_ count: Int, of values: inout [Double]) -> Double {
        precondition(count >= 1 && count <= values.count)
        let wanted = count - 1  // its index once sorted descending
        return values.withUnsafeMutableBufferPointer { v in
            var low = 0
            var high = v.count - 1
            while low < high {
                let middle = low + (high - low) / 2
                // Median of three as the pivot, so sorted or constant runs stay linear.
                let a = v[low], b = v[middle], d = v[high]
                let pivot = max(min(a, b), min(max(a, b), d))
                var i = low
                var j = high
                while i <= j {
                    while v[i] > pivot { i += 1 }
                    while v[j] < pivot { j -= 1 }
                    if i <= j { v.swapAt(i, j); i += 1; j -= 1 }
                }
                // Now v[low...j] ≥ pivot ≥ v[i...high], and j < i.
                if wanted <= j { high = j } else if wanted >= i { low = i } else { return v[wanted] }
            }
            return v[wanted]
        }
    }
}
