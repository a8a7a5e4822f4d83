import Foundation
import Testing
@testable import EvalCore

@Suite struct SlicesTests {
    /// Eight inputs, one concept, `site` A (inputs 0–3), B (4–6), none (7).
    /// A: positives 0.9, 0.4; negatives 0.5, 0.1 → pairs 1 + 1 + 0 + 1 = 3/4.
    /// B: positive 0.8; negatives 0.2, 0.3 → 1.
    private func tiny() -> Evaluation {
        let scores: [Double] = [0.9, 0.4, 0.5, 0.1, 0.8, 0.2, 0.3, 0.99]
        let positive = [true, true, false, false, true, false, false, true]
        return Evaluation(
            sourcePath: "tiny", format: .wide, mode: .multilabel, concepts: [Concept(id: "dog", name: "dog")],
            inputIDs: scores.indices.map { "i\($0)" }, scores: scores,
            labelOffsets: [0] + positive.reduce(into: [Int32]()) { $0.append(($0.last ?? 0) + ($1 ? 1 : 0)) },
            labelConcepts: [Int32](repeating: 0, count: positive.count { $0 }),
            attributes: [CategoricalAttribute(name: "site", values: ["A", "B"], codes: [0, 0, 0, 0, 1, 1, 1, -1])])
    }

    @Test func tinyCaseByHand() throws {
        let metrics = EvaluationMetrics(evaluation: tiny())
        let slices = Slices(metrics: metrics)
        #expect(slices.attributes.count == 1)
        let site = slices.attributes[0]
        #expect(site.name == "site")
        #expect(!site.isFold)
        #expect(site.values.map(\.value) == ["A", "B"])
        #expect(site.values.map(\.inputs) == [4, 3])
        #expect(site.values.map(\.macroAUC) == [0.75, 1])
        #expect(site.values.map(\.conceptAUC) == [[0.75], [1]])
        // At 0.45: A predicts 0.9, 0.5 → TP 1, FP 1, FN 1: P ½, R ½, F1 ½. B: TP 1 → all 1.
        let a = try #require(site.values[0].macroMetrics(thresholds: Thresholds(global: 0.45)))
        #expect(a.precision == 0.5 && a.recall == 0.5 && a.f1 == 0.5)
        let b = try #require(site.values[1].macroMetrics(thresholds: Thresholds(global: 0.45)))
        #expect(b.precision == 1 && b.recall == 1 && b.f1 == 1)
        // Per-concept thresholds are used too.
        let strict = try #require(site.values[0].macroMetrics(thresholds: Thresholds(global: 0.45, perConcept: [0: 0.95])))
        #expect(strict.recall == 0)
        // Slices of 4 and 3 inputs are too small to compare.
        #expect(site.macroAUCGap == nil)
        #expect(site.conceptAUCGaps.isEmpty)
        #expect(slices.largestAttributeGap == nil)
        #expect(slices.fold == nil && slices.foldAUC == nil)
    }

    @Test func gapsBetweenComparableSlices() throws {
        var builder = EvaluationBuilder.healthy(["cat", "dog", "bird"])
        builder.assignFoldsAndMeta()
        for i in builder.rows.indices where builder.rows[i].meta == "dslr" && builder.rows[i].labels == [1] && i % 3 == 0 {
            builder.rows[i].scores[1] = 0.0
        }
        let metrics = EvaluationMetrics(evaluation: builder.build(mode: .multilabel))
        let slices = Slices(metrics: metrics)
        #expect(slices.attributes.map(\.name) == ["camera", "fold"])
        let camera = slices.attributes[0]
        let gap = try #require(camera.macroAUCGap)
        #expect(gap.highValue == "phone" && gap.lowValue == "dslr")
        #expect(gap.gap == camera.values[gap.high].macroAUC! - camera.values[gap.low].macroAUC!)
        // The widest per-concept gap is dog's, and it is computed from the slice curves.
        let dogGap = try #require(camera.conceptAUCGaps.first)
        #expect(dogGap.concept == 1)
        #expect(dogGap.gap.gap == camera.values[0].conceptAUC[1]! - camera.values[1].conceptAUC[1]!
                || dogGap.gap.gap == camera.values[1].conceptAUC[1]! - camera.values[0].conceptAUC[1]!)
        #expect(slices.largestAttributeGap == gap)
        // The slice curves agree with curves built directly from the slice's columns.
        let evaluation = metrics.evaluation
        let members = evaluation.attributes[0].codes.indices.filter { evaluation.attributes[0].codes[$0] == 1 }
        let direct = ConceptCurve(scores: members.map { evaluation.score(input: $0, concept: 1) },
                                  isPositive: members.map { evaluation.isLabeled(input: $0, concept: 1) })
        #expect(camera.values[1].curves[1].auc == direct.auc)
        #expect(camera.values[1].curves[1].thresholds == direct.thresholds)
    }

    @Test func foldSlicesGiveTheSameFoldAUCsAsTheMetrics() throws {
        let metrics = EvaluationMetrics(evaluation: try FixtureCSV.load("digits.csv"))
        let slices = Slices(metrics: metrics)
        #expect(slices.foldAUC == metrics.foldAUC())
        #expect(slices.fold?.isFold == true)
        // A fold gap is not bias.
        #expect(slices.largestAttributeGap == nil)
    }

    @Test func idLikeAttributesAreSkipped() {
        let n = DiagnosisRules.sliceMaximumValues + 1
        let evaluation = Evaluation(
            sourcePath: "ids", format: .wide, mode: .multilabel, concepts: [Concept(id: "a", name: "a")],
            inputIDs: (0 ..< n).map { "i\($0)" }, scores: (0 ..< n).map { Double($0) / Double(n) },
            labelOffsets: (0 ... n).map { Int32($0 / 2) }, labelConcepts: [Int32](repeating: 0, count: n / 2),
            attributes: [CategoricalAttribute(name: "photo_id", values: (0 ..< n).map(String.init), codes: (0 ..< n).map(Int32.init))])
        let slices = Slices(metrics: EvaluationMetrics(evaluation: evaluation))
        #expect(slices.attributes[0].values.isEmpty)
        #expect(slices.attributes[0].skippedReason == "\(n) distinct values (more than \(DiagnosisRules.sliceMaximumValues))")
        #expect(SlicesText.render(slices, thresholds: Thresholds(global: 0.5), concepts: evaluation.concepts)
                == ["Slices", "Slices by photo_id: skipped, \(n) distinct values (more than \(DiagnosisRules.sliceMaximumValues))"])
    }

    @Test func textAndJSON() throws {
        let evaluation = tiny()
        let slices = Slices(metrics: EvaluationMetrics(evaluation: evaluation))
        let thresholds = Thresholds(global: 0.45)
        #expect(SlicesText.render(slices, thresholds: thresholds, concepts: evaluation.concepts) == [
            "Slices",
            "Slices by site",
            "Value  Inputs  Macro AUC  Precision  Recall      F1",
            "A           4     0.7500     0.5000  0.5000  0.5000",
            "B           3     1.0000     1.0000  1.0000  1.0000",
        ])
        let text = SlicesJSON.render(slices, thresholds: thresholds, concepts: evaluation.concepts)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(json[0]["attribute"] as? String == "site")
        #expect(json[0]["largest_gap"] is NSNull)
        let values = try #require(json[0]["values"] as? [[String: Any]])
        #expect(values[0]["macro_auc"] as? Double == 0.75)
        #expect(values[0]["macro_f1"] as? Double == 0.5)
        #expect((values[1]["concept_auc"] as? [[String: Any]])?.first?["auc"] as? Double == 1)
    }
}
