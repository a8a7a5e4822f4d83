import Foundation
import Testing
@testable import EvalCore

/// Issue 13: a summary gives the report of the file it summarises (exactly with the exact grid,
/// the rounded scores' with a grid, within the bound it states), survives its own writer and
/// reader, and a bad summary is an error naming the file and line.
@Suite struct SummaryTests {
    static func load(_ name: String) throws -> Evaluation {
        try EvaluationLoader.load(path: FixtureCSV.url(name).path)
    }

    static func text(_ summary: EvaluationSummary) -> String {
        var text = ""
        SummaryWriter.write(summary) { text += $0 }
        return text
    }

    static func reread(_ summary: EvaluationSummary, name: String = "test.evalsum") throws -> EvaluationSummary {
        try SummaryReader.read(bytes: Array(text(summary).utf8), name: name)
    }

    static func expectSameReport(_ evaluation: Evaluation, _ summary: EvaluationSummary, threshold: Double = 0.5) {
        let thresholds = Thresholds(global: threshold)
        let fromFile = EvaluationReport(metrics: EvaluationMetrics(evaluation: evaluation), thresholds: thresholds)
        let fromSummary = EvaluationReport(summary: SummaryMetrics(summary: summary), thresholds: thresholds)
        #expect(fromSummary.inputs == fromFile.inputs)
        #expect(fromSummary.mode == fromFile.mode)
        #expect(fromSummary.rows == fromFile.rows)
        #expect(fromSummary.summary == fromFile.summary)
        #expect(fromSummary.confusion == fromFile.confusion)
        #expect(fromSummary.foldAUC == fromFile.foldAUC)
    }

    @Test(arguments: ["digits.csv", "digits_ml.csv", "breast_cancer.csv", "breast_cancer.clarifai.json"])
    func exactSummaryGivesTheFilesReport(name: String) throws {
        let evaluation = try Self.load(name)
        let summary = try Self.reread(SummaryBuilder.summary(of: evaluation, grid: .exact))
        #expect(summary.aucErrorBound == 0)
        for threshold in [0.0, 0.3, 0.5, 0.97, 1.0] { Self.expectSameReport(evaluation, summary, threshold: threshold) }
        // The curves themselves, distinct score by distinct score.
        let metrics = EvaluationMetrics(evaluation: evaluation)
        let curves = SummaryMetrics(summary: summary).curves
        for (a, b) in zip(metrics.curves, curves) {
            #expect(a.thresholds == b.thresholds)
            #expect(a.cumulativeTP == b.cumulativeTP && a.cumulativeFP == b.cumulativeFP)
        }
        // Thresholds chosen on the summary are the file's.
        for strategy in [ThresholdStrategy.maxF1, .youden] {
            #expect(curves.enumerated().map { strategy.suggestion(for: $1, concept: $0) } == strategy.suggestions(metrics: metrics))
        }
    }

    @Test func writerAndReaderRoundTripEveryField() throws {
        let evaluation = try Self.load("digits_ml.csv")
        let summary = SummaryBuilder.summary(of: evaluation, grid: .exact)
        let again = try Self.reread(summary)
        #expect(Self.text(again) == Self.text(summary))
        #expect(again.tables == summary.tables)
        #expect(again.cooccurrence == summary.cooccurrence && again.confusion == nil && again.top1Correct == nil)
        #expect(again.fold?.values == ["0", "1", "2", "3", "4"])
    }

    @Test func gridGivesTheRoundedScoresReportWithinTheStatedBound() throws {
        let evaluation = try Self.load("digits.csv")
        for grid in [SummaryGrid.micro, .tenThousandth] {
            let summary = try Self.reread(SummaryBuilder.summary(of: evaluation, grid: grid))
            let rounded = Evaluation(
                sourcePath: evaluation.sourcePath, format: evaluation.format, mode: evaluation.mode,
                concepts: evaluation.concepts, inputIDs: evaluation.inputIDs, scores: evaluation.scores.map(grid.cell),
                labelOffsets: evaluation.labelOffsets, labelConcepts: evaluation.labelConcepts, fold: evaluation.fold)
            Self.expectSameReport(rounded, summary)
            let exact = EvaluationMetrics(evaluation: evaluation).curves
            let gridded = SummaryMetrics(summary: summary).curves
            for (a, b) in zip(exact, gridded) {
                #expect(abs(a.auc! - b.auc!) <= summary.aucErrorBound + 1e-15)
            }
            #expect(summary.tables.allSatisfy { $0.scores.count <= (grid == .micro ? 1_000_001 : 10_001) })
        }
        #expect(SummaryGrid.tenThousandth.cell(0.12345) == 0.1235 || SummaryGrid.tenThousandth.cell(0.12345) == 0.1234)
        #expect(SummaryGrid.tenThousandth.cell(0.00005) == 0.0001)
        #expect(SummaryGrid.micro.cell(-0.0).sign == .plus)
    }

    @Test func slicesAndSizesAreCounted() throws {
        let csv = """
            input_id,fold,width,height,meta:camera,labels,cat,dog
            a,1,100,800,x,cat,0.9,0.1
            b,0,800,800,y,dog,0.2,0.7
            c,1,,,x,cat,0.4,0.4
            d,10,600,300,,dog,0.3,0.6

            """
        let evaluation = try EvaluationLoader.load(bytes: Array(csv.utf8), name: "s.csv")
        let summary = try Self.reread(SummaryBuilder.summary(of: evaluation, grid: .exact))
        #expect(summary.fold?.values == ["0", "1", "10"])  // numbers in numeric order
        #expect(summary.fold?.sizes == [1, 2, 1])
        #expect(summary.attributes.first?.values == ["x", "y"])
        #expect(summary.attributes.first?.sizes == [2, 1])
        #expect(summary.labelledWithSize == [1, 2])
        #expect(summary.labelledSmall == [1, 1])
        #expect(summary.top1Correct == 4)  // c ties 0.4/0.4: the first concept, cat
        #expect(summary.scoreSums?[0 * 2 + 1] == 0.5)  // dog's scores over the cats: 0.1 + 0.4
    }

    // MARK: bad summaries

    static func failure(_ text: String) -> LoadError? {
        do {
            _ = try SummaryReader.read(bytes: Array(text.utf8), name: "bad.evalsum")
            return nil
        } catch let error as LoadError {
            return error
        } catch {
            return nil
        }
    }

    static func digitsText() throws -> String {
        text(SummaryBuilder.summary(of: try load("digits.csv"), grid: .exact))
    }

    @Test func truncatedSummariesAreErrors() throws {
        let text = try Self.digitsText()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // Cut at a line end: no end line.
        let cut = lines.prefix(500).joined(separator: "\n") + "\n"
        let error = try #require(Self.failure(cut))
        #expect(error.path == "bad.evalsum" && error.line == 500)
        #expect(error.message.contains("truncated"))
        // Cut inside a line.
        let torn = try #require(Self.failure(String(text.prefix(text.utf8.count / 2))))
        #expect(torn.message.contains("truncated") && torn.line != nil)
        // Lines lost in the middle: the end line's count says so.
        let lost = lines.prefix(10).joined(separator: "\n") + "\n" + lines.dropFirst(11).joined(separator: "\n")
        #expect(Self.failure(lost) != nil)
        #expect(Self.failure("")?.message.contains("empty") == true)
    }

    @Test func otherVersionsAndOtherFilesAreErrors() throws {
        let text = try Self.digitsText()
        let newer = text.replacingOccurrences(of: "\"version\":5,", with: "\"version\":6,")
        let error = try #require(Self.failure(newer))
        #expect(error.line == 1 && error.message.contains("version 6") && error.message.contains("reads versions 1 to 5"))
        #expect(Self.failure("input_id,labels,cat\n")?.line == 1)
        #expect(Self.failure("{\"input_id\":\"a\"}\n")?.message.contains("not an evaltop summary") == true)
    }

    @Test func inconsistentCountsAreErrors() throws {
        let text = try Self.digitsText()
        var lines = text.split(separator: "\n").map(String.init)
        // One more negative at one score: the concept's table no longer adds up to the inputs.
        let index = try #require(lines.firstIndex { $0.hasPrefix("{\"t\":\"score\",\"c\":3,") })
        lines[index] = lines[index].replacingOccurrences(of: "\"n\":", with: "\"n\":1")
        let error = try #require(Self.failure(lines.joined(separator: "\n") + "\n"))
        #expect(error.message.contains("inconsistent") && error.message.contains("three"))
        // A count that only the whole file shows to be wrong still points at a line: the
        // table's first (the fuzz target `summary` requires a line on every error).
        let tableStart = try #require(lines.firstIndex { $0.hasPrefix("{\"t\":\"score\",\"c\":3,") })
        #expect(error.line == tableStart + 1)
        // Scores out of order within a table.
        var swapped = text.split(separator: "\n").map(String.init)
        swapped.swapAt(index, index + 1)
        let order = try #require(Self.failure(swapped.joined(separator: "\n") + "\n"))
        #expect(order.line == index + 2 && order.message.contains("descending"))
        // A confusion row that does not match the positives.
        var confusion = text.split(separator: "\n").map(String.init)
        let cell = try #require(confusion.firstIndex { $0.hasPrefix("{\"t\":\"confusion\"") })
        confusion[cell] = confusion[cell].replacingOccurrences(of: "\"n\":", with: "\"n\":9")
        let row = try #require(Self.failure(confusion.joined(separator: "\n") + "\n"))
        #expect(row.message.contains("confusion row") && row.line == cell + 1)
        // A table index beyond the concepts.
        let beyond = text.replacingOccurrences(of: "{\"t\":\"score\",\"c\":9,", with: "{\"t\":\"score\",\"c\":10,")
        #expect(Self.failure(beyond)?.message.contains("there are only 10") == true)
    }
}
