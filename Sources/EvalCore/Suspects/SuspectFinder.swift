import Foundation

/// Ranks the inputs most likely to be mislabeled, by confident learning (Northcutt, Jiang and
/// Chuang, "Confident Learning: Estimating Uncertainty in Dataset Labels", JAIR 2021; the
/// method of cleanlab). It assumes the scores are out-of-sample predictions (k-fold), as in an
/// evaluation.
///
/// Exclusive mode:
/// 1. Each class j gets a threshold t_j: the mean of p[j] over the inputs labelled j (how
///    confident the model typically is on that class).
/// 2. An input "confidently belongs" to the classes whose score reaches their threshold; its
///    likely label is the highest-scoring of those. Counting (given, likely) pairs gives the
///    confident joint. Inputs with no class at threshold are not counted.
/// 3. The suspects are the off-diagonal inputs (likely ≠ given) and the inputs whose score for
///    their given label is below that label's threshold (not confidently in their class), ranked
///    by the chosen score, lowest self-confidence first by default (weighted by the structured
///    noise the confident joint shows, when it shows any: `NoiseWeights`; for a model too weak for
///    those weights, cleanlab's confident issues first: `NoiseRatePruning`). Including the second group
///    lets the ranking reach the injected-error count K even when the diagonal is crowded; it
///    measured better than ranking the off-diagonal inputs alone (docs/BENCHMARKS-suspects.md).
///
/// Multilabel mode applies the same, one concept at a time, as a binary problem (cleanlab's
/// one-vs-rest treatment of multilabel data): the "present" threshold is the mean score of the
/// labelled positives, the "absent" threshold is the mean of (1 − score) over the unlabelled
/// ones. A labelled positive whose score is as low as a typical negative's, or an unlabelled
/// input whose score is as high as a typical positive's, is a suspect for that concept. An
/// input's row shows its most doubtful concept; its likely labels flip every doubtful one.
public enum SuspectFinder {
    /// Chosen by measurement on scripts/bench_suspects.py (see docs/BENCHMARKS-suspects.md).
    public static let defaultRanking: SuspectRanking = .selfConfidence

    /// cleanlab compares scores with `threshold − 1e-6`, so that an input scoring exactly a
    /// class's mean counts whatever the rounding; we do the same to rank alike.
    static let thresholdTolerance = 1e-6

    public static func find(in evaluation: Evaluation, ranking: SuspectRanking = defaultRanking) -> SuspectReport {
        switch evaluation.mode {
        case .exclusive: return exclusive(evaluation, ranking: ranking)
        case .multilabel: return multilabel(evaluation, ranking: ranking)
        }
    }

    // MARK: exclusive

    private static func exclusive(_ evaluation: Evaluation, ranking: SuspectRanking) -> SuspectReport {
        // The per-class sums feed both the thresholds and the calibration: one pass for both.
        let selfConfidence = selfConfidenceSums(evaluation)
        let (rules, likely) = exclusiveThresholds(evaluation, selfConfidence: selfConfidence)
        // One calibration of the confident joint serves the estimate and the noise weights.
        let calibration = evaluation.conceptCount > 0
            ? LabelErrorEstimate.exclusiveCalibration(evaluation, selfConfidence: selfConfidence) : nil
        let weights = NoiseWeights(calibratedRows: calibration?.rows ?? [])
        let estimate = calibration.map(LabelErrorEstimate.exclusiveEstimate) ?? 0
        let c = evaluation.conceptCount
        var joint = ConceptPairAccumulator(conceptCount: c)
        var suspects: [Suspect] = []
        var keys: [Double] = []
        evaluation.scores.withUnsafeBufferPointer { scores in
            scanExclusive(evaluation, likely: likely, rules: rules, joint: &joint) { input, label, likelyLabel, givenScore, margin, likelyScore in
                suspects.append(exclusiveSuspect(input: input, label: label, likelyLabel: likelyLabel, givenScore: givenScore,
                                                 margin: margin, likelyScore: likelyScore, ranking: ranking))
                switch ranking {
                case .selfConfidence:
                    let row = UnsafeBufferPointer(rebasing: scores[input * c ..< input * c + c])
                    keys.append(weights.key(given: label, row: row, othersSum: ExclusiveSuspectRules.othersSum(row, label: label)))
                case .normalizedMargin:
                    keys.append(margin)
                }
            }
        }
        // A model too weak for the weights: cleanlab's confident issues first, each group by p[given].
        var groups: [UInt8] = []
        if ranking == .selfConfidence, let calibration,
           NoiseRatePruning.applies(estimatedLabelErrors: estimate, candidates: suspects.count) {
            let issues = confidentIssues(evaluation, given: calibration.given, pruning: NoiseRatePruning(calibratedRows: calibration.rows))
            keys = suspects.map(\.givenScore)
            groups = suspects.map { issues[$0.input] ? 0 : 1 }
        }
        return SuspectReport(ranking: ranking, suspects: sorted(suspects, keys: keys, groups: groups), thresholds: rules.thresholds,
                             confidentJoint: joint.freeze(), estimatedLabelErrors: estimate)
    }

    /// Which inputs are confident issues under `pruning` (cleanlab's prune by noise rate): two
    /// passes over the inputs with one label, the cut-offs, then each input in the file's order.
    static func confidentIssues(_ evaluation: Evaluation, given: [Int32], pruning: NoiseRatePruning) -> [Bool] {
        let n = evaluation.inputCount
        let c = evaluation.conceptCount
        var finder = NoiseRatePruning.CutoffFinder(pruning)
        var issues = [Bool](repeating: false, count: n)
        evaluation.scores.withUnsafeBufferPointer { scores in
            for input in 0 ..< n where given[input] >= 0 {
                finder.add(UnsafeBufferPointer(rebasing: scores[input &* c ..< input &* c &+ c]), label: Int(given[input]))
            }
            let cutoffs = finder.cutoffs()
            var seen = cutoffs.seenAtCutoff()
            for input in 0 ..< n where given[input] >= 0 {
                issues[input] = cutoffs.isIssue(UnsafeBufferPointer(rebasing: scores[input &* c ..< input &* c &+ c]),
                                                label: Int(given[input]), seen: &seen)
            }
        }
        return issues
    }

    /// One exclusive suspect's row (the file's and the summary's alike).
    static func exclusiveSuspect(input: Int, label: Int, likelyLabel: Int, givenScore: Double, margin: Double,
                                 likelyScore: Double, ranking: SuspectRanking) -> Suspect {
        Suspect(input: input, givenLabels: [label], likelyLabels: [likelyLabel], concept: label,
                likelyConcept: likelyLabel, givenScore: givenScore, likelyScore: likelyScore,
                margin: margin, suspicion: suspicion(selfConfidence: givenScore, margin: margin, ranking: ranking))
    }

    /// One multilabel suspect's row: `given` its labels, `flipped` the concepts whose state
    /// looks wrong, `worstConcept` the most doubtful of them.
    static func multilabelSuspect(input: Int, given: [Int], worstConcept: Int, worstConfidence: Double, flipped: [Int],
                                  ranking: SuspectRanking) -> Suspect {
        let likely = Set(given).symmetricDifference(flipped).sorted()
        let margin = worstConfidence - (1 - worstConfidence)
        return Suspect(input: input, givenLabels: given, likelyLabels: likely, concept: worstConcept, likelyConcept: nil,
                       givenScore: worstConfidence, likelyScore: 1 - worstConfidence, margin: margin,
                       suspicion: suspicion(selfConfidence: worstConfidence, margin: margin, ranking: ranking))
    }

    /// Each input's single given label (-1 for an input without exactly one, in forced mode),
    /// and per concept the sum of its labelled inputs' own scores and how many there are: what
    /// confident learning's per-class thresholds (and the label-error estimate) start from.
    static func selfConfidenceSums(_ evaluation: Evaluation) -> (given: [Int32], sums: [Double], counts: [Int]) {
        let n = evaluation.inputCount
        let c = evaluation.conceptCount
        let offsets = evaluation.labelOffsets
        let labelConcepts = evaluation.labelConcepts
        var given = [Int32](repeating: -1, count: n)
        // Exact sums: the same whatever order the inputs are added in (`ExactSum`).
        var sums = [ExactSum](repeating: ExactSum(), count: c)
        var counts = [Int](repeating: 0, count: c)
        evaluation.scores.withUnsafeBufferPointer { scores in
            for input in 0 ..< n {
                let start = Int(offsets[input])
                guard Int(offsets[input + 1]) - start == 1 else { continue }
                let label = Int(labelConcepts[start])
                given[input] = Int32(label)
                sums[label].add(scores[input &* c &+ label])
                counts[label] += 1
            }
        }
        return (given, sums.map(\.value), counts)
    }

    /// The exclusive rules (per-class thresholds) and each input's likely label (-1 when no
    /// class reaches its threshold).
    private static func exclusiveThresholds(_ evaluation: Evaluation, selfConfidence: (given: [Int32], sums: [Double], counts: [Int]))
        -> (rules: ExclusiveSuspectRules, likely: [Int32]) {
        let n = evaluation.inputCount
        let c = evaluation.conceptCount
        let (_, sums, counts) = selfConfidence
        let rules = ExclusiveSuspectRules(sums: sums, counts: counts)
        // One pass over the row-major scores; 1,000,000 × 20 takes tens of milliseconds, so no threads.
        var likely = [Int32](repeating: -1, count: n)
        evaluation.scores.withUnsafeBufferPointer { scores in
            for input in 0 ..< n {
                likely[input] = Int32(rules.likely(UnsafeBufferPointer(rebasing: scores[input &* c ..< input &* c &+ c])))
            }
        }
        return (rules, likely)
    }

    /// Visits every exclusive suspect (`ExclusiveSuspectRules.suspect`), filling the confident
    /// joint on the way. The visitor gets the input, its given label, the likely label, the
    /// given label's score, the margin (given score − the best other score) and the likely
    /// label's score.
    private static func scanExclusive(
        _ evaluation: Evaluation, likely: [Int32], rules: ExclusiveSuspectRules, joint: inout ConceptPairAccumulator,
        visit: (_ input: Int, _ label: Int, _ likelyLabel: Int, _ givenScore: Double, _ margin: Double, _ likelyScore: Double) -> Void
    ) {
        let n = evaluation.inputCount
        let c = evaluation.conceptCount
        let offsets = evaluation.labelOffsets
        let labelConcepts = evaluation.labelConcepts
        evaluation.scores.withUnsafeBufferPointer { scores in
            for input in 0 ..< n {
                let start = Int(offsets[input])
                guard Int(offsets[input + 1]) - start == 1 else { continue }
                let label = Int(labelConcepts[start])
                let likelyLabel = Int(likely[input])
                if likelyLabel >= 0 { joint.add(row: label, column: likelyLabel) }
                guard let found = rules.suspect(UnsafeBufferPointer(rebasing: scores[input &* c ..< input &* c &+ c]), label: label, likely: likelyLabel) else { continue }
                visit(input, label, found.likelyLabel, found.givenScore, found.margin, found.likelyScore)
            }
        }
    }

    // MARK: multilabel

    private static func multilabel(_ evaluation: Evaluation, ranking: SuspectRanking) -> SuspectReport {
        let (rules, labelled) = multilabelRules(evaluation)
        var suspects: [Suspect] = []
        scanMultilabel(evaluation, rules: rules, labelled: labelled) { input, worstConcept, worstConfidence, flipped in
            suspects.append(multilabelSuspect(input: input, given: evaluation.labels(of: input).map { Int($0) }, worstConcept: worstConcept,
                                              worstConfidence: worstConfidence, flipped: flipped, ranking: ranking))
        }
        return SuspectReport(ranking: ranking, suspects: sorted(suspects, keys: suspects.map { ranking == .selfConfidence ? $0.givenScore : $0.margin }), thresholds: rules.present, confidentJoint: nil,
                             estimatedLabelErrors: LabelErrorEstimate.estimate(in: evaluation))
    }

    /// The multilabel rules: per concept the "present" threshold (mean score of the labelled
    /// inputs) and the "absent" one (mean of 1 − score over the others), from exact sums; and
    /// which cells are labelled.
    static func multilabelRules(_ evaluation: Evaluation) -> (rules: MultilabelSuspectRules, labelled: [Bool]) {
        let n = evaluation.inputCount
        let c = evaluation.conceptCount
        var positiveSums = [ExactSum](repeating: ExactSum(), count: c)
        var negativeSums = [ExactSum](repeating: ExactSum(), count: c)
        var positiveCounts = [Int](repeating: 0, count: c)
        var labelled = [Bool](repeating: false, count: n * c)
        for input in 0 ..< n {
            for concept in evaluation.labels(of: input) { labelled[input * c + Int(concept)] = true }
        }
        evaluation.scores.withUnsafeBufferPointer { scores in
            for index in 0 ..< n * c {
                if labelled[index] {
                    positiveSums[index % c].add(scores[index])
                    positiveCounts[index % c] += 1
                } else {
                    negativeSums[index % c].add(1 - scores[index])
                }
            }
        }
        // A threshold that cannot be estimated (no positives, or no negatives) is +∞: with no
        // examples of a state we cannot say an input confidently belongs to it.
        return (MultilabelSuspectRules(presentSums: positiveSums.map(\.value), absentSums: negativeSums.map(\.value),
                                       positiveCounts: positiveCounts, inputCount: n), labelled)
    }

    /// Visits every multilabel suspect (`MultilabelSuspectRules.suspect`).
    private static func scanMultilabel(
        _ evaluation: Evaluation, rules: MultilabelSuspectRules, labelled: [Bool],
        visit: (_ input: Int, _ worstConcept: Int, _ worstConfidence: Double, _ flipped: [Int]) -> Void
    ) {
        let n = evaluation.inputCount
        let c = evaluation.conceptCount
        evaluation.scores.withUnsafeBufferPointer { scores in
            for input in 0 ..< n {
                let row = UnsafeBufferPointer(rebasing: scores[input * c ..< input * c + c])
                guard let found = rules.suspect(row, isLabelled: { labelled[input * c + $0] }) else { continue }
                visit(input, found.worstConcept, found.worstConfidence, found.flipped)
            }
        }
    }

    // MARK: counts only

    /// Per concept, the suspects that confidently belong elsewhere: exactly
    /// `Diagnoser.suspectCounts(of: find(in:).suspects, conceptCount:)`, without building,
    /// ranking or keeping the rows (the report only needs the counts for `suspect_labels`).
    public static func confidentSuspectCounts(in evaluation: Evaluation) -> [Int] {
        confidentSuspectCounts(in: evaluation, selfConfidence: evaluation.mode == .exclusive ? selfConfidenceSums(evaluation) : nil)
    }

    /// `confidentSuspectCounts(in:)` and `LabelErrorEstimate.estimate(in:)` (what `report`
    /// needs): in exclusive mode both start from the same per-class sums, summed once (twice
    /// was 100M instructions of `ExactSum.add` at 300k × 20).
    public static func confidentSuspectCountsAndEstimate(in evaluation: Evaluation) -> (counts: [Int], estimatedLabelErrors: Int) {
        guard evaluation.mode == .exclusive else {
            return (confidentSuspectCounts(in: evaluation), LabelErrorEstimate.estimate(in: evaluation))
        }
        let (given, sums, labelCounts) = selfConfidenceSums(evaluation)
        let (counts, calibrationJoint) = exclusiveCountsAndCalibrationJoint(evaluation, given: given,
                                                                           rules: ExclusiveSuspectRules(sums: sums, counts: labelCounts))
        let estimate = evaluation.conceptCount > 0
            ? LabelErrorEstimate.exclusiveEstimate((given, labelCounts, LabelErrorEstimate.calibratedRows(joint: calibrationJoint, labelCounts: labelCounts)))
            : 0
        return (counts, estimate)
    }

    /// Exclusive, in one pass over the rows: each concept's number of suspects whose likely
    /// label is another (`confidentSuspectCounts`), and the label-error estimate's confident
    /// joint (`LabelErrorEstimate.exclusiveCalibration`). Both need only the rules, so the rows
    /// are read once instead of three times (the calibration, the likely labels, the scan),
    /// which took 160 MB of reads each on 1M × 20 (BENCHMARKS.md "Ninth pass").
    private static func exclusiveCountsAndCalibrationJoint(_ evaluation: Evaluation, given: [Int32], rules: ExclusiveSuspectRules)
        -> (counts: [Int], calibrationJoint: ConceptPairCounts) {
        let n = evaluation.inputCount
        let c = evaluation.conceptCount
        var counts = [Int](repeating: 0, count: c)
        var joint = ConceptPairAccumulator(conceptCount: c)
        evaluation.scores.withUnsafeBufferPointer { scores in
            given.withUnsafeBufferPointer { given in
                for input in 0 ..< n {
                    let label = Int(given[input])
                    guard label >= 0 else { continue }
                    let row = UnsafeBufferPointer(rebasing: scores[input &* c ..< input &* c &+ c])
                    let (column, isOffDiagonalSuspect) = rules.calibrationColumnAndSuspicion(row, label: label)
                    if let column { joint.add(row: label, column: column) }
                    if isOffDiagonalSuspect { counts[label] += 1 }
                }
            }
        }
        return (counts, joint.freeze())
    }

    private static func confidentSuspectCounts(in evaluation: Evaluation,
                                               selfConfidence: (given: [Int32], sums: [Double], counts: [Int])?) -> [Int] {
        var counts = [Int](repeating: 0, count: evaluation.conceptCount)
        switch evaluation.mode {
        case .exclusive:
            let (rules, likely) = exclusiveThresholds(evaluation, selfConfidence: selfConfidence ?? selfConfidenceSums(evaluation))
            var joint = ConceptPairAccumulator(conceptCount: evaluation.conceptCount)
            scanExclusive(evaluation, likely: likely, rules: rules, joint: &joint) { _, label, likelyLabel, _, _, _ in
                if likelyLabel != label { counts[label] += 1 }
            }
        case .multilabel:
            let (rules, labelled) = multilabelRules(evaluation)
            scanMultilabel(evaluation, rules: rules, labelled: labelled) { _, concept, _, _ in
                counts[concept] += 1
            }
        }
        return counts
    }

    // MARK: ranking

    static func suspicion(selfConfidence: Double, margin: Double, ranking: SuspectRanking) -> Double {
        switch ranking {
        case .selfConfidence: return 1 - selfConfidence
        case .normalizedMargin: return (1 - margin) / 2
        }
    }

    /// Most suspicious first (lowest `keys`, one per suspect); ties in input order, so the list
    /// is deterministic.
    ///
    /// The keys are the scores the ranking is made of (exclusive self-confidence: the share
    /// `NoiseWeights.key` leaves to the given label, which is p[given] itself without structured
    /// noise; else the margin), never `suspicion`: `1 − p` is 1.0 exactly for every p below
    /// 1.1e-16, and weak models (GaussianNB) give hundreds of inputs self-confidences from 1e-20
    /// to 1e-300 whose order still tells the clear errors from the rest. Sorting on 1 − p tied
    /// them all into input order (precision at K 0.632 instead of 0.639 on digits with
    /// GaussianNB, scripts/bench_suspects.py).
    ///
    /// `groups` (empty: all in one) come before the keys: `NoiseRatePruning`'s confident issues
    /// (group 0) before the other suspects (group 1).
    static func sorted(_ suspects: [Suspect], keys: [Double], groups: [UInt8] = []) -> [Suspect] {
        // Sort plain (key, index) pairs, then gather: moving the structs (two arrays each)
        // during the sort would cost retain/release traffic on half a million rows.
        var order = suspects.indices.map { (group: groups.isEmpty ? 0 : groups[$0], key: keys[$0], input: suspects[$0].input, index: $0) }
        order.sort { ($0.group, $0.key, $0.input) < ($1.group, $1.key, $1.input) }
        return order.map { suspects[$0.index] }
    }
}
