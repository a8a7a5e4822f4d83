import Foundation
import Testing
@testable import EvalCore

/// Counts up to the reader's 9e15 in a summary that do not add up are errors with their line,
/// never an overflow or a trap: the `summary` fuzz target found an at line read after a table
/// whose counts passed 32 bits (the counts-at curves are built as the at lines come, before the
/// end checks the tables' totals).
@Suite struct SummaryHugeCountsTests {
    static let huge = "8999999999999999"

    /// A multilabel summary without pair tables but with at lines, and suspects.
    static func lines() throws -> [String] {
        let evaluation = try SummaryPairTests.example("digits_ml.csv")
        let set = SummaryThresholdSet(name: "0.5", thresholds: Thresholds(global: 0.5))
        let summary = try SummaryBuilder.summary(of: evaluation, grid: .exact,
                                                 rows: SummaryRowOptions(extremes: 1, sample: 0, suspects: 5, pairLines: 0),
                                                 countThresholds: [set])
        return SummaryTests.text(summary).split(separator: "\n").map(String.init)
    }

    static func read(_ lines: [String]) -> LoadError? {
        do {
            _ = try SummaryReader.read(bytes: Array((lines.joined(separator: "\n") + "\n").utf8), name: "huge.evalsum")
            return nil
        } catch let error as LoadError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    static func replacing(_ line: String, _ pattern: String, _ replacement: String) -> String {
        let range = line.range(of: pattern, options: .regularExpression)!
        return line.replacingCharacters(in: range, with: replacement)
    }

    @Test func aTableLineWithAHugeCountIsAnErrorAtItsLine() throws {
        var lines = try Self.lines()
        #expect(lines.contains { $0.hasPrefix("{\"t\":\"at\"") })
        let index = try #require(lines.firstIndex { $0.hasPrefix("{\"t\":\"score\"") })
        lines[index] = Self.replacing(lines[index], "\"p\":[0-9]+", "\"p\":\(Self.huge)")
        let error = try #require(Self.read(lines))
        #expect(error.line == index + 1)
        #expect(error.message.contains("table counts 90000000000") && error.message.contains("the header says"), "\(error.message)")
    }

    /// Every table line of a kind made huge: an error at the first table's first line.
    @Test(arguments: ["score", "fold"])
    func hugeLinesEverywhereAreAnErrorAtTheFirstTable(kind: String) throws {
        var lines = try Self.lines()
        let first = try #require(lines.firstIndex { $0.hasPrefix("{\"t\":\"\(kind)\"") })
        for index in lines.indices where lines[index].hasPrefix("{\"t\":\"\(kind)\"") {
            lines[index] = Self.replacing(lines[index], "\"n\":[0-9]+", "\"n\":\(Self.huge)")
        }
        let error = try #require(Self.read(lines))
        #expect(error.line == first + 1)
    }

    /// A table may have any number of lines below 9e15 each: their sum stays at `Int.max`.
    @Test func sumsOfCountsSaturate() {
        #expect(SaturatingCount.sum(Int.max - 1, 5) == Int.max)
        #expect(SaturatingCount.sum(Int.max, 8_999_999_999_999_999) == Int.max)
        #expect(SaturatingCount.sum(2, 3) == 5)
        #expect(SaturatingCount.text(Int.max).hasPrefix("more than"))
    }

    @Test func moreInputsThanThirtyTwoBitsHoldIsRefusedAtTheHeader() throws {
        var lines = try Self.lines()
        lines[0] = Self.replacing(lines[0], "\"inputs\":[0-9]+", "\"inputs\":3000000000")
        let error = try #require(Self.read(lines))
        #expect(error.line == 1)
        #expect(error.message.contains("at most 2147483647 inputs"))
    }

    @Test func aHugeMatrixCellOrSuspectCountIsAnError() throws {
        let lines = try Self.lines()
        let cell = try #require(lines.firstIndex { $0.hasPrefix("{\"t\":\"cooccurrence\"") })
        var edited = lines
        edited[cell] = Self.replacing(lines[cell], "\"n\":[0-9]+", "\"n\":\(Self.huge)")
        #expect(Self.read(edited)?.line == cell + 1)
        let suspects = try #require(lines.firstIndex { $0.hasPrefix("{\"t\":\"suspects\"") })
        edited = lines
        edited[suspects] = Self.replacing(lines[suspects], "\"counts\":\\[[0-9]+", "\"counts\":[\(Self.huge)")
        #expect(Self.read(edited)?.line == suspects + 1)
    }
}
