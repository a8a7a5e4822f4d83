import Foundation
import Testing
@testable import EvalCore

/// Our metrics against scikit-learn's answers for the real evaluations in Fixtures/.
@Suite struct FixtureMetricsTests {
    static let cases: [(csv: String, expected: String)] = [
        ("digits.csv", "digits.expected.json"),
        ("digits.csv", "digits.t030.expected.json"),
        ("digits_ml.csv", "digits_ml.expected.json"),
        ("digits_ml.csv", "digits_ml.t030.expected.json"),
        ("breast_cancer.csv", "breast_cancer.expected.json"),
        ("breast_cancer.csv", "breast_cancer.t030.expected.json"),
    ]

    @Test(arguments: cases)
    func everyFieldMatchesScikitLearn(csv: String, expected: String) throws {
        let evaluation = try FixtureCSV.load(csv)
        let report = try ExpectedReport(expected)
        let metrics = EvaluationMetrics(evaluation: evaluation)
        let thresholds = Thresholds(global: report.threshold)

        #expect(evaluation.inputCount == report.json["inputs"] as? Int)
        #expect(evaluation.conceptCount == report.json["concepts"] as? Int)
        #expect(evaluation.mode.rawValue == report.json["mode"] as? String)

        for (index, expectedConcept) in report.perConcept.enumerated() {
            let curve = metrics.curves[index]
            let counts = metrics.counts(concept: index, thresholds: thresholds)
            #expect(evaluation.concepts[index].name == expectedConcept["concept"] as? String)
            #expect(curve.positives == expectedConcept["positives"] as? Int)
            #expect(curve.negatives == expectedConcept["negatives"] as? Int)
            #expect(approximatelyEqual(curve.auc, expectedConcept["auc"]), "auc of \(index)")
            #expect(approximatelyEqual(curve.averagePrecision, expectedConcept["average_precision"]), "ap of \(index)")
            #expect(counts.tp == expectedConcept["tp"] as? Int)
            #expect(counts.fp == expectedConcept["fp"] as? Int)
            #expect(counts.fn == expectedConcept["fn"] as? Int)
            #expect(counts.tn == expectedConcept["tn"] as? Int)
            #expect(approximatelyEqual(counts.precision, expectedConcept["precision"]))
            #expect(approximatelyEqual(counts.recall, expectedConcept["recall"]))
            #expect(approximatelyEqual(counts.f1, expectedConcept["f1"]))
        }

        let summary = metrics.summary(thresholds: thresholds)
        let expectedSummary = report.summary
        #expect(approximatelyEqual(summary.macroAUC, expectedSummary["macro_auc"]))
        #expect(approximatelyEqual(summary.macroAP, expectedSummary["macro_average_precision"]))
        #expect(approximatelyEqual(summary.macroPrecision, expectedSummary["macro_precision"]))
        #expect(approximatelyEqual(summary.macroRecall, expectedSummary["macro_recall"]))
        #expect(approximatelyEqual(summary.macroF1, expectedSummary["macro_f1"]))
        #expect(approximatelyEqual(summary.top1Accuracy, expectedSummary["top1_accuracy"]))

        if let confusion = report.json["confusion"] as? [String: Any] {
            #expect(metrics.confusionMatrix() == confusion["matrix"] as? [[Int]])
            #expect(evaluation.concepts.map(\.name) == confusion["labels"] as? [String])
        } else {
            #expect(metrics.confusionMatrix() == nil)
        }
    }
}
