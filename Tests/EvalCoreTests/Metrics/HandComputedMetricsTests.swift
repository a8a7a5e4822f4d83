import Testing
@testable import EvalCore

/// Tiny cases worked out by hand.
@Suite struct HandComputedMetricsTests {
    @Test func tiesCountHalf() {
        // Positives 0.8, 0.4; negatives 0.4, 0.1. Pairs: (0.8>0.4) 1, (0.8>0.1) 1,
        // (0.4=0.4) ½, (0.4>0.1) 1 → 3.5 / 4.
        let curve = ConceptCurve(scores: [0.8, 0.4, 0.4, 0.1], isPositive: [true, true, false, false])
        #expect(curve.auc == 0.875)
        // Thresholds 0.8 (TP1 FP0), 0.4 (TP2 FP1), 0.1 (TP2 FP2): AP = ½·1 + ½·⅔.
        #expect(abs(curve.averagePrecision! - (0.5 + 0.5 * 2.0 / 3.0)) < 1e-15)
        #expect(curve.thresholds == [0.8, 0.4, 0.1])
        #expect(curve.cumulativeTP == [1, 2, 2])
        #expect(curve.cumulativeFP == [0, 1, 2])
    }

    @Test func allEqualScoresGiveAUCOneHalf() {
        let curve = ConceptCurve(scores: [0.3, 0.3, 0.3, 0.3, 0.3], isPositive: [true, false, false, true, false])
        #expect(curve.auc == 0.5)
        #expect(curve.averagePrecision == 0.4)  // one step: recall 1 at precision 2/5
        #expect(curve.thresholds == [0.3])
        #expect(curve.rocPoints().map(\.fpr) == [0, 1])
        #expect(curve.rocPoints().map(\.tpr) == [0, 1])
    }

    @Test func singleInput() {
        let positive = ConceptCurve(scores: [0.7], isPositive: [true])
        #expect(positive.auc == nil)
        #expect(positive.averagePrecision == 1)
        #expect(positive.counts(at: 0.5) == ConfusionCounts(tp: 1, fp: 0, fn: 0, tn: 0))
        #expect(positive.counts(at: 0.8) == ConfusionCounts(tp: 0, fp: 0, fn: 1, tn: 0))
        let negative = ConceptCurve(scores: [0.7], isPositive: [false])
        #expect(negative.auc == nil && negative.averagePrecision == nil)
    }

    @Test func conceptWithoutPositivesOrNegatives() {
        let noPositives = ConceptCurve(scores: [0.1, 0.9, 0.5], isPositive: [false, false, false])
        #expect(noPositives.auc == nil)
        #expect(noPositives.averagePrecision == nil)
        let counts = noPositives.counts(at: 0.5)
        #expect(counts == ConfusionCounts(tp: 0, fp: 2, fn: 0, tn: 1))
        #expect(counts.precision == 0 && counts.recall == 0 && counts.f1 == 0)
        #expect(noPositives.rocPoints().allSatisfy { $0.tpr.isNaN })

        let noNegatives = ConceptCurve(scores: [0.1, 0.9], isPositive: [true, true])
        #expect(noNegatives.auc == nil)
        #expect(noNegatives.averagePrecision == 1)
        #expect(noNegatives.counts(at: 0.5).fpr == 0)
        #expect(noNegatives.rocPoints().allSatisfy { $0.fpr.isNaN })
    }

    @Test func scoreExactlyAtThresholdIsPositive() {
        let curve = ConceptCurve(scores: [0.5, 0.5, 0.49999999999999994, 0.5000000000000001],
                                 isPositive: [true, false, true, false])
        #expect(curve.counts(at: 0.5) == ConfusionCounts(tp: 1, fp: 2, fn: 1, tn: 0))
        #expect(curve.thresholds.count == 3)  // neighbouring doubles stay distinct
    }

    @Test func negativeZeroEqualsZero() {
        let curve = ConceptCurve(scores: [-0.0, 0.0, 0.5], isPositive: [true, false, true])
        #expect(curve.thresholds == [0.5, 0])
        #expect(curve.auc == 0.75)
        #expect(curve.counts(at: 0).predicted == 3)
    }

    @Test func scoresOutsideTheUnitIntervalTakeTheComparisonSort() {
        let curve = ConceptCurve(scores: [3, -1, 2, 2], isPositive: [true, false, false, true])
        #expect(curve.thresholds == [3, 2, -1])
        #expect(curve.auc == 0.875)
        #expect(curve.counts(at: 2) == ConfusionCounts(tp: 2, fp: 1, fn: 0, tn: 1))
    }

    @Test func ratesAreZeroWithoutDenominator() {
        let empty = ConfusionCounts(tp: 0, fp: 0, fn: 0, tn: 0)
        #expect(empty.precision == 0 && empty.recall == 0 && empty.f1 == 0 && empty.fpr == 0)
        let counts = ConfusionCounts(tp: 3, fp: 1, fn: 2, tn: 4)
        #expect(counts.labeled == 5 && counts.predicted == 4)
        #expect(counts.precision == 0.75 && counts.recall == 0.6 && counts.fpr == 0.2)
        #expect(abs(counts.f1 - 2 * 0.75 * 0.6 / 1.35) < 1e-15)
    }

    @Test func exclusiveSummaryMatricesAndTop1() {
        // Input 2 ties between a and b: the first column wins.
        let evaluation = FixtureCSV.evaluation(
            concepts: ["a", "b", "c"],
            scores: [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.4, 0.4, 0.2], [0.3, 0.3, 0.4]],
            labels: [[0], [1], [1], [2]])
        #expect(evaluation.mode == .exclusive)
        let metrics = EvaluationMetrics(evaluation: evaluation)
        #expect(metrics.top1 == [0, 1, 0, 2])
        #expect(metrics.confusionMatrix() == [[1, 0, 0], [1, 1, 0], [0, 0, 1]])
        #expect(metrics.cooccurrenceMatrix() == nil)
        let thresholds = Thresholds(global: 0.4)
        #expect(metrics.countsAtThresholdMatrix(thresholds: thresholds) == [[1, 0, 0], [1, 2, 0], [0, 0, 1]])
        var perConcept = thresholds
        perConcept.perConcept[1] = 0.65
        #expect(metrics.countsAtThresholdMatrix(thresholds: perConcept) == [[1, 0, 0], [1, 0, 0], [0, 0, 1]])
        let means = metrics.meanScoreMatrix()
        #expect(abs(means[1][0] - 0.25) < 1e-15 && abs(means[1][1] - 0.5) < 1e-15)
        let summary = metrics.summary(thresholds: thresholds)
        #expect(summary.top1Accuracy == 0.75)
        #expect(summary.conceptsWithAUC == 3)
        let aucs = metrics.curves.map { $0.auc! }
        let mean = aucs.reduce(0, +) / 3
        #expect(abs(summary.macroAUC! - mean) < 1e-15)
        let populationStd = (aucs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot()
        #expect(abs(summary.aucStd! - populationStd) < 1e-15)
    }

    @Test func multilabelCooccurrenceAndNoTop1Accuracy() {
        let evaluation = FixtureCSV.evaluation(
            concepts: ["a", "b", "c"],
            scores: [[0.7, 0.8, 0.1], [0.1, 0.6, 0.3], [0.4, 0.4, 0.2]],
            labels: [[0, 1], [1], []])
        #expect(evaluation.mode == .multilabel)
        let metrics = EvaluationMetrics(evaluation: evaluation)
        #expect(metrics.cooccurrenceMatrix() == [[1, 1, 0], [1, 2, 0], [0, 0, 0]])
        #expect(metrics.confusionMatrix() == nil)
        let summary = metrics.summary(thresholds: Thresholds(global: 0.5))
        #expect(summary.top1Accuracy == nil)
        #expect(metrics.curves[2].auc == nil)  // c labels nothing
        #expect(summary.conceptsWithAUC == 2)
        // Macro precision/recall/F1 average over all concepts, the undefined ones as 0.
        let counts = metrics.allCounts(thresholds: Thresholds(global: 0.5))
        #expect(summary.macroRecall == counts.map(\.recall).reduce(0, +) / 3)
        #expect(metrics.meanScoreMatrix()[2][0].isNaN)
    }

    @Test func foldAUCPerFold() throws {
        let evaluation = try FixtureCSV.load("breast_cancer.csv")
        let metrics = EvaluationMetrics(evaluation: evaluation)
        let folds = try #require(metrics.foldAUC())
        #expect(folds.foldSizes.reduce(0, +) == evaluation.inputCount)
        #expect(folds.auc.count == evaluation.conceptCount)
        // Each fold's AUC equals a curve built from that fold's rows alone.
        let fold = try #require(evaluation.fold)
        // Listed in fold order (0, 1, 2, …), not in order of first appearance.
        #expect(folds.folds == fold.values.sorted { Int($0)! < Int($1)! })
        for (foldIndex, name) in folds.folds.enumerated() {
            let code = try #require(fold.values.firstIndex(of: name))
            let rows = fold.codes.indices.filter { fold.codes[$0] == Int32(code) }
            let curve = ConceptCurve(
                scores: rows.map { evaluation.score(input: $0, concept: 0) },
                isPositive: rows.map { evaluation.isLabeled(input: $0, concept: 0) })
            #expect(folds.auc[0][foldIndex] == curve.auc)
        }
        let values = folds.auc[0].compactMap { $0 }
        #expect(abs(folds.mean[0]! - values.reduce(0, +) / Double(values.count)) < 1e-15)
        #expect(metrics.foldAUC() == folds)
    }
}
