import Foundation
import Testing
@testable import EvalCore

/// Issue 13, format version 2: a summary's pair tables give the counts-at-threshold matrix and
/// multilabel `confused_with` at any threshold, equal to the file's; a version 1 summary (no
/// pair tables) is still read and says what it lacks.
@Suite struct SummaryPairTests {
    static func example(_ name: String) throws -> Evaluation { try SummaryDiagnosisTests.example(name) }

    static func text(_ summary: EvaluationSummary) -> String {
        var text = ""
        SummaryWriter.write(summary) { text += $0 }
        return text
    }

    static func read(_ text: String) throws -> EvaluationSummary {
        try SummaryReader.read(bytes: Array(text.utf8), name: "x.evalsum")
    }

    /// The summary as an older evaltop wrote it: version 1, no pair lines, the end line's count fixed.
    static func versionOne(_ text: String) -> String {
        var lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("{\"t\":\"pair\"") && !$0.hasPrefix("{\"t\":\"suspect") }
        lines[0] = lines[0].replacingOccurrences(of: "\"version\":5,", with: "\"version\":1,")
            .replacingOccurrences(of: ",\"suspects\":0", with: "").replacingOccurrences(of: ",\"count_thresholds\":[]", with: "")
        lines[lines.count - 1] = "{\"t\":\"end\",\"lines\":\(lines.count)}"
        return lines.joined(separator: "\n") + "\n"
    }

    /// Thresholds to check at: global ones (0, between scores, 1) and a score that occurs in
    /// the data (so that "≥" is tested at equality), and per-concept ones.
    static func thresholds(for evaluation: Evaluation) -> [Thresholds] {
        let score = evaluation.scores[evaluation.scores.count / 2]
        var overrides: [Int: Double] = [:]
        for concept in 0 ..< evaluation.conceptCount where concept % 2 == 0 {
            overrides[concept] = evaluation.scores[concept * 7 % evaluation.scores.count]
        }
        let perConcept = Thresholds(global: 0.5, perConcept: overrides)
        return [Thresholds(global: 0), Thresholds(global: 0.2), Thresholds(global: 0.5), Thresholds(global: score),
                Thresholds(global: 0.97), Thresholds(global: 1), perConcept]
    }

    /// Written and read back, the pair tables are the builder's, and the matrix from them
    /// equals the file's at every threshold, in both modes and with ties (digits' scores repeat).
    @Test(arguments: ["digits.csv", "digits_ml.csv", "animals.csv", "breast_cancer.csv"])
    func countsAtThresholdEqualTheFiles(name: String) throws {
        let evaluation = try Self.example(name)
        let built = SummaryBuilder.summary(of: evaluation, grid: .exact)
        let reread = try Self.read(Self.text(built))
        let pairs = try #require(built.pairTables)
        #expect(reread.pairTables == pairs)
        #expect(pairs.count == evaluation.conceptCount * (evaluation.conceptCount - 1))
        let file = EvaluationMetrics(evaluation: evaluation)
        let summary = SummaryMetrics(summary: reread)
        for thresholds in Self.thresholds(for: evaluation) {
            let counts = try #require(summary.countsAtThreshold(thresholds: thresholds))
            #expect(counts == file.countsAtThresholdCounts(thresholds: thresholds), "\(name) at \(thresholds.global)")
            #expect(counts.dense() == file.countsAtThresholdMatrix(thresholds: thresholds))
        }
    }

    /// With a grid, the matrix is the file's with its scores rounded to the grid.
    @Test func gridCountsEqualTheRoundedFiles() throws {
        let evaluation = try Self.example("digits_ml.csv")
        let summary = SummaryMetrics(summary: try Self.read(Self.text(SummaryBuilder.summary(of: evaluation, grid: .tenThousandth))))
        var csv = "input_id,labels," + evaluation.concepts.map(\.name).joined(separator: ",") + "\n"
        for input in 0 ..< evaluation.inputCount {
            let labels = evaluation.labels(of: input).map { evaluation.concepts[Int($0)].name }.joined(separator: ";")
            let scores = (0 ..< evaluation.conceptCount).map { "\(SummaryGrid.tenThousandth.cell(evaluation.scores[input * evaluation.conceptCount + $0]))" }
            csv += "\(evaluation.inputIDs[input]),\(labels),\(scores.joined(separator: ","))\n"
        }
        let rounded = EvaluationMetrics(evaluation: try EvaluationLoader.load(bytes: Array(csv.utf8), name: "rounded.csv"))
        for thresholds in [Thresholds(global: 0.5), Thresholds(global: 0.1234), Thresholds(global: 0.12345)] {
            #expect(summary.countsAtThreshold(thresholds: thresholds) == rounded.countsAtThresholdCounts(thresholds: thresholds))
        }
    }

    /// Multilabel `confused_with` (labelled A and not B, scoring ≥ B's threshold) from a summary
    /// equals the file's: the whole diagnosis is the file's at every threshold.
    @Test func multilabelDiagnosisEqualsTheFiles() throws {
        var judged = 0
        for name in ["digits_ml.csv", "animals.csv"] {
            var evaluation = try Self.example(name)
            if evaluation.mode == .exclusive { evaluation = try EvaluationLoader.load(path: evaluation.sourcePath, options: LoadOptions(mode: .multilabel)) }
            let file = EvaluationMetrics(evaluation: evaluation)
            let summary = try SummaryDiagnosisTests.summaryMetrics(of: evaluation)
            for threshold in [0.05, 0.2, 0.5, 0.9] {
                let a = SummaryDiagnosisTests.sections(file, threshold: threshold).diagnosis
                let b = SummaryDiagnosisTests.sections(summary, threshold: threshold).diagnosis
                #expect(DiagnosisJSON.render(b, concepts: summary.concepts) == DiagnosisJSON.render(a, concepts: file.concepts),
                        "\(name) at \(threshold)")
                #expect(b.summary == a.summary && !b.summary.contains("confusions not judged"))
                judged += a.concepts.reduce(0) { $0 + $1.advice.count { $0.kind == .confusedWith } }
            }
        }
        #expect(judged > 0, "some confused_with advice is compared")
    }

    /// A version 1 summary (no pair lines) is still read: every other number is there, the
    /// counts at the threshold are not, and multilabel confusions are not judged (and said so).
    @Test func versionOneIsStillRead() throws {
        let evaluation = try Self.example("digits_ml.csv")
        let current = Self.text(SummaryBuilder.summary(of: evaluation, grid: .exact))
        let old = try Self.read(Self.versionOne(current))
        #expect(old.pairTables == nil)
        let metrics = SummaryMetrics(summary: old)
        #expect(metrics.countsAtThreshold(thresholds: Thresholds(global: 0.5)) == nil)
        #expect(metrics.curves.map(\.auc) == EvaluationMetrics(evaluation: evaluation).curves.map(\.auc))
        let diagnosis = SummaryDiagnosisTests.sections(metrics, threshold: 0.5).diagnosis
        #expect(diagnosis.summary.contains("confusions not judged"))
    }

    /// Over 100 concepts a summary holds no pair tables (C² of them), as it holds no score sums.
    @Test func noPairTablesBeyondTheDenseLimit() throws {
        let c = SummaryFormat.maximumDenseConcepts + 1
        var csv = "input_id,labels," + (0 ..< c).map { "k\($0)" }.joined(separator: ",") + "\n"
        for i in 0 ..< 30 { csv += "x\(i),k\(i % c)," + (0 ..< c).map { "0.\(($0 + i) % 10)" }.joined(separator: ",") + "\n" }
        let summary = try Self.read(Self.text(SummaryBuilder.summary(of: try EvaluationLoader.load(bytes: Array(csv.utf8), name: "wide.csv"), grid: .exact)))
        #expect(summary.pairTables == nil)
        #expect(!Self.text(summary).contains("\"t\":\"pair\""))
    }

    /// Pair lines that do not add up, or out of place, are refused with the line.
    @Test func badPairLinesAreRefused() throws {
        let evaluation = try Self.example("digits_ml.csv")
        let text = Self.text(SummaryBuilder.summary(of: evaluation, grid: .exact))
        var lines = text.split(separator: "\n").map(String.init)
        let first = try #require(lines.firstIndex { $0.hasPrefix("{\"t\":\"pair\"") })
        func expectFailure(_ edited: [String], _ message: String) {
            do {
                _ = try Self.read(edited.joined(separator: "\n") + "\n")
                Issue.record("read a bad summary (\(message))")
            } catch let error as LoadError {
                #expect(error.description.contains(message), "\(error.description)")
            } catch { Issue.record("\(error)") }
        }
        // A pair line left out (the end line recounted): the table no longer counts every positive.
        var fewer = lines
        fewer.remove(at: first)
        fewer[fewer.count - 1] = "{\"t\":\"end\",\"lines\":\(fewer.count)}"
        // It points at the table's first line (the whole file shows the count wrong, not one line).
        expectFailure(fewer, "x.evalsum:\(first + 1): inconsistent summary: the pair table of even × odd counts")
        // More at a score than the concept's own table holds there.
        var more = lines
        more[first] = lines[first].replacingOccurrences(of: ",\"n\":1}", with: ",\"n\":1000}")
        expectFailure(more, "x.evalsum:\(first + 1): inconsistent summary: the pair (0, 1) counts")
        // A pair of a concept with itself.
        var diagonal = lines
        diagonal[first] = lines[first].replacingOccurrences(of: "\"r\":0,\"c\":1,", with: "\"r\":1,\"c\":1,")
        expectFailure(diagonal, "x.evalsum:\(first + 1): a pair of a concept with itself")
        // A pair line in a version 1 summary.
        var old = lines
        old[0] = lines[0].replacingOccurrences(of: "\"version\":5,", with: "\"version\":1,")
        expectFailure(old, "x.evalsum:\(first + 1): a pair line in a version 1 summary")
        // A pair line before the matrices.
        lines.swapAt(first, first - 1)
        expectFailure(lines, "x.evalsum:\(first + 1): a matrix line after the pair tables")
        // A version this evaltop does not read.
        var future = text.split(separator: "\n").map(String.init)
        future[0] = future[0].replacingOccurrences(of: "\"version\":5,", with: "\"version\":6,")
        expectFailure(future, "this summary is version 6 of the format; this evaltop reads versions 1 to 5")
    }
}
