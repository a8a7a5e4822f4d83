import Foundation
import Testing
@testable import EvalCore

@Suite struct ReportJSONTests {
    /// Parses our JSON and compares every field scikit-learn's expected file has.
    @Test(arguments: FixtureMetricsTests.cases)
    func jsonCarriesScikitLearnsNumbers(csv: String, expected: String) throws {
        let expectedReport = try ExpectedReport(expected)
        let evaluation = try FixtureCSV.load(csv)
        let report = EvaluationReport(
            metrics: EvaluationMetrics(evaluation: evaluation), thresholds: Thresholds(global: expectedReport.threshold))
        let text = ReportJSON.render(report)
        let ours = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        try compare(ours, expectedReport.json, path: "")
        // Folds in fold order (0, 1, …), as the slices list them (issue 10), not by first appearance.
        #expect((ours["fold_auc"] as? [String: Any])?["folds"] as? [String] == evaluation.fold?.values.sorted { Int($0)! < Int($1)! })
    }

    /// Every key of `expected` is in `actual` with an equal value (numbers within 1e-9).
    func compare(_ actual: Any?, _ expected: Any?, path: String) throws {
        switch expected {
        case let object as [String: Any]:
            let actualObject = try #require(actual as? [String: Any], "\(path) is not an object")
            for (key, value) in object { try compare(actualObject[key], value, path: path + "." + key) }
        case let array as [Any]:
            let actualArray = try #require(actual as? [Any], "\(path) is not an array")
            #expect(actualArray.count == array.count, "\(path)")
            for (index, pair) in zip(actualArray, array).enumerated() { try compare(pair.0, pair.1, path: "\(path)[\(index)]") }
        case is NSNull:
            #expect(actual is NSNull, "\(path) should be null")
        case let string as String:
            #expect(actual as? String == string, "\(path)")
        case let number as NSNumber:
            let actualNumber = try #require(actual as? NSNumber, "\(path) is not a number")
            #expect(abs(actualNumber.doubleValue - number.doubleValue) <= 1e-9, "\(path)")
        default:
            Issue.record("unexpected \(String(describing: expected)) at \(path)")
        }
    }

    @Test func undefinedValuesAreNullAndNumbersRoundTrip() throws {
        let evaluation = FixtureCSV.evaluation(
            concepts: ["a", "never \"quoted\"\n"], scores: [[0.1, 0.2], [0.30000000000000004, 0.2]], labels: [[0], []])
        let report = EvaluationReport(metrics: EvaluationMetrics(evaluation: evaluation), thresholds: Thresholds(global: 0.3))
        let text = ReportJSON.render(report)
        #expect(!text.contains("nan") && !text.contains("inf"))
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect(json["mode"] as? String == "multilabel")
        #expect(json["confusion"] is NSNull)
        let summary = json["summary"] as! [String: Any]
        #expect(summary["top1_accuracy"] is NSNull)
        // a: its one positive scores below its one negative; the other concept has no positives.
        #expect(summary["macro_auc"] as? Double == 0)
        #expect(summary["concepts_with_auc"] as? Int == 1)
        let rows = json["per_concept"] as! [[String: Any]]
        #expect(rows[1]["concept"] as? String == "never \"quoted\"\n")
        #expect(rows[1]["auc"] is NSNull && rows[1]["average_precision"] is NSNull)
        #expect(rows[0]["tp"] as? Int == 0 && rows[0]["fn"] as? Int == 1)
        // 0.30000000000000004 ≥ 0.3 is a positive prediction: the exact double survives.
        #expect(JSONText.number(0.30000000000000004) == "0.30000000000000004")
        #expect(JSONText.number(Double.nan) == "null" && JSONText.number(Double?.none) == "null")
        #expect(JSONText.string("a\u{1B}b") == "\"a\\u001bb\"")
    }
}

@Suite struct TextReportTests {
    func report(names: [String]) -> EvaluationReport {
        let evaluation = FixtureCSV.evaluation(
            concepts: names,
            scores: [[0.9, 0.1, 0.2], [0.2, 0.7, 0.1], [0.3, 0.4, 0.3], [0.1, 0.2, 0.8], [0.6, 0.3, 0.1]],
            labels: [[0], [1], [0], [2], [1]])
        return EvaluationReport(metrics: EvaluationMetrics(evaluation: evaluation), thresholds: Thresholds(global: 0.5))
    }

    @Test func columnsAlignByDisplayWidthWithCJKAndEmoji() {
        let text = TextReport.render(report(names: ["猫", "dog🐶", "é\u{301}x"]))
        let lines = text.split(separator: "\n").map(String.init)
        let tableStart = lines.firstIndex { $0.hasPrefix("Concept") }!
        let table = Array(lines[tableStart...])
        #expect(table.count == 4)
        // Every table line has the same display width, and each column ends at the same column.
        let widths = Set(table.map(DisplayWidth.of))
        #expect(widths.count == 1)
        let headerEnds = columnEnds(table[0])
        for line in table.dropFirst() { #expect(columnEnds(line) == headerEnds, "\(line)") }
    }

    /// Display columns where each space-separated field ends.
    func columnEnds(_ line: String) -> [Int] {
        var ends: [Int] = []
        var column = 0
        var previousWasSpace = true
        for character in line {
            let isSpace = character == " "
            if isSpace && !previousWasSpace { ends.append(column) }
            column += DisplayWidth.of(character)
            previousWasSpace = isSpace
        }
        if !previousWasSpace { ends.append(column) }
        return Array(ends.suffix(10))  // the numeric columns (names may contain spaces)
    }

    @Test func headerHasTheIssueColumns() {
        let text = TextReport.render(report(names: ["a", "b", "c"]))
        let header = text.split(separator: "\n").first { $0.hasPrefix("Concept") }!
        #expect(header.split(separator: " ").map(String.init) == TextReport.columns)
        #expect(text.contains("Top-1 accuracy"))
        #expect(text.contains("Macro AUC"))
    }

    @Test func namesAreEscaped() {
        let text = TextReport.render(report(names: ["\u{1B}]2;pwned\u{07}", "b\nc", "ok"]))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(text.contains("\\x1b]2;pwned\\x07"))
        #expect(text.contains("b\\nc"))
    }

    @Test func sortOrders() {
        let rows = report(names: ["b", "a", "c"]).rows
        let aucs = rows.map { $0.auc! }
        #expect(ReportSort.auc.sorted(rows).map { $0.auc! } == aucs.sorted())
        #expect(ReportSort.auc.sorted(rows, descending: true).map { $0.auc! } == aucs.sorted(by: >))
        #expect(ReportSort.name.sorted(rows).map(\.concept.name) == ["a", "b", "c"])
        #expect(ReportSort.name.sorted(rows, descending: true).map(\.concept.name) == ["c", "b", "a"])
        #expect(ReportSort.labeled.sorted(rows).map(\.counts.labeled) == rows.map(\.counts.labeled).sorted())
    }

    @Test func missingAUCSortsLastInBothDirections() {
        let evaluation = FixtureCSV.evaluation(
            concepts: ["none", "x", "y"], scores: [[0.1, 0.9, 0.2], [0.2, 0.3, 0.8], [0.3, 0.6, 0.5]], labels: [[1], [2], [1]],
            mode: .multilabel)
        let rows = EvaluationReport(metrics: EvaluationMetrics(evaluation: evaluation), thresholds: Thresholds(global: 0.5)).rows
        #expect(rows[0].auc == nil)
        #expect(ReportSort.auc.sorted(rows).last?.concept.name == "none")
        #expect(ReportSort.auc.sorted(rows, descending: true).last?.concept.name == "none")
        #expect(ReportSort.ap.sorted(rows).last?.concept.name == "none")
    }
}
