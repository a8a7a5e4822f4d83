import Foundation
import Testing
@testable import EvalCore

/// The report's `"diagnosis"` JSON and text section.
@Suite struct DiagnosisRenderTests {
    private func builtEvaluation() -> Evaluation {
        var builder = EvaluationBuilder(concepts: ["easy", "real\u{1B}"])
        for _ in 0 ..< 30 { builder.add("easy") }
        builder.add("real\u{1B}", count: 100)
        return builder.build()
    }

    @Test func jsonHasTheIssueShape() throws {
        let evaluation = builtEvaluation()
        let diagnosis = diagnose(evaluation)
        let text = DiagnosisJSON.render(diagnosis, concepts: evaluation.concepts)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["verdict"] as? String == diagnosis.verdict.rawValue)
        #expect(json["summary"] as? String == diagnosis.summary)
        let concepts = try #require(json["concepts"] as? [[String: Any]])
        #expect(concepts.count == 2)
        #expect(concepts[0]["concept"] as? String == "easy")
        #expect(concepts[0]["advice"] as? [String] == ["few_inputs", "too_easy"])
        let evidence = try #require(concepts[0]["evidence"] as? [String: [String: Any]])
        #expect(evidence["few_inputs"]?["labeled"] as? Int == 30)
        #expect(evidence["few_inputs"]?["minimum"] as? Int == 50)
        #expect(concepts[1]["concept"] as? String == "real\u{1B}")
        #expect(concepts[1]["advice"] as? [String] == [])
        #expect((json["evidence"] as? [String: Any])?["concepts_assessed"] as? Int == 2)
    }

    @Test func reportJSONGetsTheSections() throws {
        let metrics = EvaluationMetrics(evaluation: try FixtureCSV.load("breast_cancer.csv"))
        let thresholds = Thresholds(global: 0.5)
        let report = EvaluationReport(metrics: metrics, thresholds: thresholds)
        let sections = ReportSections(metrics: metrics, thresholds: thresholds, foldAUC: report.foldAUC)
        let text = ReportJSON.render(report, extraSections: sections.jsonSections)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((json["diagnosis"] as? [String: Any])?["verdict"] as? String == "good")
        let slices = try #require(json["slices"] as? [[String: Any]])
        #expect(slices.map { $0["attribute"] as? String } == ["fold"])
        #expect((slices[0]["values"] as? [Any])?.count == 5)
        // The sections change nothing that was there before.
        #expect(json["per_concept"] != nil)
        #expect(text.hasPrefix(String(ReportJSON.render(report).dropLast(3))))
    }

    @Test func textSectionListsAdviceWithEscapedNames() {
        let evaluation = builtEvaluation()
        let lines = DiagnosisText.render(diagnose(evaluation), concepts: evaluation.concepts)
        #expect(lines[0] == "Diagnosis")
        #expect(lines[1] == diagnose(evaluation).summary)
        #expect(lines[2] == "  easy  few inputs (30 < 50); perfectly separated with only 30 positives")
        #expect(lines.count == 3)
        #expect(!lines.joined().contains("\u{1B}"))
    }

    @Test func textSectionForAHealthyModel() {
        let evaluation = EvaluationBuilder.healthy(["cat", "dog"]).build()
        #expect(DiagnosisText.render(diagnose(evaluation), concepts: evaluation.concepts)
                == ["Diagnosis", "Good model: all 2 concepts strong", "No advice: every concept is healthy."])
    }
}
