/// The evaluation broken down by each categorical attribute (`meta:NAME` columns and the
/// fold): per value, the inputs, the macro metrics and every concept's curve; per attribute,
/// the largest gaps between values. Computed once (about one sort of all scores per
/// attribute); everything that depends on the thresholds is then a binary search per concept.
public struct Slices: Sendable {
    /// Attributes in file order (`meta:` columns), then the fold.
    public let attributes: [SliceAttribute]

    /// The breakdown of `metrics.evaluation` by its attributes and fold.
    public init(metrics: EvaluationMetrics) {
        let evaluation = metrics.evaluation
        var attributes = evaluation.attributes.map { SliceAttribute(evaluation: evaluation, attribute: $0, isFold: false) }
        if let fold = evaluation.fold {
            attributes.append(SliceAttribute(evaluation: evaluation, attribute: fold, isFold: true))
        }
        self.attributes = attributes
    }

    /// Slices put together elsewhere (tests, or a subset of attributes).
    public init(attributes: [SliceAttribute]) {
        self.attributes = attributes
    }

    /// The fold attribute, when the evaluation has one.
    public var fold: SliceAttribute? { attributes.first(where: \.isFold) }

    /// The per-fold AUCs, from the fold slices (the same numbers as `EvaluationMetrics.foldAUC()`
    /// without sorting again).
    public var foldAUC: FoldAUC? {
        guard let fold, fold.skippedReason == nil else { return nil }
        let conceptCount = fold.values.first?.curves.count ?? 0
        return FoldAUC(folds: fold.values.map(\.value), foldSizes: fold.values.map(\.inputs),
                       auc: (0 ..< conceptCount).map { concept in fold.values.map { $0.curves[concept].auc } })
    }

    /// The largest macro-AUC gap among the `meta:` attributes (not the fold: a fold gap is
    /// variance, not bias), or nil when no attribute has two comparable values.
    public var largestAttributeGap: SliceGap? {
        attributes.filter { !$0.isFold }.compactMap(\.macroAUCGap).max { $0.gap < $1.gap }
    }
}

/// One attribute's values and gaps.
public struct SliceAttribute: Sendable {
    /// The `meta:` name without the prefix, or "fold".
    public let name: String
    /// True for the fold column (its gaps are variance, never bias).
    public let isFold: Bool
    /// Values in order of first appearance, folds in fold order (0, 1, 2, … when they are
    /// numbers); inputs without a value are left out. Empty when the attribute was skipped.
    public let values: [SliceValue]
    /// Why the attribute was not broken down (too many distinct values), or nil.
    public let skippedReason: String?
    /// The largest gap in macro AUC between two values with at least
    /// `DiagnosisRules.sliceMinimumInputs` inputs each, or nil.
    public let macroAUCGap: SliceGap?
    /// Per concept, the largest AUC gap between such values, largest first (concepts without
    /// two comparable values are left out).
    public let conceptAUCGaps: [SliceConceptGap]

    init(evaluation: Evaluation, attribute: CategoricalAttribute, isFold: Bool) {
        guard attribute.values.count <= DiagnosisRules.sliceMaximumValues else {
            // Skipped before any curve is built: probably an id column.
            self.init(skipped: attribute.name, isFold: isFold, valueCount: attribute.values.count)
            return
        }
        var members = [[Int32]](repeating: [], count: attribute.values.count)
        for (input, code) in attribute.codes.enumerated() where code >= 0 && Int(code) < members.count {
            members[Int(code)].append(Int32(input))
        }
        self.init(name: attribute.name, isFold: isFold, conceptCount: evaluation.conceptCount,
                  values: Self.displayOrder(attribute.values, isFold: isFold).map { index in
                      SliceValue(value: attribute.values[index], inputs: members[index].count,
                                 curves: CurveBuilder.curves(of: evaluation, subset: members[index]))
                  })
    }

    /// An attribute from its values' curves (a summary's per-value tables), skipped as above
    /// beyond `DiagnosisRules.sliceMaximumValues` values.
    public init(name: String, isFold: Bool, conceptCount: Int, values: [SliceValue]) {
        guard values.count <= DiagnosisRules.sliceMaximumValues else {
            self.init(skipped: name, isFold: isFold, valueCount: values.count)
            return
        }
        let (macroGap, conceptGaps) = SliceAttribute.gaps(of: values, conceptCount: conceptCount)
        self.init(name: name, isFold: isFold, values: values, skippedReason: nil, macroAUCGap: macroGap, conceptAUCGaps: conceptGaps)
    }

    /// An attribute not broken down (more values than `DiagnosisRules.sliceMaximumValues`).
    init(skipped name: String, isFold: Bool, valueCount: Int) {
        self.init(name: name, isFold: isFold, values: [],
                  skippedReason: "\(valueCount) distinct values (more than \(DiagnosisRules.sliceMaximumValues))",
                  macroAUCGap: nil, conceptAUCGaps: [])
    }

    private init(name: String, isFold: Bool, values: [SliceValue], skippedReason: String?, macroAUCGap: SliceGap?,
                 conceptAUCGaps: [SliceConceptGap]) {
        self.name = name
        self.isFold = isFold
        self.values = values
        self.skippedReason = skippedReason
        self.macroAUCGap = macroAUCGap
        self.conceptAUCGaps = conceptAUCGaps
    }

    /// The order values are listed in: folds by number (or by name when not all are whole
    /// numbers), other attributes as they first appear in the file.
    static func displayOrder(_ values: [String], isFold: Bool) -> [Int] {
        guard isFold else { return Array(values.indices) }
        let numbers = values.map { Int($0.trimmingCharacters(in: .whitespaces)) }
        if numbers.allSatisfy({ $0 != nil }) {
            return values.indices.sorted { (numbers[$0]!, $0) < (numbers[$1]!, $1) }
        }
        return values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
    }

    /// Values with enough inputs to compare.
    static func comparable(_ values: [SliceValue]) -> [Int] {
        values.indices.filter { values[$0].inputs >= DiagnosisRules.sliceMinimumInputs }
    }

    private static func gaps(of values: [SliceValue], conceptCount: Int) -> (SliceGap?, [SliceConceptGap]) {
        let eligible = comparable(values)
        func widest(_ metric: (Int) -> Double?) -> (high: Int, low: Int, gap: Double)? {
            let defined = eligible.compactMap { index in metric(index).map { (index, $0) } }
            guard defined.count >= 2,
                  let high = defined.max(by: { $0.1 < $1.1 }),
                  let low = defined.min(by: { $0.1 < $1.1 }) else { return nil }
            return (high.0, low.0, high.1 - low.1)
        }
        let macro = widest { values[$0].macroAUC }.map {
            SliceGap(high: $0.high, low: $0.low, highValue: values[$0.high].value, lowValue: values[$0.low].value,
                     highAUC: values[$0.high].macroAUC ?? 0, lowAUC: values[$0.low].macroAUC ?? 0)
        }
        let perConcept = (0 ..< conceptCount).compactMap { concept -> SliceConceptGap? in
            widest { values[$0].curves[concept].auc }.map {
                SliceConceptGap(concept: concept, gap: SliceGap(
                    high: $0.high, low: $0.low, highValue: values[$0.high].value, lowValue: values[$0.low].value,
                    highAUC: values[$0.high].curves[concept].auc ?? 0, lowAUC: values[$0.low].curves[concept].auc ?? 0))
            }
        }.sorted { $0.gap.gap > $1.gap.gap }
        return (macro, perConcept)
    }
}

/// One value of an attribute: its inputs and every concept's curve within them.
public struct SliceValue: Sendable {
    /// The attribute value.
    public let value: String
    /// Inputs with this value.
    public let inputs: Int
    /// One curve per concept, over this value's inputs only.
    public let curves: [ConceptCurve]
    /// Mean AUC over the concepts that have positives and negatives in this slice.
    public let macroAUC: Double?

    /// A slice from its curves (one per concept, over the slice's inputs).
    public init(value: String, inputs: Int, curves: [ConceptCurve]) {
        self.value = value
        self.inputs = inputs
        self.curves = curves
        self.macroAUC = MeanAndStd.of(curves.map(\.auc)).mean
    }

    /// Each concept's AUC within the slice (nil where undefined).
    public var conceptAUC: [Double?] { curves.map(\.auc) }

    /// Macro precision, recall and F1 at `thresholds` over the concepts that have positives in
    /// this slice (a concept absent from a slice would otherwise count as recall 0 there and
    /// make slices differ for a reason that is not the model's). Nil without such concepts.
    public func macroMetrics(thresholds: Thresholds) -> (precision: Double, recall: Double, f1: Double)? {
        let counts = curves.indices.filter { curves[$0].positives > 0 }.map { curves[$0].counts(at: thresholds.value(for: $0)) }
        guard !counts.isEmpty else { return nil }
        let n = Double(counts.count)
        return (counts.reduce(0) { $0 + $1.precision } / n,
                counts.reduce(0) { $0 + $1.recall } / n,
                counts.reduce(0) { $0 + $1.f1 } / n)
    }
}

/// The widest difference in AUC between two values of one attribute.
public struct SliceGap: Sendable, Equatable {
    /// Indices into the attribute's `values` of the best and the worst slice.
    public let high: Int
    public let low: Int
    /// Their attribute values ("phone", "dslr").
    public let highValue: String
    public let lowValue: String
    /// Their AUCs (macro AUC for `SliceAttribute.macroAUCGap`, the concept's AUC otherwise).
    public let highAUC: Double
    public let lowAUC: Double
    /// `highAUC − lowAUC`, ≥ 0.
    public var gap: Double { highAUC - lowAUC }
}

/// One concept's widest AUC gap between two slices of an attribute.
public struct SliceConceptGap: Sendable, Equatable {
    /// The concept's column in the evaluation.
    public let concept: Int
    public let gap: SliceGap
}
