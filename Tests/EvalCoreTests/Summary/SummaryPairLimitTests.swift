import Foundation
import Testing
@testable import EvalCore

/// `--pairs auto|off|N`: past the limit a summary holds no pair tables, says so in its header
/// (`pair_tables` false), is read back that way, refuses a pair line then, and the matrix says why
/// its counts view is missing.
@Suite struct SummaryPairLimitTests {
    static func summary(pairLines: Int) throws -> EvaluationSummary {
        let evaluation = try SummaryTests.load("digits_ml.csv")
        return SummaryBuilder.summary(of: evaluation, grid: .exact, rows: SummaryRowOptions(extremes: 0, sample: 0, pairLines: pairLines))
    }

    @Test func theLimitParses() {
        #expect(SummaryPairLimit.parse("auto") == SummaryPairLimit.automatic)
        #expect(SummaryPairLimit.parse("off") == 0)
        #expect(SummaryPairLimit.parse("1200") == 1_200)
        #expect(SummaryPairLimit.parse("-1") == nil && SummaryPairLimit.parse("many") == nil)
    }

    @Test func underTheLimitThePairsAreKeptOverItNone() throws {
        let full = try Self.summary(pairLines: SummaryPairLimit.automatic)
        let lines = try #require(full.pairTables).values.reduce(0) { $0 + $1.scores.count }
        #expect(lines > 1_000)
        // Exactly at the limit: kept; one line fewer allowed: left out.
        let atLimit = try SummaryTests.reread(try Self.summary(pairLines: lines))
        #expect(atLimit.pairTables == full.pairTables && !atLimit.pairsLeftOut)
        for limit in [lines - 1, 0] {
            let cut = try Self.summary(pairLines: limit)
            #expect(cut.pairTables == nil && cut.pairsLeftOut)
            let text = SummaryTests.text(cut)
            #expect(text.contains("\"pair_tables\":false") && !text.contains("\"t\":\"pair\""))
            let again = try SummaryTests.reread(cut)
            #expect(again.pairTables == nil && again.pairsLeftOut)
            // Every other number is still the file's.
            #expect(again.tables == full.tables && again.cooccurrence == full.cooccurrence)
        }
    }

    @Test func aPairLineInASummaryWithoutPairTablesIsAnError() throws {
        var lines = SummaryTests.text(try Self.summary(pairLines: SummaryPairLimit.automatic)).split(separator: "\n").map(String.init)
        lines[0] = lines[0].replacingOccurrences(of: "\"pair_tables\":true", with: "\"pair_tables\":false")
        let first = try #require(lines.firstIndex { $0.hasPrefix("{\"t\":\"pair\"") })
        do {
            _ = try SummaryReader.read(bytes: Array((lines.joined(separator: "\n") + "\n").utf8), name: "p.evalsum")
            Issue.record("read a pair line the header says is not there")
        } catch let error as LoadError {
            #expect(error.line == first + 1 && error.description.contains("\"pair_tables\": false"), "\(error.description)")
        }
    }
}
