import Foundation
import Testing
@testable import EvalCore

@Suite struct SuspectsTests {
    /// Rows of scores with one given label each (concept names a, b, c).
    func exclusive(_ rows: [(label: Int, scores: [Double])]) -> Evaluation {
        let concepts = ["a", "b", "c"].map { Concept(id: $0, name: $0) }
        return Evaluation(
            sourcePath: "t.csv", format: .wide, mode: .exclusive, concepts: concepts,
            inputIDs: rows.indices.map { "i\($0)" }, scores: rows.flatMap(\.scores),
            labelOffsets: (0 ... rows.count).map { Int32($0) }, labelConcepts: rows.map { Int32($0.label) })
    }

    @Test func exclusiveThresholdsJointAndRanking() {
        let evaluation = exclusive([
            (0, [0.9, 0.05, 0.05]), (0, [0.8, 0.1, 0.1]), (0, [0.1, 0.85, 0.05]),  // i2: labelled a, looks like b
            (1, [0.1, 0.8, 0.1]), (1, [0.05, 0.9, 0.05]),
            (2, [0.1, 0.1, 0.8]), (2, [0.6, 0.1, 0.3]),                             // i6: labelled c, looks like a
        ])
        let report = SuspectFinder.find(in: evaluation)
        // t_a = (0.9 + 0.8 + 0.1) / 3 = 0.6, t_b = 0.85, t_c = 0.55
        #expect(abs(report.thresholds[0] - 0.6) < 1e-12)
        #expect(abs(report.thresholds[1] - 0.85) < 1e-12)
        #expect(abs(report.thresholds[2] - 0.55) < 1e-12)
        #expect(report.confidentJoint!.dense() == [[2, 1, 0], [0, 1, 0], [1, 0, 1]])
        // i3 (b at 0.8 < 0.85) is below its class threshold too; the clearly wrong ones come first.
        #expect(report.suspects.map(\.input) == [2, 6, 3])
        let first = report.suspects[0]
        #expect(first.givenLabels == [0] && first.likelyLabels == [1] && first.likelyConcept == 1)
        #expect(first.givenScore == 0.1 && first.likelyScore == 0.85)
        #expect(abs(first.margin - (0.1 - 0.85)) < 1e-12)
        #expect(abs(first.suspicion - 0.9) < 1e-12)
        #expect(report.suspects[2].likelyLabels == [1])  // no class at threshold: the model's answer
    }

    @Test func cleanEvaluationHasNoOffDiagonalSuspects() {
        let evaluation = exclusive([(0, [0.9, 0.05, 0.05]), (1, [0.1, 0.9, 0.0]), (2, [0.0, 0.1, 0.9])])
        let report = SuspectFinder.find(in: evaluation)
        #expect(report.suspects.isEmpty)
        #expect(report.confidentJoint!.dense() == [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    }

    @Test func normalizedMarginRanksByTheGapToTheBestOtherClass() {
        let evaluation = exclusive([
            (0, [0.9, 0.05, 0.05]), (0, [0.9, 0.05, 0.05]),
            (0, [0.30, 0.35, 0.35]),  // self-confidence 0.30, margin -0.05
            (0, [0.32, 0.68, 0.0]),   // self-confidence 0.32, margin -0.36
            (1, [0.1, 0.9, 0.0]), (2, [0.0, 0.1, 0.9]),
        ])
        #expect(SuspectFinder.find(in: evaluation, ranking: .selfConfidence).suspects.map(\.input).prefix(2) == [2, 3])
        #expect(SuspectFinder.find(in: evaluation, ranking: .normalizedMargin).suspects.map(\.input).prefix(2) == [3, 2])
    }

    @Test func multilabelFindsMissingAndSpuriousLabels() {
        // Concept x: positives score high except i1 (labelled, score 0.05); i3 is unlabelled but scores 0.95.
        let concepts = [Concept(id: "x", name: "x"), Concept(id: "y", name: "y")]
        let labels: [[Int32]] = [[0], [0, 1], [0], [1], [], [1]]
        let scores: [Double] = [
            0.9, 0.1,
            0.05, 0.9,
            0.8, 0.2,
            0.95, 0.85,
            0.1, 0.1,
            0.1, 0.9,
        ]
        var offsets: [Int32] = [0]
        for row in labels { offsets.append(offsets.last! + Int32(row.count)) }
        let evaluation = Evaluation(
            sourcePath: "m.csv", format: .wide, mode: .multilabel, concepts: concepts,
            inputIDs: (0 ..< 6).map { "m\($0)" }, scores: scores, labelOffsets: offsets,
            labelConcepts: labels.flatMap { $0 })
        let report = SuspectFinder.find(in: evaluation)
        let byInput = Dictionary(uniqueKeysWithValues: report.suspects.map { ($0.input, $0) })
        #expect(Set(byInput.keys) == [1, 3])
        #expect(byInput[1]?.concept == 0 && byInput[1]?.givenLabels == [0, 1] && byInput[1]?.likelyLabels == [1])
        #expect(byInput[3]?.concept == 0 && byInput[3]?.likelyLabels == [0, 1])
        #expect(abs(byInput[1]!.givenScore - 0.05) < 1e-12)  // the confidence in "x present"
        #expect(report.suspects.first?.input == 3 || report.suspects.first?.input == 1)
        #expect(report.suspects.map(\.suspicion) == report.suspects.map(\.suspicion).sorted(by: >))
    }

    @Test func plantedErrorsRankFirstInALargerRandomCase() {
        // 300 inputs, 3 classes, a confident model; 6 labels flipped to another class.
        var generator = SplitMix64(seed: 7)
        var rows: [(label: Int, scores: [Double])] = []
        var flipped: Set<Int> = []
        for input in 0 ..< 300 {
            let truth = input % 3
            var scores = (0 ..< 3).map { _ in Double(generator.next() % 100) / 1000 }
            scores[truth] = 0.8 + Double(generator.next() % 150) / 1000
            let total = scores.reduce(0, +)
            scores = scores.map { $0 / total }
            var label = truth
            if input % 50 == 7 { label = (truth + 1) % 3; flipped.insert(input) }
            rows.append((label, scores))
        }
        let report = SuspectFinder.find(in: exclusive(rows))
        #expect(Set(report.suspects.prefix(6).map(\.input)) == flipped)
    }
}


@Suite struct ConfidentSuspectCountsTests {
    @Test func countsOnlyAgreeWithTheFullRanking() throws {
        for name in ["digits.csv", "digits_ml.csv", "breast_cancer.csv"] {
            let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
            let evaluation = try EvaluationLoader.load(path: url.path)
            let full = Diagnoser.suspectCounts(of: SuspectFinder.find(in: evaluation).suspects, conceptCount: evaluation.conceptCount)
            #expect(SuspectFinder.confidentSuspectCounts(in: evaluation) == full, "\(name)")
        }
    }

    /// What `report` asks for in one call (the per-class sums summed once) is what the two
    /// separate calls give, weak model included.
    @Test func countsAndEstimateTogetherAreTheSeparateOnes() throws {
        for name in ["digits.csv", "digits_ml.csv", "breast_cancer.csv", "label_errors_weak.csv"] {
            let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
            let evaluation = try EvaluationLoader.load(path: url.path)
            let together = SuspectFinder.confidentSuspectCountsAndEstimate(in: evaluation)
            #expect(together.counts == SuspectFinder.confidentSuspectCounts(in: evaluation), "\(name)")
            #expect(together.estimatedLabelErrors == LabelErrorEstimate.estimate(in: evaluation), "\(name)")
            #expect(together.estimatedLabelErrors > 0, "\(name): not vacuous")
            #expect(together.counts.contains { $0 > 0 }, "\(name): not vacuous")
        }
    }
}
