/// Confident learning's decisions on one input's row of scores, given the per-class sums its
/// thresholds come from. One place for them, so that `SuspectFinder` on a loaded file and
/// `SummarySuspectPasses` streaming a file for a summary decide every input alike.

/// Exclusive mode (see `SuspectFinder` and `LabelErrorEstimate` for the method).
struct ExclusiveSuspectRules: Sendable {
    /// t_j: the mean self-score of the inputs labelled j, +∞ for a class none is labelled with.
    let thresholds: [Double]
    /// t_j − 1e-6: what a score must reach to be "confidently" in class j (the ranking).
    let cutoffs: [Double]
    /// cleanlab's `get_confident_thresholds` (clipped below at 2e-6, 2 for an unused class) −
    /// 1e-6: the cut-offs of the label-error estimate's confident joint.
    let calibrationCutoffs: [Double]

    /// `sums[j]`: the exact sum (`ExactSum`) of the self-scores of the `counts[j]` inputs with
    /// the single label j.
    init(sums: [Double], counts: [Int]) {
        thresholds = sums.indices.map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : Double.infinity }
        cutoffs = thresholds.map { $0 - SuspectFinder.thresholdTolerance }
        calibrationCutoffs = sums.indices.map { concept in
            let threshold = counts[concept] > 0 ? sums[concept] / Double(counts[concept]) : LabelErrorEstimate.missingClassThreshold
            return max(threshold, LabelErrorEstimate.thresholdLowerBound) - SuspectFinder.thresholdTolerance
        }
    }

    /// The likely label: the highest-scoring class at its threshold (first on ties), -1 for none.
    @inline(__always)
    func likely(_ row: UnsafeBufferPointer<Double>) -> Int {
        var best = -1
        var bestScore = -Double.infinity
        cutoffs.withUnsafeBufferPointer { cutoffs in
            for concept in 0 ..< row.count {
                let score = row[concept]
                if score >= cutoffs[concept] && score > bestScore {
                    best = concept
                    bestScore = score
                }
            }
        }
        return best
    }

    /// The column of the estimate's confident joint (cleanlab's `compute_confident_joint`): the
    /// one confident class, the argmax over all classes when several are, nil when none is.
    @inline(__always)
    func calibrationColumn(_ row: UnsafeBufferPointer<Double>) -> Int? {
        var confident = 0
        var firstConfident = -1
        var argmax = 0
        calibrationCutoffs.withUnsafeBufferPointer { cutoffs in
            for concept in 0 ..< row.count {
                let score = row[concept]
                if score >= cutoffs[concept] {
                    confident += 1
                    if firstConfident < 0 { firstConfident = concept }
                }
                if score > row[argmax] { argmax = concept }
            }
        }
        guard confident > 0 else { return nil }
        return confident > 1 ? argmax : firstConfident
    }

    /// `calibrationColumn(row)`, and whether the input labelled `label` is a suspect whose
    /// likely label is another (`suspect(row, label:, likely: likely(row))?.likelyLabel !=
    /// label`), in one loop over the row instead of four (`report`'s suspect counts).
    @inline(__always)
    func calibrationColumnAndSuspicion(_ row: UnsafeBufferPointer<Double>, label: Int) -> (column: Int?, isOffDiagonalSuspect: Bool) {
        var confident = 0
        var firstConfident = -1
        var argmax = 0
        var likely = -1
        var likelyScore = -Double.infinity
        calibrationCutoffs.withUnsafeBufferPointer { calibrationCutoffs in
            cutoffs.withUnsafeBufferPointer { cutoffs in
                for concept in 0 ..< row.count {
                    let score = row[concept]
                    if score >= calibrationCutoffs[concept] {
                        confident += 1
                        if firstConfident < 0 { firstConfident = concept }
                    }
                    if score > row[argmax] { argmax = concept }
                    if score >= cutoffs[concept] && score > likelyScore {
                        likely = concept
                        likelyScore = score
                    }
                }
            }
        }
        let column = confident == 0 ? nil : confident > 1 ? argmax : firstConfident
        // A likely label other than the given one makes a suspect; with none, a given score
        // under its cut-off does (always, but for a NaN), and its likely label is the argmax.
        return (column, likely >= 0 ? likely != label : row[label] < cutoffs[label] && argmax != label)
    }

    /// The input labelled `label` as a suspect, nil when it is none: it confidently belongs to
    /// another class (`likely`), or does not reach its own class's threshold. The likely label
    /// is then the model's argmax when no class reaches its threshold.
    @inline(__always)
    func suspect(_ row: UnsafeBufferPointer<Double>, label: Int, likely: Int)
        -> (likelyLabel: Int, givenScore: Double, margin: Double, likelyScore: Double)? {
        let givenScore = row[label]
        let offDiagonal = likely >= 0 && likely != label
        guard offDiagonal || givenScore < cutoffs[label] else { return nil }
        var maxOther = -Double.infinity
        var argmax = 0
        for concept in 0 ..< row.count {
            let score = row[concept]
            if concept != label { maxOther = max(maxOther, score) }
            if score > row[argmax] { argmax = concept }
        }
        let likelyLabel = likely >= 0 ? likely : argmax
        return (likelyLabel, givenScore, givenScore - maxOther, row[likelyLabel])
    }

    /// Σ p[j] over j ≠ `label`, in concept order (the ranking key's alternatives).
    @inline(__always)
    static func othersSum(_ row: UnsafeBufferPointer<Double>, label: Int) -> Double {
        var sum = 0.0
        for concept in 0 ..< row.count where concept != label { sum += row[concept] }
        return sum
    }
}

/// Multilabel mode: each concept as the binary problem "absent/present" (one-vs-rest).
struct MultilabelSuspectRules: Sendable {
    /// Per concept, the mean score of its labelled inputs (+∞ without any).
    let present: [Double]
    /// Per concept, the mean of 1 − score over the other inputs (+∞ without any).
    let absent: [Double]
    /// The estimate's cut-offs (cleanlab's clipped thresholds − 1e-6), per concept.
    let estimateAbsent: [Double]
    let estimatePresent: [Double]
    /// Per concept, its labelled inputs and the others (the estimate's label counts).
    let positiveCounts: [Int]
    let inputCount: Int

    /// `presentSums[c]`: the exact sum of c's score over its `positiveCounts[c]` labelled inputs;
    /// `absentSums[c]`: of 1 − score over the other `inputCount − positiveCounts[c]`.
    init(presentSums: [Double], absentSums: [Double], positiveCounts: [Int], inputCount n: Int) {
        let c = presentSums.count
        present = (0 ..< c).map { positiveCounts[$0] > 0 ? presentSums[$0] / Double(positiveCounts[$0]) : Double.infinity }
        absent = (0 ..< c).map { positiveCounts[$0] < n ? absentSums[$0] / Double(n - positiveCounts[$0]) : Double.infinity }
        func cutoff(_ sum: Double, _ count: Int) -> Double {
            let threshold = count > 0 ? sum / Double(count) : LabelErrorEstimate.missingClassThreshold
            return max(threshold, LabelErrorEstimate.thresholdLowerBound) - SuspectFinder.thresholdTolerance
        }
        estimateAbsent = (0 ..< c).map { cutoff(absentSums[$0], n - positiveCounts[$0]) }
        estimatePresent = (0 ..< c).map { cutoff(presentSums[$0], positiveCounts[$0]) }
        self.positiveCounts = positiveCounts
        inputCount = n
    }

    /// The estimate's confident guess for concept `concept` scored `p`: 1 present, 0 absent,
    /// nil when neither state is confident ("absent" on a tie, column 0 first).
    @inline(__always)
    func estimateGuess(concept: Int, _ p: Double) -> Int? {
        let isAbsent = 1 - p >= estimateAbsent[concept], isPresent = p >= estimatePresent[concept]
        guard isAbsent || isPresent else { return nil }
        return isAbsent && isPresent ? (p > 1 - p ? 1 : 0) : (isPresent ? 1 : 0)
    }

    /// The input as a suspect, nil when none of its concepts' likely states (present or absent,
    /// by the thresholds) differs from its labels: the most doubtful such concept, its
    /// self-confidence and every flipped concept.
    @inline(__always)
    func suspect(_ row: UnsafeBufferPointer<Double>, isLabelled: (Int) -> Bool)
        -> (worstConcept: Int, worstConfidence: Double, flipped: [Int])? {
        var worstConcept = -1
        var worstConfidence = Double.infinity
        var flipped: [Int] = []
        for concept in 0 ..< row.count {
            let score = row[concept]
            let isPresent = score >= present[concept] - SuspectFinder.thresholdTolerance
            let isAbsent = 1 - score >= absent[concept] - SuspectFinder.thresholdTolerance
            // Binary argmax among the states at threshold; a tie goes to "absent" (column 0 in
            // cleanlab's one-vs-rest layout).
            let likelyPresent: Bool
            if isPresent && isAbsent { likelyPresent = score > 1 - score } else if isPresent || isAbsent { likelyPresent = isPresent } else { continue }
            let labelled = isLabelled(concept)
            guard likelyPresent != labelled else { continue }
            flipped.append(concept)
            let confidence = labelled ? score : 1 - score
            if confidence < worstConfidence {
                worstConfidence = confidence
                worstConcept = concept
            }
        }
        guard worstConcept >= 0 else { return nil }
        return (worstConcept, worstConfidence, flipped)
    }

    /// The estimate from the per-concept 2 × 2 confident joints (`joints[c]`: [labelled][guess]).
    func estimate(joints: [[Int]]) -> Int {
        var total = 0
        for concept in joints.indices {
            var joint = ConceptPairAccumulator(conceptCount: 2, dense: true)
            for cell in 0 ..< 4 where joints[concept][cell] > 0 { joint.add(row: cell / 2, column: cell % 2, joints[concept][cell]) }
            total += LabelErrorEstimate.offDiagonalEstimate(
                joint: joint.freeze(), labelCounts: [inputCount - positiveCounts[concept], positiveCounts[concept]])
        }
        return total
    }
}
