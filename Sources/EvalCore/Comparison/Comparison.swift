import Foundation

/// Two evaluations of the same inputs compared concept by concept: did B (the second file)
/// really do better than A, and where? Every difference is B − A, over the inputs and concepts
/// the two share, judged against A's labels (see `EvaluationPair`).
///
/// The threshold-free numbers (AUCs, DeLong's test, Holm, McNemar) are computed once here;
/// what depends on the threshold (F1, fixed, broken) is `outcomes(at:)`, cheap enough to redo
/// when the threshold moves.
public final class Comparison: Sendable {
    public let pair: EvaluationPair
    public let metricsA: EvaluationMetrics
    public let metricsB: EvaluationMetrics
    /// One per shared concept, in A's concept order.
    public let concepts: [ConceptComparison]
    public let summary: ComparisonSummary

    /// Builds the metrics of both aligned evaluations, then the tests.
    public convenience init(pair: EvaluationPair) {
        // Each construction is itself parallel over the concepts; one after the other keeps both
        // cores busy without oversubscribing them.
        let metricsA = EvaluationMetrics(evaluation: pair.a)
        let metricsB = EvaluationMetrics(evaluation: pair.b)
        self.init(pair: pair, metricsA: metricsA, metricsB: metricsB)
    }

    /// `metricsA` and `metricsB` must be those of `pair.a` and `pair.b`.
    public init(pair: EvaluationPair, metricsA: EvaluationMetrics, metricsB: EvaluationMetrics) {
        self.pair = pair
        self.metricsA = metricsA
        self.metricsB = metricsB
        let tests = DeLong.pairedTests(a: pair.a, b: pair.b, curvesA: metricsA.curves, curvesB: metricsB.curves)
        let holm = HolmAdjustment.adjust(tests.map { $0?.pValue })
        concepts = pair.a.concepts.indices.map { index in
            ConceptComparison(
                index: index, concept: pair.a.concepts[index],
                curveA: metricsA.curves[index], curveB: metricsB.curves[index],
                deLong: tests[index], pHolm: holm[index])
        }
        summary = ComparisonSummary(metricsA: metricsA, metricsB: metricsB, concepts: concepts)
    }

    /// Loads nothing: compares two evaluations already loaded.
    public static func compare(_ a: Evaluation, _ b: Evaluation) throws -> Comparison {
        Comparison(pair: try EvaluationPair(a: a, b: b))
    }

    /// F1 of both models, and the inputs fixed and broken, for every concept at `thresholds`.
    /// One pass over the scores of both files: O(inputs × concepts).
    public func outcomes(at thresholds: Thresholds) -> [ConceptOutcomes] {
        let counts = FixedBrokenCounter.count(a: pair.a, b: pair.b, thresholds: thresholds)
        return concepts.indices.map { index in
            ConceptOutcomes(
                countsA: metricsA.counts(concept: index, thresholds: thresholds),
                countsB: metricsB.counts(concept: index, thresholds: thresholds),
                fixed: counts[index].fixed, broken: counts[index].broken)
        }
    }
}

/// The threshold-free comparison of one concept.
public struct ConceptComparison: Sendable, ConceptChangeRow {
    /// Index in the aligned evaluations (A's order of the shared concepts).
    public let index: Int
    public let concept: Concept
    public let aucA: Double?
    public let aucB: Double?
    public let averagePrecisionA: Double?
    public let averagePrecisionB: Double?
    public let positives: Int
    public let negatives: Int
    /// DeLong's paired test; nil without positives or without negatives.
    public let deLong: DeLongResult?
    /// Holm-adjusted p-value across the concepts that have a p-value.
    public let pHolm: Double?

    init(index: Int, concept: Concept, curveA: ConceptCurve, curveB: ConceptCurve, deLong: DeLongResult?, pHolm: Double?) {
        self.index = index
        self.concept = concept
        aucA = curveA.auc
        aucB = curveB.auc
        averagePrecisionA = curveA.averagePrecision
        averagePrecisionB = curveB.averagePrecision
        positives = curveA.positives
        negatives = curveA.negatives
        self.deLong = deLong
        self.pHolm = pHolm
    }

    /// AUC(B) − AUC(A), nil when the AUC is undefined.
    public var deltaAUC: Double? { deLong?.delta }
}

public enum SignificantChange: Sendable, Equatable {
    case better, worse, none
}

/// What depends on the threshold, for one concept.
public struct ConceptOutcomes: Sendable, Equatable {
    public let countsA: ConfusionCounts
    public let countsB: ConfusionCounts
    /// Inputs wrong in A and right in B on this concept (right: `score ≥ t` equals "labelled").
    public let fixed: Int
    /// Inputs right in A and wrong in B.
    public let broken: Int
}

/// The model-level comparison.
public struct ComparisonSummary: Sendable {
    /// Means over the shared concepts whose AUC is defined.
    public let macroAUCA: Double?
    public let macroAUCB: Double?
    /// Exclusive mode only (nil in multilabel mode).
    public let top1AccuracyA: Double?
    public let top1AccuracyB: Double?
    public let mcNemar: McNemarTest?
    /// Concepts whose Holm-adjusted p is below 0.05, by the sign of the change.
    public let significantlyBetter: Int
    public let significantlyWorse: Int

    init(metricsA: EvaluationMetrics, metricsB: EvaluationMetrics, concepts: [ConceptComparison]) {
        macroAUCA = MeanAndStd.of(concepts.map(\.aucA)).mean
        macroAUCB = MeanAndStd.of(concepts.map(\.aucB)).mean
        top1AccuracyA = metricsA.top1Accuracy
        top1AccuracyB = metricsB.top1Accuracy
        if metricsA.evaluation.mode == .exclusive {
            let evaluation = metricsA.evaluation
            var rightOnlyInA = 0
            var rightOnlyInB = 0
            for input in 0 ..< evaluation.inputCount {
                let labels = evaluation.labels(of: input)
                let rightA = labels.contains(metricsA.top1[input])
                let rightB = labels.contains(metricsB.top1[input])
                if rightA && !rightB { rightOnlyInA += 1 } else if rightB && !rightA { rightOnlyInB += 1 }
            }
            mcNemar = McNemarTest(b: rightOnlyInA, c: rightOnlyInB)
        } else {
            mcNemar = nil
        }
        significantlyBetter = concepts.count { $0.change() == .better }
        significantlyWorse = concepts.count { $0.change() == .worse }
    }
}
