import EvalCore
import Foundation
import Testing
@testable import EvalTUI

/// The index behind the matrix's counts view must give exactly the direct computation.
@Suite struct CountsMatrixIndexTests {
    static let thresholds: [Thresholds] = {
        var list = [0.0, 0.01, 0.3, 0.5, 0.5303, 0.99, 1.0, 1.5].map { Thresholds(global: $0) }
        var mixed = Thresholds(global: 0.4)
        mixed.perConcept[0] = 0.9
        mixed.perConcept[2] = 0.05
        list.append(mixed)
        return list
    }()

    static func check(_ evaluation: Evaluation) {
        let metrics = EvaluationMetrics(evaluation: evaluation)
        let index = CountsMatrixIndex(metrics: metrics)
        for thresholds in thresholds {
            #expect(index.counts(thresholds: thresholds) == metrics.countsAtThresholdMatrix(thresholds: thresholds),
                    "at \(thresholds)")
        }
    }

    @Test func matchesTheDirectCountsOnTheExamples() throws {
        Self.check(try EvaluationLoader.loadBundledExample())
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        Self.check(try EvaluationLoader.load(path: root.appendingPathComponent("Examples/digits_ml.csv").path))
    }

    /// Scores on a coarse grid, so that ties and scores equal to the threshold are common;
    /// some inputs carry no label and some several.
    @Test func matchesTheDirectCountsWithTiesAndEmptyRows() throws {
        var generator = SplitMix64(seed: 7)
        var csv = "input_id,labels,a,b,c,d\n"
        for input in 0 ..< 400 {
            let labelCount = Int(generator.next() % 3)
            let labels = ["a", "b", "c", "d"].shuffled(using: &generator).prefix(labelCount).joined(separator: ";")
            let scores = (0 ..< 4).map { _ in String(format: "%.1f", Double(generator.next() % 11) / 10) }
            csv += "i\(input),\(labels)," + scores.joined(separator: ",") + "\n"
        }
        Self.check(try EvaluationLoader.load(bytes: Array(csv.utf8), name: "ties.csv",
                                             options: LoadOptions(format: nil, mode: .multilabel)))
    }
}

