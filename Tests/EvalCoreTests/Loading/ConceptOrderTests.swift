import Foundation
import Testing
@testable import EvalCore

@Suite struct ConceptOrderTests {
    @Test func consistentListsGiveTheirCommonOrderEvenWhenTheFirstOmitsAConcept() {
        // First appearance says b, c, a; every list agrees with a, b, c.
        let order = ConceptOrder.merge(count: 3, sequences: [[0, 1], [2, 0], [2, 0, 1]])
        #expect(order == [2, 0, 1])
    }

    @Test func contradictoryListsFallBackToFirstAppearance() {
        // Lists sorted by score disagree with each other.
        #expect(ConceptOrder.merge(count: 3, sequences: [[0, 1, 2], [2, 1, 0]]) == [0, 1, 2])
    }

    @Test func unrelatedConceptsKeepFirstAppearance() {
        #expect(ConceptOrder.merge(count: 4, sequences: [[0], [1], [3, 2]]) == [0, 1, 3, 2])
    }

    @Test func clarifaiArgmaxTiesGoToTheColumnOrderOfTheLists() throws {
        // The first entry omits "cat" (a zero); the lists all read cat, dog. The second
        // entry ties cat and dog: top-1 must pick cat, the first column.
        let json = """
        {"eval_metrics":{"test_set":[
          {"input":{"id":"a"},"predicted_concepts":[{"id":"dog","name":"dog","value":0.9}],"ground_truth_concepts":[{"id":"dog","name":"dog"}]},
          {"input":{"id":"b"},"predicted_concepts":[{"id":"cat","name":"cat","value":0.5},{"id":"dog","name":"dog","value":0.5}],"ground_truth_concepts":[{"id":"cat","name":"cat"}]}
        ]}}
        """
        let evaluation = try EvaluationLoader.load(bytes: Array(json.utf8), name: "e.json")
        #expect(evaluation.concepts.map(\.name) == ["cat", "dog"])
        #expect(evaluation.score(input: 0, concept: 0) == 0)
        #expect(evaluation.labels(of: 0).map { evaluation.concepts[Int($0)].name } == ["dog"])
        let metrics = EvaluationMetrics(evaluation: evaluation)
        #expect(metrics.top1 == [1, 0])
        #expect(metrics.top1Accuracy == 1)
    }
}
