import Foundation
import Testing
@testable import EvalCore

/// Small random cases full of ties, with scikit-learn's answers generated once by
/// scripts/make_sklearn_cases.py into Fixtures/sklearn_ties.json.
@Suite struct SklearnTiesTests {
    struct Case {
        let json: [String: Any]
        var scores: [Double] { json["scores"] as! [Double] }
        var labels: [Bool] { (json["labels"] as! [Int]).map { $0 == 1 } }
        func doubles(_ key: String) -> [Double?] { (json[key] as! [Any]).map { $0 as? Double } }
    }

    static func cases() throws -> [Case] {
        let data = try Data(contentsOf: FixtureCSV.url("sklearn_ties.json"))
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return (root["cases"] as! [[String: Any]]).map(Case.init)
    }

    @Test func aucAndAveragePrecisionMatch() throws {
        let cases = try Self.cases()
        #expect(cases.count > 40)
        for (index, testCase) in cases.enumerated() {
            let curve = ConceptCurve(scores: testCase.scores, isPositive: testCase.labels)
            #expect(approximatelyEqual(curve.auc, testCase.json["auc"]), "case \(index)")
            #expect(approximatelyEqual(curve.averagePrecision, testCase.json["average_precision"]), "case \(index)")
        }
    }

    @Test func curvePointsMatchRocCurveAndPrecisionRecallCurve() throws {
        for (index, testCase) in try Self.cases().enumerated() {
            let curve = ConceptCurve(scores: testCase.scores, isPositive: testCase.labels)
            let roc = curve.rocPoints()
            let fpr = testCase.doubles("roc_fpr")
            let tpr = testCase.doubles("roc_tpr")
            #expect(roc.count == fpr.count, "case \(index)")
            for (point, (x, y)) in zip(roc, zip(fpr, tpr)) {
                // scikit-learn's NaN was written as null.
                #expect(approximatelyEqual(point.fpr.isNaN ? nil : point.fpr, x as Any), "case \(index)")
                #expect(approximatelyEqual(point.tpr.isNaN ? nil : point.tpr, y as Any), "case \(index)")
            }
            let pr = curve.prPoints()
            let precision = testCase.doubles("pr_precision")
            let recall = testCase.doubles("pr_recall")
            #expect(pr.count == precision.count, "case \(index)")
            for (point, (p, r)) in zip(pr, zip(precision, recall)) {
                #expect(approximatelyEqual(point.precision, p), "case \(index)")
                #expect(approximatelyEqual(point.recall, r), "case \(index)")
            }
        }
    }

    @Test func countsAtThresholdsMatch() throws {
        for (index, testCase) in try Self.cases().enumerated() {
            let curve = ConceptCurve(scores: testCase.scores, isPositive: testCase.labels)
            for expected in testCase.json["counts"] as! [[String: Any]] {
                let counts = curve.counts(at: expected["threshold"] as! Double)
                #expect(counts.tp == expected["tp"] as? Int, "case \(index)")
                #expect(counts.fp == expected["fp"] as? Int, "case \(index)")
                #expect(counts.tp + counts.fn == curve.positives)
                #expect(counts.fp + counts.tn == curve.negatives)
            }
        }
    }
}
