import Foundation
import Testing
@testable import EvalCore

/// `evaltop compare` of two summaries (issue 13): concepts matched by name, pROC's unpaired
/// DeLong test per concept with Holm, and what a summary cannot tell left out. The numbers are
/// checked against pROC and scikit-learn by `scripts/check_compare_summaries.py`.
@Suite struct SummaryComparisonTests {
    typealias CLI = ThresholdsCommandLineTests
    static var built: Bool { CLI.binary != nil }

    static func metrics(_ name: String) throws -> SummaryMetrics {
        SummaryMetrics(summary: SummaryBuilder.summary(of: try SummaryTests.load(name), grid: .exact))
    }

    /// A summary of three concepts, each with the given score table.
    static func summary(_ names: [String], mode: EvaluationMode = .multilabel, tables: [ScoreTable]) -> SummaryMetrics {
        SummaryMetrics(summary: EvaluationSummary(
            source: "made.csv", inputs: tables.first?.inputCount ?? 0, mode: mode, grid: .exact,
            concepts: names.map { Concept(id: $0, name: $0) }, tables: tables, fold: nil, attributes: [],
            top1Correct: nil, confusion: nil, cooccurrence: nil, scoreSums: nil,
            labelledWithSize: names.map { _ in 0 }, labelledSmall: names.map { _ in 0 }, multiLabelled: names.map { _ in 0 }))
    }

    @Test func aSummaryAgainstItselfChangesNothing() throws {
        let digits = try Self.metrics("digits.csv")
        let comparison = try SummaryComparison(a: digits, b: digits)
        #expect(comparison.concepts.count == 10)
        for row in comparison.concepts {
            #expect(row.deltaAUC == 0)
            if row.aucA == 1 {
                // A perfect curve has no variance: pROC's D is 0/0 there, which evaltop leaves out.
                #expect(row.test?.statistic == nil && row.test?.pValue == nil)
            } else {
                #expect(row.test?.statistic == 0)
                #expect(row.test?.pValue == 1)
            }
            #expect(row.change() == .none)
        }
        #expect(comparison.macroAUCA == comparison.macroAUCB)
        #expect(comparison.significantlyBetter == 0 && comparison.significantlyWorse == 0)
    }

    @Test func conceptsAreMatchedByNameInAsOrder() throws {
        let a = UnpairedDeLongTests.a, b = UnpairedDeLongTests.b
        let comparison = try SummaryComparison(
            a: Self.summary(["dog", "cat", "狗"], tables: [a, b, a]),
            b: Self.summary(["狗", "bird", "dog"], tables: [b, a, a]))
        #expect(comparison.concepts.map(\.concept.name) == ["dog", "狗"])
        #expect(comparison.concepts.map(\.indexB) == [2, 0])
        #expect(comparison.conceptsOnlyInA == ["cat"] && comparison.conceptsOnlyInB == ["bird"])
        // dog: the same table on both sides; 狗: A's table a, B's table b (pROC's D 0.286…).
        #expect(comparison.concepts[0].test?.statistic == 0)
        #expect(abs((comparison.concepts[1].test?.statistic ?? 0) - 0.28612019572861158) < 1e-12)
        // Holm over the two p-values.
        let p = comparison.concepts.map { $0.test!.pValue! }
        #expect(comparison.concepts[1].pHolm == min(1, max(2 * p.min()!, p.max()!)))
    }

    @Test func modesMustAgreeAndSomeConceptMustBeShared() throws {
        let table = UnpairedDeLongTests.a
        #expect(throws: ComparisonError.self) {
            try SummaryComparison(a: Self.summary(["dog"], mode: .exclusive, tables: [table]), b: Self.summary(["dog"], tables: [table]))
        }
        #expect(throws: ComparisonError.self) {
            try SummaryComparison(a: Self.summary(["dog"], tables: [table]), b: Self.summary(["cat"], tables: [table]))
        }
    }

    @Test(.enabled(if: built)) func compareTakesSummariesAndAFileWithASummary() throws {
        let a = SummaryCommandLineTests.temporary("compare-a.evalsum")
        let b = SummaryCommandLineTests.temporary("compare-b.evalsum")
        defer { for path in [a, b] { try? FileManager.default.removeItem(atPath: path) } }
        let breast = FixtureCSV.url("breast_cancer.csv").path
        #expect(try CLI.run(["summarize", CLI.digits, a]).status == 0)
        #expect(try CLI.run(["summarize", CLI.digits, b, "--grid", "1e-4"]).status == 0)
        let summaries = try CLI.run(["compare", "--json", a, b])
        #expect(summaries.status == 0, "\(summaries.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(summaries.stdout.utf8)) as? [String: Any])
        #expect(document["test"] as? String == "delong_unpaired")
        #expect((document["per_concept"] as? [Any])?.count == 10)
        // A file against a summary: the file is summarized on the summary's grid first.
        let mixed = try CLI.run(["compare", "--json", a, CLI.digits])
        let same = try CLI.run(["compare", "--json", a, a])
        let perConcept = { (text: String) in text.components(separatedBy: "\"per_concept\"").last }
        #expect(mixed.status == 0 && perConcept(mixed.stdout) == perConcept(same.stdout))
        let text = try CLI.run(["compare", a, b])
        #expect(text.stdout.contains("Unpaired test") && text.stdout.contains("  D  "))
        // A summary of another mode, and a truncated summary, are errors with status 1.
        let other = SummaryCommandLineTests.temporary("compare-ml.evalsum")
        defer { try? FileManager.default.removeItem(atPath: other) }
        #expect(try CLI.run(["summarize", breast, other, "--mode", "multilabel"]).status == 0)
        let modes = try CLI.run(["compare", a, other])
        #expect(modes.status == 1 && modes.stderr.contains("exclusive") && modes.stderr.contains("multilabel"))
        let full = try String(contentsOfFile: b, encoding: .utf8)
        try String(full.prefix(3000)).write(toFile: b, atomically: true, encoding: .utf8)
        let truncated = try CLI.run(["compare", a, b])
        #expect(truncated.status == 1 && truncated.stderr.contains(b) && truncated.stderr.contains("truncated"), "\(truncated.stderr)")
    }
}
