import Foundation
import Testing
@testable import EvalCore

/// The estimated number of wrong labels equals cleanlab's (label_errors.expected.json, written
/// by scripts/make_label_error_cases.py from cleanlab 2.9's `num_label_issues(...,
/// estimation_method="off_diagonal_calibrated")`, and per-concept calibrated joints in multilabel mode).
@Suite struct LabelErrorEstimateTests {
    /// file → (mode, cleanlab's estimate).
    static let expected: [String: (mode: String, estimate: Int)] = {
        let data = try! Data(contentsOf: FixtureCSV.url("label_errors.expected.json"))
        let json = try! JSONSerialization.jsonObject(with: data) as! [String: [String: Any]]
        return json.mapValues { ($0["mode"] as! String, $0["estimate"] as! Int) }
    }()

    @Test(arguments: ["label_errors_digits.csv", "label_errors_weak.csv", "digits.csv", "breast_cancer.csv", "digits_ml.csv"])
    func estimateEqualsCleanlabs(file: String) throws {
        let expected = try #require(Self.expected[file])
        let evaluation = try EvaluationLoader.load(path: FixtureCSV.url(file).path)
        #expect(evaluation.mode.rawValue == expected.mode)
        #expect(LabelErrorEstimate.estimate(in: evaluation) == expected.estimate, "\(file)")
    }

    /// The estimate is what the suspects report states, and it is not the candidate count.
    @Test func suspectReportStatesTheEstimateBesideALongerList() throws {
        let evaluation = try EvaluationLoader.load(path: FixtureCSV.url("label_errors_digits.csv").path)
        let report = SuspectFinder.find(in: evaluation)
        #expect(report.estimatedLabelErrors == Self.expected["label_errors_digits.csv"]?.estimate)
        #expect(report.suspects.count > report.estimatedLabelErrors)
    }

    @Test func roundingPreservesTheRowTotalLikeCleanlab() {
        // np.round gives [0, 2, 2] (half to even) = 4; the total 4.5 rounds to 4: unchanged.
        #expect(LabelErrorEstimate.roundPreservingSum([0.5, 1.5, 2.5]) == [0, 2, 2])
        // Values from cleanlab.internal.util.round_preserving_sum: [0.4] × 3 totals 1.2 → 1, and
        // the reversed argsort gives the increment to the last of the tied errors.
        #expect(LabelErrorEstimate.roundPreservingSum([0.4, 0.4, 0.4]) == [0, 0, 1])
        #expect(LabelErrorEstimate.roundPreservingSum([2.6, 2.6, 2.8]) == [2, 3, 3])
    }

    @Test func anEvaluationWithoutConfidentInputsEstimatesNothing() {
        let evaluation = FixtureCSV.parse("input_id,labels,a,b\n1,a,0.5,0.5\n2,b,0.5,0.5\n")
        #expect(LabelErrorEstimate.estimate(in: evaluation) == 0)
    }
}

/// The diagnosis mentions label noise (model-level `suspect_labels`) from 2% of the inputs.
@Suite struct LabelNoiseDiagnosisTests {
    func diagnose(_ file: String) throws -> (Diagnosis, Int, Int) {
        let evaluation = try EvaluationLoader.load(path: FixtureCSV.url(file).path)
        let estimate = LabelErrorEstimate.estimate(in: evaluation)
        let diagnosis = Diagnoser.diagnose(metrics: EvaluationMetrics(evaluation: evaluation), thresholds: Thresholds(global: 0.5),
                                           estimatedLabelErrors: estimate)
        return (diagnosis, estimate, evaluation.inputCount)
    }

    @Test func noisyLabelsAreMentionedWithTheirEvidence() throws {
        let (diagnosis, estimate, inputs) = try diagnose("label_errors_digits.csv")
        #expect(Double(estimate) / Double(inputs) >= DiagnosisRules.labelNoiseMinimumShare)
        let advice = try #require(diagnosis.advice.first)
        #expect(diagnosis.advice.map(\.code) == ["suspect_labels"])
        #expect(advice.evidence.items.first { $0.key == "estimated_label_errors" }?.value == .int(estimate))
        #expect(advice.evidence.items.first { $0.key == "population" }?.value == .int(inputs))
        #expect(diagnosis.summary.contains("about \(estimate) labels look wrong"))
        #expect(diagnosis.evidence.items.contains { $0.key == "estimated_label_errors" })
        let json = DiagnosisJSON.render(diagnosis, concepts: try EvaluationLoader.load(path: FixtureCSV.url("label_errors_digits.csv").path).concepts)
        #expect(json.contains("\"advice\": [\"suspect_labels\"]"))
    }

    @Test func aFewWrongLabelsAreNotNoise() throws {
        let (diagnosis, estimate, inputs) = try diagnose("digits.csv")
        #expect(estimate > 0)
        #expect(Double(estimate) / Double(inputs) < DiagnosisRules.labelNoiseMinimumShare)
        #expect(diagnosis.advice.isEmpty)
        #expect(!diagnosis.summary.contains("labels look wrong"))
    }
}
