import Foundation
import Testing
@testable import EvalCore

/// The strategies against an independent numpy implementation (scripts/check_thresholds.py),
/// whose answers are committed as fixtures: a tie-heavy file with absent, rare and
/// infeasible concepts, and the shared digits data.
@Suite struct ThresholdsNumpyFixtureTests {
    @Test(arguments: [
        ("thresholds_ties.csv", "thresholds_ties.expected.json"),
        ("digits.csv", "thresholds_digits.expected.json"),
        ("digits_ml.csv", "thresholds_digits_ml.expected.json"),
    ])
    func matchesNumpy(file: String, expectedFile: String) throws {
        let metrics = EvaluationMetrics(evaluation: try FixtureCSV.load(file))
        let data = try Data(contentsOf: FixtureCSV.url(expectedFile))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let results = try #require(document["results"] as? [[String: Any]])
        #expect(results.count == 11)
        for result in results {
            let strategy = try ThresholdStrategy(parsing: result["strategy"] as! String)
            let rows = result["thresholds"] as! [[String: Any]]
            let suggestions = strategy.suggestions(metrics: metrics)
            #expect(rows.count == suggestions.count)
            for (row, suggestion) in zip(rows, suggestions) {
                let context = "\(file) \(strategy) \(row["concept"]!)"
                guard let threshold = row["threshold"] as? Double else {
                    #expect(suggestion.threshold == nil, "\(context)")
                    continue
                }
                let counts = try #require(suggestion.counts, "\(context)")
                #expect(abs(suggestion.threshold! - threshold) <= 1e-12, "\(context)")
                #expect(counts.tp == row["tp"] as? Int, "\(context)")
                #expect(counts.fp == row["fp"] as? Int, "\(context)")
                #expect(counts.fn == row["fn"] as? Int, "\(context)")
                #expect(abs(counts.precision - (row["precision"] as! Double)) <= 1e-12, "\(context)")
                #expect(abs(counts.recall - (row["recall"] as! Double)) <= 1e-12, "\(context)")
                #expect(abs(counts.f1 - (row["f1"] as! Double)) <= 1e-12, "\(context)")
            }
        }
    }

    @Test func tiesFixtureCoversNullsAndInfeasibleTargets() throws {
        // The fixture is only useful if it exercises both kinds of null.
        let data = try Data(contentsOf: FixtureCSV.url("thresholds_ties.expected.json"))
        let text = String(decoding: data, as: UTF8.self)
        let document = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let precision = (document["results"] as! [[String: Any]]).first { $0["strategy"] as? String == "precision:0.9" }!
        let rows = precision["thresholds"] as! [[String: Any]]
        #expect(rows.filter { $0["threshold"] is NSNull }.count == 3)  // "never" has no positives; two infeasible
        #expect(text.contains("\"never\""))
    }
}
