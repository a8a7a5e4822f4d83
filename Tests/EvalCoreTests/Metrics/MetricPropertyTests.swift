import Foundation
import Testing
@testable import EvalCore

/// Properties that must hold for any data, checked on seeded random evaluations.
@Suite struct MetricPropertyTests {
    /// Scores on a coarse grid so that ties are frequent.
    static func randomColumn(_ random: inout SplitMix64, count: Int, grid: Int) -> ([Double], [Bool]) {
        let scores = (0 ..< count).map { _ in Double(Int.random(in: 0 ... grid, using: &random)) / Double(grid) }
        let labels = scores.map { Double.random(in: 0 ..< 1, using: &random) < 0.2 + 0.6 * $0 }
        return (scores, labels)
    }

    @Test func aucIsUnchangedByStrictlyIncreasingTransforms() {
        var random = SplitMix64(seed: 1)
        let transforms: [(Double) -> Double] = [{ $0 * $0 }, { $0.squareRoot() }, { ($0 + 1) / 2 }, { exp($0) - 5 }, { $0 * 1e-9 }]
        for round in 0 ..< 40 {
            let (scores, labels) = Self.randomColumn(&random, count: 1 + round * 3, grid: 1 + round % 12)
            let original = ConceptCurve(scores: scores, isPositive: labels)
            for transform in transforms {
                let transformed = ConceptCurve(scores: scores.map(transform), isPositive: labels)
                #expect(approximatelyEqual(transformed.auc, original.auc, tolerance: 1e-12))
                #expect(approximatelyEqual(transformed.averagePrecision, original.averagePrecision, tolerance: 1e-12))
            }
        }
    }

    @Test func reversingScoresComplementsAUC() {
        var random = SplitMix64(seed: 2)
        for round in 0 ..< 60 {
            let (scores, labels) = Self.randomColumn(&random, count: 2 + round, grid: 1 + round % 9)
            let curve = ConceptCurve(scores: scores, isPositive: labels)
            let reversed = ConceptCurve(scores: scores.map { 1 - $0 }, isPositive: labels)
            if let auc = curve.auc {
                #expect(abs(reversed.auc! - (1 - auc)) < 1e-12)
            } else {
                #expect(reversed.auc == nil)
            }
        }
    }

    @Test func rowOrderChangesNoMetric() {
        var random = SplitMix64(seed: 3)
        let conceptCount = 4
        for round in 0 ..< 10 {
            let count = 20 + round * 17
            var rows: [(scores: [Double], labels: [Int])] = (0 ..< count).map { _ in
                let scores = (0 ..< conceptCount).map { _ in Double(Int.random(in: 0 ... 8, using: &random)) / 8 }
                return (scores, [Int.random(in: 0 ..< conceptCount, using: &random)])
            }
            let original = EvaluationMetrics(evaluation: FixtureCSV.evaluation(
                concepts: ["a", "b", "c", "d"], scores: rows.map(\.scores), labels: rows.map(\.labels)))
            rows.shuffle(using: &random)
            let shuffled = EvaluationMetrics(evaluation: FixtureCSV.evaluation(
                concepts: ["a", "b", "c", "d"], scores: rows.map(\.scores), labels: rows.map(\.labels)))
            for threshold in [0.0, 0.25, 0.5, 0.51, 1.0] {
                let thresholds = Thresholds(global: threshold)
                #expect(original.summary(thresholds: thresholds) == shuffled.summary(thresholds: thresholds))
                #expect(original.allCounts(thresholds: thresholds) == shuffled.allCounts(thresholds: thresholds))
                #expect(original.countsAtThresholdMatrix(thresholds: thresholds)
                    == shuffled.countsAtThresholdMatrix(thresholds: thresholds))
            }
            #expect(original.confusionMatrix() == shuffled.confusionMatrix())
            for (a, b) in zip(original.curves, shuffled.curves) {
                #expect(a.thresholds == b.thresholds && a.cumulativeTP == b.cumulativeTP && a.cumulativeFP == b.cumulativeFP)
            }
        }
    }

    @Test func countsAgreeWithBruteForce() {
        var random = SplitMix64(seed: 4)
        for round in 0 ..< 30 {
            let (scores, labels) = Self.randomColumn(&random, count: round * 23, grid: [1, 4, 20, 1000][round % 4])
            let curve = ConceptCurve(scores: scores, isPositive: labels)
            var probes = Array(Set(scores)).flatMap { [$0, $0.nextUp, $0.nextDown] }
            probes += [-1, 0, 0.5, 1, 2, .infinity, -.infinity]
            for threshold in probes {
                let tp = zip(scores, labels).filter { $0.0 >= threshold && $0.1 }.count
                let fp = zip(scores, labels).filter { $0.0 >= threshold && !$0.1 }.count
                #expect(curve.counts(at: threshold) == ConfusionCounts(
                    tp: tp, fp: fp, fn: curve.positives - tp, tn: curve.negatives - fp))
            }
        }
    }

    /// Every counting path (4-decimal grid, hash table after leaving the grid, radix sort for
    /// many distinct scores, comparison sort outside [0, 1]) against the plain comparison sort.
    @Test func everyCountingPathAgreesWithTheComparisonSort() {
        var random = SplitMix64(seed: 5)
        let count = 3000
        let columns: [(String, () -> Double)] = [
            ("grid", { Double(Int.random(in: 0 ... 10_000, using: &random)) / 10_000 }),
            ("coarse grid", { Double(Int.random(in: 0 ... 20, using: &random)) / 20 }),
            ("thirds", { Double(Int.random(in: 0 ... 90, using: &random)) / 90 }),  // off the grid, few values
            ("late off-grid", { Double(Int.random(in: 0 ... 100, using: &random)) / 100 }),
            ("full precision", { Double.random(in: 0 ... 1, using: &random) }),
            ("out of range", { Double.random(in: -1 ... 2, using: &random) }),
        ]
        // 23 concepts: several batches across the workers.
        let conceptCount = 23
        var scores = [[Double]](repeating: [], count: count)
        for input in 0 ..< count {
            scores[input] = (0 ..< conceptCount).map { columns[$0 % columns.count].1() }
        }
        // The "late off-grid" column leaves the grid only near the end; the full-precision
        // columns get one score out of range at the very end (after their counters overflowed,
        // when the counting pass stops early).
        for concept in stride(from: 3, to: conceptCount, by: columns.count) { scores[count - 5][concept] = 1.0 / 3 }
        scores[count - 1][4] = 1.5
        let labels = (0 ..< count).map { _ in (0 ..< conceptCount).filter { _ in Bool.random(using: &random) } }
        let evaluation = FixtureCSV.evaluation(
            concepts: (0 ..< conceptCount).map { "c\($0)" }, scores: scores, labels: labels)
        let metrics = EvaluationMetrics(evaluation: evaluation)
        // Without fusing: the counting pass may stop early and the keys are extracted afterwards.
        let unfused = CurveBuilder.curves(of: evaluation, fusedKeyBudget: 0)
        for concept in 0 ..< conceptCount {
            let columnScores = scores.map { $0[concept] }
            let columnLabels = labels.map { $0.contains(concept) }
            let reference = CurveBuilder.comparisonSortedCurve(scores: columnScores, isPositive: columnLabels)
            for curve in [metrics.curves[concept], unfused[concept], ConceptCurve(scores: columnScores, isPositive: columnLabels)] {
                #expect(curve.thresholds == reference.thresholds, "\(columns[concept % columns.count].0)")
                #expect(curve.cumulativeTP == reference.cumulativeTP && curve.cumulativeFP == reference.cumulativeFP)
                #expect(curve.auc == reference.auc && curve.averagePrecision == reference.averagePrecision)
            }
        }
    }

    /// Sorted columns extracted a few per pass, in many passes and several batches per worker,
    /// all through one reused key buffer per worker (`CurveBuilder.curves`): every curve is the
    /// comparison sort's, with both kinds of threshold storage. 70 concepts make two batches per
    /// worker on two cores; a budget of 3 columns of keys makes 6 passes per batch.
    @Test func curvesOfManyExtractionPassesAgreeWithTheComparisonSort() {
        var random = SplitMix64(seed: 11)
        let count = 2000
        let conceptCount = 70
        // Every third column draws from 700 values: full precision with ties.
        let pool = (0 ..< 700).map { _ in Double.random(in: 0 ... 1, using: &random) }
        let scores = (0 ..< count).map { _ in
            (0 ..< conceptCount).map { $0 % 3 == 0 ? pool[Int.random(in: 0 ..< pool.count, using: &random)]
                                                    : Double.random(in: 0 ... 1, using: &random) }
        }
        let labels = (0 ..< count).map { _ in (0 ..< conceptCount).filter { _ in Bool.random(using: &random) } }
        let evaluation = FixtureCSV.evaluation(
            concepts: (0 ..< conceptCount).map { "c\($0)" }, scores: scores, labels: labels)
        for storage in [ThresholdStorage.values, .inputIndices] {
            let curves = CurveBuilder.curves(of: evaluation, storage: storage, fusedKeyBudget: 0, sortKeyBudget: 3 * count)
            for concept in 0 ..< conceptCount {
                let reference = CurveBuilder.comparisonSortedCurve(
                    scores: scores.map { $0[concept] }, isPositive: labels.map { $0.contains(concept) })
                let curve = curves[concept]
                let sameThresholds = Array(curve.thresholds) == Array(reference.thresholds)
                #expect(sameThresholds, "concept \(concept), \(storage)")
                #expect(curve.cumulativeTP == reference.cumulativeTP && curve.cumulativeFP == reference.cumulativeFP)
                #expect(curve.auc == reference.auc && curve.averagePrecision == reference.averagePrecision)
            }
        }
    }
}
