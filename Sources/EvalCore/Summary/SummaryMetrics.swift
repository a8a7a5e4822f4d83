/// The metrics a summary holds, in the shapes the rest of evaltop uses: a `ConceptCurve` per
/// score table (the same curve `EvaluationMetrics` sorts its way to, since a curve is nothing
/// but the cumulated table), the summary numbers and the confusion counts.
public final class SummaryMetrics: Sendable {
    public let summary: EvaluationSummary
    /// One curve per concept, in concept order.
    public let curves: [ConceptCurve]
    /// The counts-at-threshold matrix at any threshold (format version 2, at most 100
    /// concepts); nil when the summary holds no pair tables.
    public let pairCounts: SummaryPairCounts?

    public init(summary: EvaluationSummary) {
        self.summary = summary
        let curves = summary.tables.map(ConceptCurve.init(table:))
        self.curves = curves
        pairCounts = summary.pairTables.map { SummaryPairCounts(tables: $0, curves: curves) }
    }

    /// Cell [A][B]: the inputs labelled A whose score for B is ≥ B's threshold, as on the file
    /// (`EvaluationMetrics.countsAtThresholdCounts`): from the pair tables at any thresholds,
    /// else the matrix stored at one of `--count-thresholds`' sets when `thresholds` put every
    /// concept exactly where that set does; nil otherwise.
    public func countsAtThreshold(thresholds: Thresholds) -> ConceptPairCounts? {
        if let pairCounts { return pairCounts.countsAtThreshold(thresholds: thresholds) }
        return held(at: thresholds)?.counts
    }

    /// Cell [A][B], A ≠ B: the inputs labelled A and not B whose score for B is ≥ B's threshold
    /// (what multilabel `confused_with` counts, `ConceptFacts`), as on the file: from the pair
    /// tables at any thresholds, else from the counts held at a `--count-thresholds` set that
    /// `thresholds` match (version 5, which stores their part labelled B too); nil otherwise.
    public func predictedAsOther(thresholds: Thresholds) -> ConceptPairCounts? {
        if let pairCounts { return pairCounts.predictedAsOther(thresholds: thresholds) }
        return held(at: thresholds)?.predictedAsOther
    }

    /// The counts held at the set that `thresholds` put every concept exactly where it does.
    private func held(at thresholds: Thresholds) -> SummaryCountsAt? {
        let c = summary.concepts.count
        return summary.countsAt.first { $0.set.matches(thresholds, conceptCount: c) }
    }

    /// The threshold sets the summary holds the counts-at-threshold matrix at (without pair
    /// tables; empty when it has them or was written without `--count-thresholds`).
    public var countThresholdSets: [SummaryThresholdSet] { summary.countsAt.map(\.set) }

    public var top1Accuracy: Double? {
        guard summary.mode == .exclusive, summary.inputs > 0, let correct = summary.top1Correct else { return nil }
        return Double(correct) / Double(summary.inputs)
    }

    public func confusionCounts() -> ConceptPairCounts? {
        summary.confusion.map { ConceptPairCounts(conceptCount: summary.concepts.count, cells: $0) }
    }

    public func cooccurrenceCounts() -> ConceptPairCounts? {
        summary.cooccurrence.map { ConceptPairCounts(conceptCount: summary.concepts.count, cells: $0) }
    }

    /// The mean scores from the stored sums (kept up to `SummaryFormat.maximumDenseConcepts`
    /// concepts): a sum over the inputs labelled A divided by their count, A's positives, as
    /// `EvaluationMetrics.meanScoreMatrix` divides the same sum in the same input order.
    public func meanScores() -> [[Double]]? {
        guard let sums = summary.scoreSums else { return nil }
        let count = summary.concepts.count
        return (0 ..< count).map { label in
            let labelled = curves[label].positives
            return (0 ..< count).map { concept in
                labelled == 0 ? .nan : (sums[label * count + concept] ?? 0) / Double(labelled)
            }
        }
    }

    /// Each concept's AUC per fold, folds in the summary's order (the slices' order).
    public func foldAUC() -> FoldAUC? {
        guard let fold = summary.fold else { return nil }
        let perFold = fold.tables.map { $0.map { ConceptCurve(table: $0).auc } }
        return FoldAUC(folds: fold.values, foldSizes: fold.sizes,
                       auc: summary.concepts.indices.map { concept in perFold.map { $0[concept] } })
    }
}

extension SummaryMetrics: EvaluationAggregates {
    public var sourcePath: String { summary.source }
    public var concepts: [Concept] { summary.concepts }
    public var mode: EvaluationMode { summary.mode }
    public var inputCount: Int { summary.inputs }
    public var reportedMacroAUC: Double? { nil }
    public var foldValues: [String]? { summary.fold?.values }
    public var hasSliceAttributes: Bool { summary.fold != nil || !summary.attributes.isEmpty }

    /// The breakdown from the per-value tables: `meta:` attributes in file order, then the
    /// fold, as `Slices(metrics:)` lists them. Values come in the summary's order (whole
    /// numbers ascending, else by code point), not in order of first appearance, which a
    /// summary does not record.
    public func slices() -> Slices {
        func attribute(_ attribute: SummaryAttribute, isFold: Bool) -> SliceAttribute {
            // Probably an id column: skipped before a curve is built for each of its values.
            if attribute.values.count > DiagnosisRules.sliceMaximumValues {
                return SliceAttribute(skipped: attribute.name, isFold: isFold, valueCount: attribute.values.count)
            }
            return SliceAttribute(name: attribute.name, isFold: isFold, conceptCount: summary.concepts.count,
                           values: attribute.values.indices.map { index in
                               SliceValue(value: attribute.values[index], inputs: attribute.sizes[index],
                                          curves: attribute.tables[index].map(ConceptCurve.init(table:)))
                           })
        }
        return Slices(attributes: summary.attributes.map { attribute($0, isFold: false) }
            + (summary.fold.map { [attribute($0, isFold: true)] } ?? []))
    }

    public func conceptFacts(thresholds: Thresholds) -> ConceptFacts {
        ConceptFacts(summary: summary, predictedAsOther: summary.mode == .multilabel ? predictedAsOther(thresholds: thresholds) : nil)
    }
}

extension ConceptCurve {
    /// The curve of a score table (distinct scores descending with their counts).
    public init(table: ScoreTable) {
        var tp: Int32 = 0
        var fp: Int32 = 0
        var cumulativeTP = [Int32](repeating: 0, count: table.scores.count)
        var cumulativeFP = [Int32](repeating: 0, count: table.scores.count)
        for k in table.scores.indices {
            tp += Int32(table.positives[k])
            fp += Int32(table.negatives[k])
            cumulativeTP[k] = tp
            cumulativeFP[k] = fp
        }
        self = CurveBuilder.finish(thresholds: table.scores, cumulativeTP: cumulativeTP, cumulativeFP: cumulativeFP)
    }
}

extension EvaluationReport {
    /// The report of a summary: the same numbers as the report of the file it summarises
    /// (exactly with the exact grid; with a grid, those of the rounded scores).
    public init(summary metrics: SummaryMetrics, thresholds: Thresholds) {
        let summary = metrics.summary
        sourcePath = summary.source
        inputs = summary.inputs
        mode = summary.mode
        self.thresholds = thresholds
        self.summary = metrics.summary(thresholds: thresholds)
        rows = metrics.curves.enumerated().map { index, curve in
            ConceptRow(
                concept: summary.concepts[index], index: index,
                positives: curve.positives, negatives: curve.negatives,
                auc: curve.auc, averagePrecision: curve.averagePrecision,
                threshold: thresholds.value(for: index),
                counts: curve.counts(at: thresholds.value(for: index)))
        }
        confusion = metrics.confusionCounts()
        foldAUC = metrics.foldAUC()
        clarifai = nil
    }
}
