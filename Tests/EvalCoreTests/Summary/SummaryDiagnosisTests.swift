import Foundation
import Testing
@testable import EvalCore

/// Issue 13: the diagnosis and the slices of a summary, through the same `EvaluationAggregates`
/// the file's go through, equal the file's (before suspects are ranked, which need the inputs).
@Suite struct SummaryDiagnosisTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func example(_ name: String) throws -> Evaluation {
        try EvaluationLoader.load(path: repositoryRoot.appendingPathComponent("Examples/\(name)").path)
    }

    /// The summary as written and read back, as `evaltop SUMMARY` opens it.
    static func summaryMetrics(of evaluation: Evaluation, grid: SummaryGrid = .exact) throws -> SummaryMetrics {
        var text = ""
        SummaryWriter.write(SummaryBuilder.summary(of: evaluation, grid: grid)) { text += $0 }
        return SummaryMetrics(summary: try SummaryReader.read(bytes: Array(text.utf8), name: "x.evalsum"))
    }

    static func sections(_ metrics: any EvaluationAggregates, threshold: Double) -> ReportSections {
        ReportSections(metrics: metrics, thresholds: Thresholds(global: threshold), foldAUC: metrics.foldAUC())
    }

    /// Exclusive examples, with folds, `meta:` attributes and image sizes (animals) and without.
    @Test(arguments: ["animals.csv", "digits.csv", "breast_cancer.csv"])
    func exclusiveDiagnosisEqualsTheFiles(name: String) throws {
        let evaluation = try Self.example(name)
        let fromFile = EvaluationMetrics(evaluation: evaluation)
        let fromSummary = try Self.summaryMetrics(of: evaluation)
        for threshold in [0.2, 0.5, 0.9] {
            let file = Self.sections(fromFile, threshold: threshold)
            let summary = Self.sections(fromSummary, threshold: threshold)
            #expect(DiagnosisJSON.render(summary.diagnosis, concepts: summary.concepts)
                == DiagnosisJSON.render(file.diagnosis, concepts: file.concepts))
            #expect(summary.diagnosis.summary == file.diagnosis.summary)
        }
    }

    /// Every attribute value's inputs and per-concept curves equal the file's; only the order of
    /// a `meta:` attribute's values differs (first appearance in the file; sorted in a summary).
    @Test func slicesEqualTheFilesValueByValue() throws {
        let evaluation = try Self.example("animals.csv")
        let file = EvaluationMetrics(evaluation: evaluation).slices()
        let summary = try Self.summaryMetrics(of: evaluation).slices()
        #expect(summary.attributes.map(\.name) == file.attributes.map(\.name))
        #expect(summary.attributes.map(\.isFold) == file.attributes.map(\.isFold))
        let thresholds = Thresholds(global: 0.5)
        for (a, b) in zip(file.attributes, summary.attributes) {
            #expect(Set(a.values.map(\.value)) == Set(b.values.map(\.value)))
            if a.isFold { #expect(a.values.map(\.value) == b.values.map(\.value)) }
            for value in a.values {
                let other = try #require(b.values.first { $0.value == value.value })
                #expect(other.inputs == value.inputs)
                #expect(other.conceptAUC == value.conceptAUC)
                #expect(other.macroAUC == value.macroAUC)
                #expect(other.macroMetrics(thresholds: thresholds)?.f1 == value.macroMetrics(thresholds: thresholds)?.f1)
            }
            #expect(a.macroAUCGap?.gap == b.macroAUCGap?.gap)
            #expect(a.macroAUCGap?.highValue == b.macroAUCGap?.highValue)
            #expect(a.conceptAUCGaps.map(\.gap.gap) == b.conceptAUCGaps.map(\.gap.gap))
        }
    }

    /// A version 1 multilabel summary holds no per-pair counts of one concept's labels against
    /// another's scores: `confused_with` is not judged, and the summary line says so. Everything
    /// else is the file's. (Version 2 judges them: `SummaryPairTests`.)
    @Test func versionOneMultilabelSummaryLeavesConfusionsOutAndSaysSo() throws {
        let evaluation = try Self.example("digits_ml.csv")
        let file = Self.sections(EvaluationMetrics(evaluation: evaluation), threshold: 0.5).diagnosis
        var text = ""
        SummaryWriter.write(SummaryBuilder.summary(of: evaluation, grid: .exact)) { text += $0 }
        let old = SummaryMetrics(summary: try SummaryReader.read(bytes: Array(SummaryPairTests.versionOne(text).utf8), name: "x.evalsum"))
        let summary = Self.sections(old, threshold: 0.5).diagnosis
        #expect(summary.summary.contains("confusions not judged (this multilabel summary holds no per-pair counts"))
        #expect(summary.verdict == file.verdict)
        for (a, b) in zip(file.concepts, summary.concepts) {
            #expect(a.strength == b.strength)
            #expect(a.auc == b.auc && a.bestF1 == b.bestF1 && a.f1 == b.f1)
            #expect(a.advice.filter { $0.kind != .confusedWith }.map(\.kind) == b.advice.map(\.kind))
        }
    }

    /// The mean-score matrix from the stored sums equals the file's, bit for bit.
    @Test(arguments: ["digits.csv", "digits_ml.csv"])
    func meanScoresEqualTheFiles(name: String) throws {
        let evaluation = try Self.example(name)
        let file = try #require(EvaluationMetrics(evaluation: evaluation).meanScores())
        let summary = try #require(try Self.summaryMetrics(of: evaluation).meanScores())
        #expect(summary.count == file.count)
        for (a, b) in zip(file, summary) {
            #expect(zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        }
    }

    /// An attribute with more values than the slices break down (an id, probably) is skipped with
    /// the same reason as on the file.
    @Test func manyValuedAttributeIsSkippedAsOnTheFile() throws {
        var csv = "input_id,meta:serial,labels,a,b\n"
        for i in 0 ..< 250 { csv += "x\(i),s\(i),\(i % 2 == 0 ? "a" : "b"),0.\(i % 10),0.\((i + 3) % 10)\n" }
        let evaluation = try EvaluationLoader.load(bytes: Array(csv.utf8), name: "serial.csv")
        let file = EvaluationMetrics(evaluation: evaluation).slices().attributes
        let summary = try Self.summaryMetrics(of: evaluation).slices().attributes
        #expect(file.count == 1 && summary.count == 1)
        #expect(summary[0].skippedReason != nil && summary[0].skippedReason == file[0].skippedReason)
        #expect(summary[0].values.isEmpty)
    }
}
