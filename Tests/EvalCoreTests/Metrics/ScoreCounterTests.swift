import Foundation
import Testing
@testable import EvalCore

/// `ScoreCounter` chooses between counting a column and leaving it to the radix sort; the
/// choice must never change a curve, and a mostly distinct column must be left early.
@Suite struct ScoreCounterTests {
    /// Off the 4-decimal grid, every score new: after `probeInputs` scores the counter sees
    /// that 100,000 inputs would pass its limit (12,500) and gives up, long before the limit.
    @Test func aMostlyDistinctColumnIsLeftAfterTheProbe() {
        var counter = ScoreCounter()
        defer { counter.deallocate() }
        let inputs = 100_000
        counter.reset(distinctLimit: inputs / CurveBuilder.inputsPerDistinctScore, inputCount: inputs)
        var random = SplitMix64(seed: 3)
        var added = 0
        while !counter.overflowed, added < inputs {
            let score = Double(random.next() >> 11) / Double(1 << 53)
            counter.add(score: score, bits: CurveBuilder.scoreBits(score), isPositive: added % 5 == 0)
            added += 1
        }
        #expect(counter.overflowed)
        #expect(added == ScoreCounter.probeInputs)
        #expect(counter.curve() == nil)
    }

    /// A column of 500 distinct off-grid scores repeated is counted to the end, whatever its
    /// length; and the curve is the same one the radix sort gives.
    @Test(arguments: [4_096, 50_000])
    func aColumnWithFewDistinctScoresIsCounted(inputs: Int) throws {
        var random = SplitMix64(seed: 11)
        let values = (0 ..< 500).map { _ in Double(random.next() >> 11) / Double(1 << 53) }
        let scores = (0 ..< inputs).map { _ in values[Int(random.next() % 500)] }
        let isPositive = (0 ..< inputs).map { _ in random.next() % 3 == 0 }
        var counter = ScoreCounter()
        defer { counter.deallocate() }
        counter.reset(distinctLimit: max(16, inputs / CurveBuilder.inputsPerDistinctScore), inputCount: inputs)
        for index in 0 ..< inputs {
            counter.add(score: scores[index], bits: CurveBuilder.scoreBits(scores[index]), isPositive: isPositive[index])
        }
        #expect(!counter.overflowed)
        let counted = try #require(counter.curve())
        let sorted = CurveBuilder.comparisonSortedCurve(scores: scores, isPositive: isPositive)
        #expect(counted.auc == sorted.auc)
        #expect(counted.averagePrecision == sorted.averagePrecision)
        #expect(counted.positives == sorted.positives && counted.negatives == sorted.negatives)
        for threshold in values.prefix(50) + [0, 0.5, 1] {
            #expect(counted.counts(at: threshold) == sorted.counts(at: threshold))
        }
    }

    /// A whole evaluation whose columns take each path (counted, left at the probe, left at the
    /// limit) reports exactly what the comparison sort gives for each column.
    @Test func everyPathGivesTheComparisonSortsCurve() throws {
        let inputs = 40_000
        var random = SplitMix64(seed: 5)
        var text = "input_id,labels,distinct,few,grid\n"
        let few = (0 ..< 300).map { _ in Double(random.next() >> 11) / Double(1 << 53) }
        for input in 0 ..< inputs {
            let distinct = Double(random.next() >> 11) / Double(1 << 53)
            let repeated = few[Int(random.next() % 300)]
            let grid = Double(random.next() % 10_001) / 10_000
            let label = ["distinct", "few", "grid"][Int(random.next() % 3)]
            text += "i\(input),\(label),\(distinct),\(repeated),\(grid)\n"
        }
        let evaluation = try EvaluationLoader.load(bytes: Array(text.utf8), name: "paths.csv")
        let metrics = EvaluationMetrics(evaluation: evaluation)
        for concept in 0 ..< 3 {
            let scores = (0 ..< inputs).map { evaluation.score(input: $0, concept: concept) }
            let isPositive = (0 ..< inputs).map { evaluation.isLabeled(input: $0, concept: concept) }
            let reference = CurveBuilder.comparisonSortedCurve(scores: scores, isPositive: isPositive)
            #expect(metrics.curves[concept].auc == reference.auc)
            #expect(metrics.curves[concept].averagePrecision == reference.averagePrecision)
            for threshold in scores.prefix(40) { #expect(metrics.curves[concept].counts(at: threshold) == reference.counts(at: threshold)) }
        }
    }
}
