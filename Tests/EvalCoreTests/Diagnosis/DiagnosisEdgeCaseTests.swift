import Testing
@testable import EvalCore

/// Degenerate evaluations: nothing crashes, and nothing is claimed without evidence.
@Suite struct DiagnosisEdgeCaseTests {
    @Test func noInputs() {
        let evaluation = Evaluation(
            sourcePath: "empty", format: .wide, mode: .multilabel,
            concepts: [Concept(id: "a", name: "a"), Concept(id: "b", name: "b")],
            inputIDs: [], scores: [], labelOffsets: [0], labelConcepts: [],
            fold: CategoricalAttribute(name: "fold", values: [], codes: []))
        let diagnosis = diagnose(evaluation)
        #expect(diagnosis.verdict == .ok)
        #expect(diagnosis.summary.hasPrefix("OK model: cannot judge"))
        // No positives at all: few inputs is the only thing to say.
        #expect(diagnosis.concepts.map(\.codes) == [["few_inputs"], ["few_inputs"]])
        #expect(ThresholdStrategy.maxF1.suggestions(metrics: EvaluationMetrics(evaluation: evaluation)).allSatisfy { $0.threshold == nil })
    }

    @Test func noConcepts() {
        let evaluation = Evaluation(sourcePath: "none", format: .wide, mode: .multilabel, concepts: [],
                                    inputIDs: ["x"], scores: [], labelOffsets: [0, 0], labelConcepts: [])
        let diagnosis = diagnose(evaluation)
        #expect(diagnosis.concepts.isEmpty)
        #expect(diagnosis.verdict == .ok)
    }

    @Test func attributeValueWithoutInputsAndInputsWithoutValue() {
        var builder = EvaluationBuilder.healthy(["cat", "dog"], perConcept: 40)
        for i in builder.rows.indices { builder.rows[i].meta = i < 10 ? nil : "phone" }
        let base = builder.build(mode: .multilabel)
        // Add a declared value that no input has.
        let camera = base.attributes[0]
        let evaluation = Evaluation(
            sourcePath: "x", format: .wide, mode: .multilabel, concepts: base.concepts, inputIDs: base.inputIDs,
            scores: base.scores, labelOffsets: base.labelOffsets, labelConcepts: base.labelConcepts,
            attributes: [CategoricalAttribute(name: "camera", values: camera.values + ["unused"], codes: camera.codes)])
        let slices = Slices(metrics: EvaluationMetrics(evaluation: evaluation))
        #expect(slices.attributes[0].values.map(\.inputs) == [70, 0])
        #expect(slices.attributes[0].values[1].macroAUC == nil)
        #expect(slices.attributes[0].values[1].macroMetrics(thresholds: Thresholds(global: 0.5)) == nil)
        #expect(slices.attributes[0].macroAUCGap == nil)  // one comparable value only
    }

    @Test func unlabelledInputsAreNeitherConfusedNorMultiLabelled() {
        var builder = EvaluationBuilder.healthy(["cat", "dog"])
        for _ in 0 ..< 50 {
            builder.rows.append(EvaluationBuilder.Row(scores: [0.9, 0.9], labels: []))
        }
        let evaluation = builder.build(mode: .multilabel)
        let diagnosis = diagnose(evaluation)
        #expect(!diagnosis.concepts.contains { $0.has(.confusedWith) || $0.has(.multilabelInExclusive) })
    }
}
