/// The per-concept counts the advice codes need, gathered in one pass over the inputs.
struct ConceptFacts {
    let conceptCount: Int
    /// `predictedAs[c * C + o]`: inputs labelled c (and not o) predicted as o — by argmax in
    /// exclusive mode, by score ≥ o's threshold in multilabel mode.
    var predictedAs: [Int]
    /// Inputs labelled with the concept that carry more than one label.
    var multiLabelled: [Int]
    /// Inputs labelled with the concept that have a known width or height, and those under
    /// the small-image side on either side.
    var withSize: [Int]
    var small: [Int]

    init(metrics: EvaluationMetrics, thresholds: Thresholds) {
        let evaluation = metrics.evaluation
        let c = evaluation.conceptCount
        conceptCount = c
        predictedAs = [Int](repeating: 0, count: c * c)
        multiLabelled = [Int](repeating: 0, count: c)
        withSize = [Int](repeating: 0, count: c)
        small = [Int](repeating: 0, count: c)
        guard c > 0 else { return }
        let conceptThresholds = (0 ..< c).map { thresholds.value(for: $0) }
        let exclusive = evaluation.mode == .exclusive
        let widths = evaluation.widths
        let heights = evaluation.heights
        let side = DiagnosisRules.smallImageSide
        var predicted: [Int] = []
        for input in 0 ..< evaluation.inputCount {
            let labels = evaluation.labels(of: input)
            guard !labels.isEmpty else { continue }
            // What the model said instead of the labels.
            predicted.removeAll(keepingCapacity: true)
            if exclusive {
                let top = Int(metrics.top1[input])
                if top >= 0, !labels.contains(Int32(top)) { predicted.append(top) }
            } else {
                let row = input * c
                for other in 0 ..< c where evaluation.scores[row + other] >= conceptThresholds[other]
                    && !labels.contains(Int32(other)) {
                    predicted.append(other)
                }
            }
            let width = widths?[input] ?? -1
            let height = heights?[input] ?? -1
            let hasSize = width >= 0 || height >= 0
            let isSmall = (width >= 0 && width < side) || (height >= 0 && height < side)
            for label in labels {
                let concept = Int(label)
                for other in predicted { predictedAs[concept * c + other] += 1 }
                if labels.count > 1 { multiLabelled[concept] += 1 }
                if hasSize { withSize[concept] += 1 }
                if isSmall { small[concept] += 1 }
            }
        }
    }

    func predicted(_ concept: Int, as other: Int) -> Int { predictedAs[concept * conceptCount + other] }
}
