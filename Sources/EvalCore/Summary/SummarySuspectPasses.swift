import HeapModule

/// `evaltop summarize --suspects S`: confident learning over a file read again, one input at a
/// time, after the summary's own pass (which settled the mode). Each pass is what `SuspectFinder`
/// does over a loaded evaluation, with the same per-input rules (`ExclusiveSuspectRules`,
/// `MultilabelSuspectRules`) on the scores rounded to the summary's grid:
///
/// 1. `sums`: the per-class sums the thresholds come from (exact, `ExactSum`: the order the
///    inputs come in does not matter). Exclusive, the summary's own pass takes them
///    (`SummaryBuilder.exclusiveSuspectSums`, `startingAtJoint`), so this pass is multilabel's.
/// 2. `joint`: exclusive, the confident joint the estimate and the noise weights come from,
///    the number of suspects and the per-concept counts of `suspect_labels`; multilabel, the
///    per-concept joints of the estimate, and the ranking itself (by self-confidence, which needs
///    no weights).
/// 3. `cutoffs` (exclusive, only when the model is too weak for the weights: `NoiseRatePruning`):
///    each cell's cut-off margin, from a heap of its quota's largest margins while the quotas are
///    small, else by a radix selection over a few more passes (`NoiseRatePruning.CutoffSelection`).
/// 4. `ranking` (exclusive): each suspect's key (`NoiseWeights.key`, or the confident issues
///    first by p[given]), the S lowest kept.
///
/// Memory: the sums and joints (C² at most), the S suspects kept with their rows, and for a
/// model too weak for the weights the cut-offs' search (at most 8 MB of heaps, then a few KB per
/// cell of the joint): the summary's size, never the file's.
struct SummarySuspectPass: SummaryInputSink {
    enum Phase { case sums, joint, cutoffs, ranking, finished }

    /// A kept suspect, ordered as `SuspectFinder.sorted` orders them: group, key, then input order.
    struct Ranked: Comparable {
        let group: UInt8
        let key: Double
        let input: Int
        let suspect: Suspect
        let row: SummaryRow

        /// The order's fields, compared left to right.
        var order: (UInt8, Double, Int) { (group, key, input) }

        static func < (a: Ranked, b: Ranked) -> Bool { a.order < b.order }
        static func == (a: Ranked, b: Ranked) -> Bool { a.order == b.order }
    }

    /// The exclusive sums pass's totals: per concept, the exact sum of its score (on the grid)
    /// over the inputs with that one label, and their count. The summary's own pass takes them
    /// too (`SummaryBuilder.exclusiveSuspectSums`): the sums are exact, so the order and the
    /// pass they are added in do not matter.
    struct ExclusiveSums {
        var sums: [ExactSum]
        var counts: [Int]

        init(conceptCount: Int) {
            sums = Array(repeating: ExactSum(), count: conceptCount)
            counts = Array(repeating: 0, count: conceptCount)
        }

        mutating func add(_ cell: Double, label: Int) {
            sums[label].add(cell)
            counts[label] += 1
        }
    }

    let mode: EvaluationMode
    let grid: SummaryGrid
    let conceptCount: Int
    let limit: Int
    private(set) var phase = Phase.sums
    /// Inputs read in this pass (the next input's index in the file's order).
    private var input = 0
    private var cells: [Double]
    private var isLabel: [Bool]
    private var attributeCount: Int

    private var exclusiveTotals: ExclusiveSums
    private var presentSums: [ExactSum]
    private var absentSums: [ExactSum]
    private var positiveCounts: [Int]

    private var exclusiveRules: ExclusiveSuspectRules?
    private var multilabelRules: MultilabelSuspectRules?
    private var joint: ConceptPairAccumulator
    private var multilabelJoints: [[Int]]
    private var confidentCounts: [Int]
    private var candidates = 0
    private var weights: NoiseWeights?
    private var cutoffSelection: NoiseRatePruning.CutoffSelection?
    private var cutoffs: NoiseRatePruning.Cutoffs?
    private var seenAtCutoff: [[Int]] = []
    private var estimate = 0
    private var kept = Heap<Ranked>()

    init(mode: EvaluationMode, grid: SummaryGrid, conceptCount c: Int, attributeCount: Int, limit: Int) {
        self.mode = mode
        self.grid = grid
        conceptCount = c
        self.limit = limit
        self.attributeCount = attributeCount
        cells = Array(repeating: 0, count: c)
        isLabel = Array(repeating: false, count: c)
        exclusiveTotals = ExclusiveSums(conceptCount: c)
        presentSums = Array(repeating: ExactSum(), count: c)
        absentSums = Array(repeating: ExactSum(), count: c)
        positiveCounts = Array(repeating: 0, count: c)
        joint = ConceptPairAccumulator(conceptCount: c)
        multilabelJoints = Array(repeating: [0, 0, 0, 0], count: c)
        confidentCounts = Array(repeating: 0, count: c)
    }

    var inputCount: Int { input }

    /// Exclusive, once the sums are in: each class's threshold (mean self-score).
    var exclusiveThresholds: [Double]? { exclusiveRules?.thresholds }

    /// Whether every pass this evaluation needs has been read (exclusive: sums, joint, the
    /// cut-offs when `NoiseRatePruning` applies (one pass, or a few for large quotas), ranking;
    /// multilabel: sums, joint).
    var isFinished: Bool { phase == .finished }

    mutating func addFold() {}
    mutating func addAttribute(named name: String) {}

    /// This exclusive pass with its sums taken elsewhere (the summary's pass), ready for the
    /// joint.
    func startingAtJoint(_ sums: ExclusiveSums) -> SummarySuspectPass {
        var pass = self
        pass.exclusiveTotals = sums
        _ = pass.endPass(inputs: 0)
        return pass
    }

    /// Ends the pass just read (`inputs`: how many the summary counted, to check the file did
    /// not change between passes) and readies the next.
    mutating func endPass(inputs: Int) -> Bool {
        guard input == inputs else { return false }
        input = 0
        switch phase {
        case .sums:
            if mode == .exclusive {
                exclusiveRules = ExclusiveSuspectRules(sums: exclusiveTotals.sums.map(\.value), counts: exclusiveTotals.counts)
            } else {
                multilabelRules = MultilabelSuspectRules(presentSums: presentSums.map(\.value), absentSums: absentSums.map(\.value),
                                                         positiveCounts: positiveCounts, inputCount: inputs)
            }
            phase = .joint
        case .joint:
            if mode == .exclusive {
                let rows = conceptCount > 0 ? LabelErrorEstimate.calibratedRows(joint: joint.freeze(), labelCounts: exclusiveTotals.counts) : []
                estimate = conceptCount > 0 ? LabelErrorEstimate.exclusiveEstimate((given: [], labelCounts: exclusiveTotals.counts, rows: rows)) : 0
                weights = NoiseWeights(calibratedRows: rows)
                if NoiseRatePruning.applies(estimatedLabelErrors: estimate, candidates: candidates) {
                    cutoffSelection = NoiseRatePruning.CutoffSelection(NoiseRatePruning(calibratedRows: rows))
                }
                phase = cutoffSelection == nil ? .ranking : .cutoffs
            } else {
                estimate = inputs > 0 && conceptCount > 0 ? multilabelRules!.estimate(joints: multilabelJoints) : 0
                phase = .finished
            }
        case .cutoffs:
            // The largest cells' selection may need another pass.
            guard cutoffSelection!.endPass() else { return true }
            cutoffs = cutoffSelection!.cutoffs()
            seenAtCutoff = cutoffs!.seenAtCutoff()
            cutoffSelection = nil
            phase = .ranking
        case .ranking, .finished:
            phase = .finished
        }
        return true
    }

    mutating func add<Labels: Collection<Int32>>(
        scores: UnsafeBufferPointer<Double>, labels: Labels, fold: String?,
        attributeValues: [String?], width: Int32, height: Int32,
        id: String, url: String?, text: String?
    ) {
        let index = input
        input += 1
        let c = conceptCount
        for concept in 0 ..< c { cells[concept] = grid.cell(scores[concept]) }
        let row = cells
        let shape = (concepts: c, attributes: attributeCount)
        switch mode {
        case .exclusive:
            guard labels.count == 1, let label = labels.first.map(Int.init) else { return }
            row.withUnsafeBufferPointer { scores in
                exclusive(scores, label: label, index: index) {
                    Self.row(cells: row, shape: shape, id: id, labels: [Int32(label)], concepts: [label, $0], url: url, text: text,
                             width: width, height: height, fold: fold, meta: attributeValues)
                }
            }
        case .multilabel:
            for label in labels { isLabel[Int(label)] = true }
            row.withUnsafeBufferPointer { scores in
                multilabel(scores, index: index) {
                    Self.row(cells: row, shape: shape, id: id, labels: labels.sorted(), concepts: labels.map(Int.init) + [$0], url: url,
                             text: text, width: width, height: height, fold: fold, meta: attributeValues)
                }
            }
            for label in labels { isLabel[Int(label)] = false }
        }
    }

    private mutating func exclusive(_ row: UnsafeBufferPointer<Double>, label: Int, index: Int, makeRow: (Int) -> SummaryRow) {
        switch phase {
        case .sums:
            exclusiveTotals.add(row[label], label: label)
        case .joint:
            let rules = exclusiveRules!
            if let column = rules.calibrationColumn(row) { joint.add(row: label, column: column) }
            guard let found = rules.suspect(row, label: label, likely: rules.likely(row)) else { return }
            candidates += 1
            if found.likelyLabel != label { confidentCounts[label] += 1 }
        case .cutoffs:
            cutoffSelection!.add(row, label: label)
        case .ranking:
            let rules = exclusiveRules!
            // Every input with one label, in the file's order, counts for the ties at a cut-off.
            let isIssue = cutoffs?.isIssue(row, label: label, seen: &seenAtCutoff)
            guard let found = rules.suspect(row, label: label, likely: rules.likely(row)) else { return }
            let key = isIssue != nil ? found.givenScore
                : weights!.key(given: label, row: row, othersSum: ExclusiveSuspectRules.othersSum(row, label: label))
            offer(group: isIssue == false ? 1 : 0, key: key, index: index) {
                (SuspectFinder.exclusiveSuspect(input: index, label: label, likelyLabel: found.likelyLabel, givenScore: found.givenScore,
                                                margin: found.margin, likelyScore: found.likelyScore, ranking: .selfConfidence),
                 makeRow(found.likelyLabel))
            }
        case .finished:
            break
        }
    }

    private mutating func multilabel(_ row: UnsafeBufferPointer<Double>, index: Int, makeRow: (Int) -> SummaryRow) {
        switch phase {
        case .sums:
            for concept in 0 ..< conceptCount {
                if isLabel[concept] {
                    presentSums[concept].add(row[concept])
                    positiveCounts[concept] += 1
                } else {
                    absentSums[concept].add(1 - row[concept])
                }
            }
        case .joint:
            let rules = multilabelRules!
            for concept in 0 ..< conceptCount {
                guard let guess = rules.estimateGuess(concept: concept, row[concept]) else { continue }
                multilabelJoints[concept][(isLabel[concept] ? 2 : 0) + guess] += 1
            }
            let labelled = isLabel
            guard let found = rules.suspect(row, isLabelled: { labelled[$0] }) else { return }
            candidates += 1
            confidentCounts[found.worstConcept] += 1
            let c = conceptCount
            offer(key: found.worstConfidence, index: index) {
                let given = (0 ..< c).filter { labelled[$0] }
                return (SuspectFinder.multilabelSuspect(input: index, given: given, worstConcept: found.worstConcept,
                                                        worstConfidence: found.worstConfidence, flipped: found.flipped, ranking: .selfConfidence),
                        makeRow(found.worstConcept))
            }
        case .cutoffs, .ranking, .finished:
            break
        }
    }

    /// Keeps the suspect when it is among the S lowest keys so far (its row made only then).
    private mutating func offer(group: UInt8 = 0, key: Double, index: Int, make: () -> (Suspect, SummaryRow)) {
        guard limit > 0 else { return }
        if kept.count == limit, let worst = kept.max, !((group, key, index) < worst.order) { return }
        let (suspect, row) = make()
        let entry = Ranked(group: group, key: key, input: index, suspect: suspect, row: row)
        if kept.count == limit { _ = kept.replaceMax(with: entry) } else { kept.insert(entry) }
    }

    /// The row a kept suspect is shown with: every concept's score up to
    /// `SummaryFormat.maximumDenseConcepts` concepts, else those of its labels and `concepts`.
    private static func row(cells: [Double], shape: (concepts: Int, attributes: Int), id: String, labels: [Int32], concepts: [Int],
                            url: String?, text: String?, width: Int32, height: Int32, fold: String?, meta: [String?]) -> SummaryRow {
        let dense = shape.concepts <= SummaryFormat.maximumDenseConcepts
        let kept = dense ? nil : Array(Set(concepts.map(Int32.init) + labels)).sorted()
        return SummaryRow(id: id, labels: labels, scores: kept.map { $0.map { cells[Int($0)] } } ?? cells, scoreConcepts: kept,
                          inSample: false, url: url.flatMap { $0.isEmpty ? nil : $0 }, text: text.flatMap { $0.isEmpty ? nil : $0 },
                          width: width >= 0 ? width : nil, height: height >= 0 ? height : nil, fold: fold,
                          meta: meta + Array(repeating: nil, count: max(0, shape.attributes - meta.count)))
    }

    /// After the last pass: the suspects (their `input` the file's input index) with their rows.
    func result() -> (suspects: SummarySuspects, rows: [SummaryRow]) {
        let ranked = kept.unordered.sorted()
        return (SummarySuspects(ranking: .selfConfidence, limit: limit, estimatedLabelErrors: estimate, candidates: candidates,
                                confidentCounts: confidentCounts, ranked: ranked.map(\.suspect)), ranked.map(\.row))
    }

    /// The attribute count once the summary's pass has found them all (JSON Lines).
    mutating func setAttributeCount(_ count: Int) { attributeCount = count }
}

extension EvaluationSummary {
    /// This summary with its suspects: their rows merged into `rows` (one row per id; a row held
    /// sparsely gains the scores the suspect shows), and each suspect's `input` its row's index.
    func adding(suspects: SummarySuspects, rows suspectRows: [SummaryRow]) -> EvaluationSummary {
        var byID: [String: SummaryRow] = [:]
        for row in rows { byID[row.id] = row }
        for row in suspectRows {
            guard let held = byID[row.id] else {
                byID[row.id] = row
                continue
            }
            guard let heldConcepts = held.scoreConcepts, let newConcepts = row.scoreConcepts else { continue }
            var scores: [Int32: Double] = [:]
            for (concept, score) in zip(heldConcepts, held.scores) { scores[concept] = score }
            for (concept, score) in zip(newConcepts, row.scores) { scores[concept] = score }
            let concepts = scores.keys.sorted()
            byID[row.id] = SummaryRow(id: held.id, labels: held.labels, scores: concepts.map { scores[$0]! }, scoreConcepts: concepts,
                                      inSample: held.inSample, url: held.url, text: held.text, width: held.width, height: held.height,
                                      fold: held.fold, meta: held.meta)
        }
        let merged = byID.values.sorted { SummaryRowOrder.idPrecedes($0.id, $1.id) }
        var index: [String: Int] = [:]
        for (position, row) in merged.enumerated() { index[row.id] = position }
        let ranked = zip(suspects.ranked, suspectRows).map { suspect, row in suspect.moved(to: index[row.id]!) }
        return replacing(rows: merged, suspects: SummarySuspects(
            ranking: suspects.ranking, limit: suspects.limit, estimatedLabelErrors: suspects.estimatedLabelErrors,
            candidates: suspects.candidates, confidentCounts: suspects.confidentCounts, ranked: ranked))
    }
}

extension Suspect {
    /// The same suspect at another input index (a summary's row).
    func moved(to input: Int) -> Suspect {
        Suspect(input: input, givenLabels: givenLabels, likelyLabels: likelyLabels, concept: concept, likelyConcept: likelyConcept,
                givenScore: givenScore, likelyScore: likelyScore, margin: margin, suspicion: suspicion)
    }
}
