import Foundation
import Testing
@testable import EvalCore

/// The whole path a user takes, `evaltop report --json`: the real loader (every shared
/// format, the Clarifai document included) → metrics → report JSON, compared field by field
/// with scikit-learn's answers in the shared fixtures.
@Suite struct LoadedFixtureReportTests {
    static let cases: [(file: String, expected: String, threshold: Double)] = [
        ("digits.csv", "digits.expected.json", 0.5),
        ("digits.csv", "digits.t030.expected.json", 0.3),
        ("digits_ml.csv", "digits_ml.expected.json", 0.5),
        ("digits_ml.csv", "digits_ml.t030.expected.json", 0.3),
        ("breast_cancer.csv", "breast_cancer.expected.json", 0.5),
        ("breast_cancer.csv", "breast_cancer.t030.expected.json", 0.3),
        ("breast_cancer.clarifai.json", "breast_cancer.clarifai.expected.json", 0.5),
    ]

    static func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
    }

    @Test(arguments: cases.indices)
    func reportJSONMatchesScikitLearn(_ index: Int) throws {
        let (file, expectedName, threshold) = Self.cases[index]
        let evaluation = try EvaluationLoader.load(path: try Self.fixture(file).path)
        let report = EvaluationReport(metrics: EvaluationMetrics(evaluation: evaluation), thresholds: Thresholds(global: threshold))
        let ours = try #require(try JSONSerialization.jsonObject(with: Data(ReportJSON.render(report).utf8)) as? [String: Any])
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixture(expectedName))) as? [String: Any])
        for key in ["inputs", "concepts", "mode", "threshold"] {
            #expect("\(ours[key] ?? "missing")" == "\(expected[key] ?? "missing")", "\(file): \(key)")
        }
        Self.compare(ours["summary"], expected["summary"], path: "\(file) summary")
        let ourConcepts = try #require(ours["per_concept"] as? [[String: Any]])
        let expectedConcepts = try #require(expected["per_concept"] as? [[String: Any]])
        #expect(ourConcepts.count == expectedConcepts.count)
        for want in expectedConcepts {
            let name = want["concept"] as? String
            let got = ourConcepts.first { $0["concept"] as? String == name }
            #expect(got != nil, "\(file): concept \(name ?? "?") missing")
            for (key, value) in want { Self.compare(got?[key], value, path: "\(file) \(name ?? "?").\(key)") }
        }
        Self.compare(ours["confusion"], expected["confusion"], path: "\(file) confusion")
    }

    /// Numbers within 1e-9, nulls equal, strings and arrays recursively.
    static func compare(_ a: Any?, _ b: Any?, path: String) {
        switch (a, b) {
        case (let x as NSNumber, let y as NSNumber):
            #expect(abs(x.doubleValue - y.doubleValue) <= 1e-9, "\(path): \(x) vs \(y)")
        case (let x as String, let y as String):
            #expect(x == y, "\(path)")
        case (let x as [Any], let y as [Any]):
            #expect(x.count == y.count, "\(path): lengths")
            for (i, (p, q)) in zip(x, y).enumerated() { compare(p, q, path: "\(path)[\(i)]") }
        case (let x as [String: Any], let y as [String: Any]):
            for (key, value) in y { compare(x[key], value, path: "\(path).\(key)") }
        case (is NSNull, is NSNull), (nil, is NSNull), (is NSNull, nil):
            break
        default:
            Issue.record("\(path): \(String(describing: a)) vs \(String(describing: b))")
        }
    }
}
