import Foundation
import Testing
@testable import EvalCore

/// Taxonomies of tens of thousands of concepts (issue 12, item 1): nothing may allocate
/// concepts × concepts. Before the sparse matrices, the diagnosis allocated a dense C × C
/// count buffer: 40 GB for the one-row, 100,000-concept file below, an abort.
@Suite struct WideTaxonomyTests {
    /// A wide CSV with `concepts` columns; input i is labelled concept (i * 7919) % C and scores
    /// it 0.9, with small scores elsewhere (and a second, confusing concept at 0.6 for odd i).
    static func wideCSV(inputs: Int, concepts: Int) -> [UInt8] {
        var text = "input_id,labels," + (0 ..< concepts).map { "c\($0)" }.joined(separator: ",") + "\n"
        for input in 0 ..< inputs {
            let label = (input * 7919) % concepts
            let confusing = (label + 1) % concepts
            let scores = (0 ..< concepts).map { concept -> String in
                if concept == label { return input % 3 == 0 ? "0.3" : "0.9" }
                if concept == confusing && input % 2 == 1 { return "0.6" }
                return "0.001"
            }
            text += "i\(input),c\(label)," + scores.joined(separator: ",") + "\n"
        }
        return Array(text.utf8)
    }

    @Test func oneRowOfAHundredThousandConceptsReportsEverything() throws {
        let evaluation = try EvaluationLoader.load(bytes: Self.wideCSV(inputs: 1, concepts: 100_000), name: "wide.csv")
        let metrics = EvaluationMetrics(evaluation: evaluation)
        #expect(!metrics.denseMatricesFit)
        let report = EvaluationReport(metrics: metrics, thresholds: Thresholds(global: 0.5), includeFolds: false)
        let diagnosis = Diagnoser.diagnose(metrics: metrics, thresholds: Thresholds(global: 0.5),
                                           suspectCounts: SuspectFinder.confidentSuspectCounts(in: evaluation))
        #expect(report.rows.count == 100_000)
        #expect(diagnosis.concepts.count == 100_000)
        let confusion = try #require(report.confusion)
        #expect(confusion.nonZeroCount == 1)
        #expect(confusion[0, 0] == 1)
        #expect(SuspectFinder.find(in: evaluation).confidentJoint?.total == 1)
    }

    /// Above the dense limit the report, the diagnosis's confusions and the confident joint
    /// come from the sparse cells and agree with a direct count.
    @Test func sparseMatricesAgreeWithADirectCount() throws {
        let concepts = 2_100  // just above MatrixLimits (2,048 concepts)
        let evaluation = try EvaluationLoader.load(bytes: Self.wideCSV(inputs: 600, concepts: concepts), name: "wide.csv")
        let metrics = EvaluationMetrics(evaluation: evaluation)
        #expect(!metrics.denseMatricesFit)
        let confusion = try #require(metrics.confusionCounts())
        var expected: [Int: Int] = [:]
        for input in 0 ..< evaluation.inputCount {
            expected[Int(evaluation.labels(of: input).first!) * concepts + Int(metrics.top1[input]), default: 0] += 1
        }
        #expect(confusion.nonZeroCount == expected.count)
        for (key, count) in expected { #expect(confusion[key / concepts, key % concepts] == count) }
        #expect(confusion.total == evaluation.inputCount)
        let report = EvaluationReport(metrics: metrics, thresholds: Thresholds(global: 0.5), includeFolds: false)
        let json = try JSONSerialization.jsonObject(with: Data(ReportJSON.render(report).utf8)) as! [String: Any]
        let section = try #require(json["confusion"] as? [String: Any])
        #expect(section["matrix"] is NSNull)
        #expect((section["omitted"] as? String)?.contains("2100 concepts") == true)
        let cells = try #require(section["cells"] as? [[Int]])
        #expect(cells.count == expected.count)
        for cell in cells { #expect(expected[cell[0] * concepts + cell[1]] == cell[2]) }

        // Odd inputs labelled 0.3 on their concept are predicted as the next one: 1 in 6 of
        // each concept's inputs, above the confusion cut-off only where it reaches 10%.
        let diagnosis = Diagnoser.diagnose(metrics: metrics, thresholds: Thresholds(global: 0.5))
        for concept in diagnosis.concepts {
            for advice in concept.advice where advice.kind == .confusedWith {
                let other = try #require(advice.other)
                let outward = metrics.curves[concept.concept].positives > 0
                    ? Double(confusion[concept.concept, other]) / Double(metrics.curves[concept.concept].positives) : 0
                let inward = metrics.curves[other].positives > 0
                    ? Double(confusion[other, concept.concept]) / Double(metrics.curves[other].positives) : 0
                #expect(max(outward, inward) >= DiagnosisRules.confusionMinimumShare)
            }
        }
        #expect(diagnosis.concepts.contains { $0.advice.contains { $0.kind == .confusedWith } })
    }

    @Test func denseAndSparseAccumulatorsCountAlike() {
        var dense = ConceptPairAccumulator(conceptCount: 7, dense: true)
        var sparse = ConceptPairAccumulator(conceptCount: 7, dense: false)
        var rng = SplitMix64(seed: 3)
        for _ in 0 ..< 500 {
            let row = Int(rng.next() % 7), column = Int(rng.next() % 7)
            dense.add(row: row, column: column)
            sparse.add(row: row, column: column)
        }
        let a = dense.freeze(), b = sparse.freeze()
        #expect(a == b)
        #expect(a.total == 500)
        for row in 0 ..< 7 {
            #expect(a.row(row).map(\.count).reduce(0, +) == a.dense()[row].reduce(0, +))
            #expect(a.column(row).map(\.count).reduce(0, +) == a.dense().map { $0[row] }.reduce(0, +))
        }
        #expect(a.offDiagonalTotal == 500 - (0 ..< 7).map { a[$0, $0] }.reduce(0, +))
    }
}
