import Testing
@testable import EvalCore

@Suite struct ConceptSelectionTests {
    /// A random evaluation with many tied scores (two decimals) and some unlabelled inputs.
    func randomEvaluation(seed: UInt64, inputs: Int, concepts: Int) -> Evaluation {
        var rng = SplitMix64(seed: seed)
        var scores: [Double] = []
        var offsets: [Int32] = [0]
        var labels: [Int32] = []
        for _ in 0 ..< inputs {
            for _ in 0 ..< concepts { scores.append(Double(rng.next() % 101) / 100) }
            for c in 0 ..< concepts where rng.next() % 3 == 0 { labels.append(Int32(c)) }
            offsets.append(Int32(labels.count))
        }
        return Evaluation(sourcePath: "random", format: .wide, mode: .multilabel,
                          concepts: (0 ..< concepts).map { Concept(id: "c\($0)", name: "c\($0)") },
                          inputIDs: (0 ..< inputs).map { "i\($0)" }, scores: scores,
                          labelOffsets: offsets, labelConcepts: labels)
    }

    @Test func outcomeListsAgreeWithBruteForceAtEveryThreshold() {
        for seed in 1 ... 5 {
            let evaluation = randomEvaluation(seed: UInt64(seed), inputs: 300, concepts: 3)
            for concept in 0 ..< 3 {
                let selection = ConceptSelection(evaluation: evaluation, concept: concept)
                for t in [0.0, 0.005, 0.3, 0.5, 0.505, 0.99, 1.0] {
                    for outcome in Outcome.allCases {
                        let expected = (0 ..< evaluation.inputCount).filter { i in
                            let positive = evaluation.isLabeled(input: i, concept: concept)
                            let predicted = evaluation.score(input: i, concept: concept) >= t
                            switch outcome {
                            case .truePositive: return positive && predicted
                            case .falseNegative: return positive && !predicted
                            case .falsePositive: return !positive && predicted
                            case .trueNegative: return !positive && !predicted
                            }
                        }
                        let got = selection.inputs(outcome, at: t).map(Int.init)
                        #expect(Set(got) == Set(expected) && got.count == expected.count, "\(outcome) at \(t)")
                        // Most wrong first: FN and TP ascending by score, FP and TN descending.
                        let scores = got.map { evaluation.score(input: $0, concept: concept) }
                        let ascending = outcome == .falseNegative || outcome == .truePositive
                        #expect(scores == (ascending ? scores.sorted() : scores.sorted(by: >)))
                    }
                }
            }
        }
    }
}

