import Testing
@testable import EvalCore

@Suite struct ThresholdsTextTests {
    @Test func tableShowsExactThresholdsAndDashesForNone() {
        let concepts = [Concept(id: "dog", name: "dog"), Concept(id: "x", name: "bad\u{1B}[31mname")]
        let text = ThresholdsText.render(strategy: .recall(minimum: 0.8), suggestions: [
            ThresholdSuggestion(concept: 0, threshold: 0.1 + 0.2, counts: ConfusionCounts(tp: 4, fp: 1, fn: 1, tn: 9)),
            ThresholdSuggestion(concept: 1, threshold: nil, counts: nil),
        ], concepts: concepts)
        #expect(text == """
            Strategy recall:0.8

            Concept                    Threshold  Precision  Recall      F1  TP  FP  FN
            dog              0.30000000000000004     0.8000  0.8000  0.8000   4   1   1
            bad\\x1b[31mname                    -          -       -       -   -   -   -

            1 concept has no threshold (no positives, or no score satisfies the strategy).

            """)
    }
}
