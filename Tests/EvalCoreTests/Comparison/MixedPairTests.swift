import Testing
@testable import EvalCore

/// A Clarifai document compared with a file of another format: concepts are matched by name
/// (a wide, long or JSON Lines file has no concept ids of Clarifai's kind), inputs by id.
@Suite struct MixedPairTests {
    typealias F = LoadingFixtures

    @Test func clarifaiAgainstWideCSVMatchesConceptsByName() throws {
        let clarifai = try EvaluationLoader.load(path: F.fixturePath("breast_cancer.clarifai.json"))
        let wide = try EvaluationLoader.load(path: F.fixturePath("breast_cancer.csv"))
        // The ids differ ("c00-malignant" against "malignant"): only the names can match them.
        #expect(Set(clarifai.concepts.map(\.id)).isDisjoint(with: wide.concepts.map(\.id)))
        for (a, b) in [(clarifai, wide), (wide, clarifai)] {
            let comparison = try Comparison.compare(a, b)
            let pair = comparison.pair
            #expect(pair.matchedInputs == wide.inputCount)
            #expect(pair.inputsOnlyInA.isEmpty && pair.inputsOnlyInB.isEmpty)
            #expect(pair.conceptsOnlyInA.isEmpty && pair.conceptsOnlyInB.isEmpty)
            #expect(pair.labelMismatches == 0)
            #expect(comparison.concepts.map(\.concept.name) == a.concepts.map(\.name))
            // Each side's AUC is that file's own, computed alone.
            let ownA = EvaluationMetrics(evaluation: a).curves.map(\.auc)
            let ownB = EvaluationMetrics(evaluation: b).curves.map(\.auc)
            for (index, row) in comparison.concepts.enumerated() {
                let conceptB = b.concepts.firstIndex { $0.name == row.concept.name }!
                #expect(abs(row.aucA! - ownA[index]!) < 1e-12)
                #expect(abs(row.aucB! - ownB[conceptB]!) < 1e-12)
            }
        }
        // Swapping the files negates the differences (the Clarifai export rounds scores below
        // 0.0001 to 0, so they are small but not all zero).
        let forward = try Comparison.compare(clarifai, wide)
        let backward = try Comparison.compare(wide, clarifai)
        for (f, b) in zip(forward.concepts, backward.concepts) {
            #expect(abs(f.deltaAUC! + b.deltaAUC!) < 1e-12)
        }
    }

    /// A non-Clarifai file whose concept is named like a Clarifai concept's id (not its name)
    /// does not match it: in a mixed pair the name is the key on both sides.
    @Test func aMixedPairNeverMatchesByID() throws {
        let clarifai = PairFixture.evaluation("old.json", concepts: ["Cat", "Dog"], rows: [
            (id: "i1", labels: ["Cat"], scores: [0.9, 0.1]),
            (id: "i2", labels: ["Dog"], scores: [0.3, 0.6]),
        ], format: .clarifai, conceptIDs: ["dog", "cat-id"])
        let wide = PairFixture.evaluation("new.csv", concepts: ["dog", "Cat"], rows: [
            (id: "i2", labels: ["dog"], scores: [0.7, 0.2]),
            (id: "i1", labels: ["Cat"], scores: [0.1, 0.8]),
        ])
        let pair = try EvaluationPair(a: clarifai, b: wide)
        #expect(pair.a.concepts.map(\.name) == ["Cat"])
        #expect(pair.b.scores == [0.8, 0.2])
        #expect(pair.conceptsOnlyInA == ["Dog"] && pair.conceptsOnlyInB == ["dog"])
        #expect(throws: ComparisonError("new.csv and old.json have no concept in common (matched by name)")) {
            try EvaluationPair(a: PairFixture.evaluation("new.csv", concepts: ["cat-id"], rows: [(id: "i1", labels: [], scores: [0.1])]),
                               b: clarifai)
        }
    }
}
