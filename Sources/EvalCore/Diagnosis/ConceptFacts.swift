/// The per-concept counts the advice codes need: gathered in one pass over the inputs of an
/// evaluation, or read off a summary (`init(summary:)`). `EvaluationAggregates.conceptFacts`.
public struct ConceptFacts: Sendable {
    let conceptCount: Int
    /// Cell [c][o]: inputs labelled c (and not o) predicted as o — by argmax in exclusive
    /// mode, by score ≥ o's threshold in multilabel mode. Counted densely only while concepts²
    /// is small (`MatrixLimits`), kept as non-zero cells: memory never grows with concepts².
    private(set) var predictedAs: ConceptPairCounts
    /// Inputs labelled with the concept that carry more than one label.
    var multiLabelled: [Int]
    /// Inputs labelled with the concept that have a known width or height, and those under
    /// the small-image side on either side.
    var withSize: [Int]
    var small: [Int]
    /// False when `predictedAs` could not be counted: a multilabel summary without pair tables
    /// (version 1, over 100 concepts, `--pairs off`) holds no joint counts of one concept's labels
    /// and another's scores, except at the thresholds `--count-thresholds` kept them at (version
    /// 5), so elsewhere `confused_with` is not judged.
    let confusionsKnown: Bool

    init(metrics: EvaluationMetrics, thresholds: Thresholds) {
        confusionsKnown = true
        let c = metrics.evaluation.conceptCount
        conceptCount = c
        multiLabelled = [Int](repeating: 0, count: c)
        withSize = [Int](repeating: 0, count: c)
        small = [Int](repeating: 0, count: c)
        predictedAs = ConceptPairCounts(conceptCount: c, cells: [:])
        var pairs = ConceptPairAccumulator(conceptCount: c)
        if c > 0 { gather(metrics: metrics, thresholds: thresholds, into: &pairs) }
        predictedAs = pairs.freeze()
    }

    /// The facts a summary holds: in exclusive mode the argmax confusion's off-diagonal cells
    /// are "labelled c, predicted as o" (exactly so when every input has one label; an input
    /// labelled both c and o whose argmax is o counts there too); in multilabel mode
    /// `predictedAsOther` is "labelled c and not o, scoring ≥ o's threshold" at the thresholds in
    /// force, as the file's pass counts it (`SummaryMetrics.predictedAsOther`; nil when the
    /// summary does not hold it there). The size and several-labels counts are stored per concept.
    init(summary: EvaluationSummary, predictedAsOther: ConceptPairCounts?) {
        let c = summary.concepts.count
        conceptCount = c
        multiLabelled = summary.multiLabelled
        withSize = summary.labelledWithSize
        small = summary.labelledSmall
        if summary.mode == .exclusive {
            confusionsKnown = summary.confusion != nil
            let offDiagonal = (summary.confusion ?? [:]).filter { key, count in key / max(1, c) != key % max(1, c) && count > 0 }
            predictedAs = ConceptPairCounts(conceptCount: c, cells: offDiagonal)
        } else if let predictedAsOther {
            confusionsKnown = true
            predictedAs = predictedAsOther
        } else {
            confusionsKnown = false
            predictedAs = ConceptPairCounts(conceptCount: c, cells: [:])
        }
    }

    /// The hot loop runs over every input (and every score in multilabel mode) each time the
    /// thresholds change, so it works on raw buffers: no bounds checks, no array copies.
    private mutating func gather(metrics: EvaluationMetrics, thresholds: Thresholds, into predictedAs: inout ConceptPairAccumulator) {
        let evaluation = metrics.evaluation
        let c = conceptCount
        let inputCount = evaluation.inputCount
        let conceptThresholds = (0 ..< c).map { thresholds.value(for: $0) }
        let exclusive = evaluation.mode == .exclusive
        let side = DiagnosisRules.smallImageSide
        let noSizes: [Int32] = []
        let widths = evaluation.widths ?? noSizes
        let heights = evaluation.heights ?? noSizes
        let hasWidths = evaluation.widths != nil
        let hasHeights = evaluation.heights != nil
        // Which concepts the current input is labelled with (reset after each input), and what
        // the model predicted instead of its labels.
        let isLabel = UnsafeMutableBufferPointer<Bool>.allocate(capacity: c)
        isLabel.initialize(repeating: false)
        let predicted = UnsafeMutableBufferPointer<Int>.allocate(capacity: c)
        defer {
            isLabel.deallocate()
            predicted.deallocate()
        }
        let scores = evaluation.scores
        let offsets = evaluation.labelOffsets
        let labelConcepts = evaluation.labelConcepts
        let top1 = metrics.top1
        multiLabelled.withUnsafeMutableBufferPointer { multiLabelled in
        withSize.withUnsafeMutableBufferPointer { withSize in
        small.withUnsafeMutableBufferPointer { small in
        scores.withUnsafeBufferPointer { scores in
        offsets.withUnsafeBufferPointer { offsets in
        labelConcepts.withUnsafeBufferPointer { labelConcepts in
        top1.withUnsafeBufferPointer { top1 in
        conceptThresholds.withUnsafeBufferPointer { conceptThresholds in
        widths.withUnsafeBufferPointer { widths in
        heights.withUnsafeBufferPointer { heights in
            for input in 0 ..< inputCount {
                let first = Int(offsets[input])
                let end = Int(offsets[input &+ 1])
                guard first < end else { continue }
                for k in first ..< end { isLabel[Int(labelConcepts[k])] = true }
                var predictedCount = 0
                if exclusive {
                    let top = Int(top1[input])
                    if top >= 0, !isLabel[top] {
                        predicted[0] = top
                        predictedCount = 1
                    }
                } else {
                    let row = input &* c
                    // Branch-free: about a coin flip per score, which a branch would mispredict.
                    for other in 0 ..< c {
                        predicted[predictedCount] = other
                        let above = scores[row &+ other] >= conceptThresholds[other] ? 1 : 0
                        predictedCount &+= above & (isLabel[other] ? 0 : 1)
                    }
                }
                let width = hasWidths ? widths[input] : -1
                let height = hasHeights ? heights[input] : -1
                let hasSize = width >= 0 || height >= 0
                let isSmall = (width >= 0 && width < side) || (height >= 0 && height < side)
                let several = end &- first > 1
                for k in first ..< end {
                    let concept = Int(labelConcepts[k])
                    for p in 0 ..< predictedCount { predictedAs.add(row: concept, column: predicted[p]) }
                    if several { multiLabelled[concept] &+= 1 }
                    if hasSize { withSize[concept] &+= 1 }
                    if isSmall { small[concept] &+= 1 }
                    isLabel[concept] = false
                }
            }
        }}}}}}}}}}
    }

    func predicted(_ concept: Int, as other: Int) -> Int { predictedAs[concept, other] }

    /// The concepts `concept` is confused with in either direction (a non-zero count), ascending.
    func confusionPartners(of concept: Int) -> [Int] {
        Set(predictedAs.row(concept).map(\.column) + predictedAs.column(concept).map(\.row)).sorted()
    }
}
