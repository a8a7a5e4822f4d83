import Testing
@testable import EvalCore

/// Matching two evaluations: inputs by id, concepts by name (id for Clarifai), A's labels,
/// counts of what was left out, and the refusals.
@Suite struct EvaluationPairTests {
    let a = PairFixture.evaluation("old.csv", concepts: ["cat", "dog", "狗"], rows: [
        (id: "i1", labels: ["cat"], scores: [0.9, 0.1, 0.2]),
        (id: "i2", labels: ["dog", "狗"], scores: [0.2, 0.8, 0.7]),
        (id: "i3", labels: [], scores: [0.3, 0.3, 0.3]),
        (id: "only-a", labels: ["cat"], scores: [0.5, 0.5, 0.5]),
    ])

    @Test func matchesInputsAndConceptsInAnyOrder() throws {
        // B lists the concepts in another order, has an extra concept and input, and relabels i3.
        let b = PairFixture.evaluation("new.csv", concepts: ["extra", "狗", "cat", "dog"], rows: [
            (id: "only-b", labels: [], scores: [0.1, 0.1, 0.1, 0.1]),
            (id: "i3", labels: ["extra", "cat"], scores: [0.0, 0.31, 0.32, 0.33]),
            (id: "i2", labels: ["狗", "dog"], scores: [0.0, 0.71, 0.21, 0.81]),
            (id: "i1", labels: ["cat", "extra"], scores: [0.0, 0.21, 0.91, 0.11]),
        ])
        let pair = try EvaluationPair(a: a, b: b)
        #expect(pair.matchedInputs == 3)
        #expect(pair.a.inputIDs == ["i1", "i2", "i3"] && pair.b.inputIDs == ["i1", "i2", "i3"])
        #expect(pair.a.concepts.map(\.name) == ["cat", "dog", "狗"])
        #expect(pair.b.concepts.map(\.name) == ["cat", "dog", "狗"])
        #expect(pair.b.scores == [0.91, 0.11, 0.21, 0.21, 0.81, 0.71, 0.32, 0.33, 0.31])
        #expect(pair.inputsOnlyInA == [3] && pair.inputsOnlyInB == [0])
        #expect(pair.conceptsOnlyInA == [] && pair.conceptsOnlyInB == ["extra"])
        // i1's extra label is on a concept A lacks, so only i3 (cat in B, nothing in A) differs.
        #expect(pair.labelMismatches == 1)
        // Both sides carry A's labels.
        for side in [pair.a, pair.b] {
            #expect(side.labelOffsets == [0, 1, 3, 3])
            #expect(side.labelConcepts == [0, 1, 2])
        }
    }

    @Test func theSameFileIsPairedWithoutCopying() throws {
        let pair = try EvaluationPair(a: a, b: a)
        #expect(pair.a === a && pair.b === a)
        #expect(pair.labelMismatches == 0 && pair.inputsOnlyInA.isEmpty && pair.inputsOnlyInB.isEmpty)
    }

    @Test func sameInputsWithOtherLabelsKeepAsLabels() throws {
        let b = PairFixture.evaluation("new.csv", concepts: ["cat", "dog", "狗"], rows: [
            (id: "i1", labels: ["dog"], scores: [0.9, 0.1, 0.2]),
            (id: "i2", labels: ["dog", "狗"], scores: [0.2, 0.8, 0.7]),
            (id: "i3", labels: [], scores: [0.3, 0.3, 0.3]),
            (id: "only-a", labels: ["cat"], scores: [0.5, 0.5, 0.5]),
        ])
        let pair = try EvaluationPair(a: a, b: b)
        #expect(pair.labelMismatches == 1)
        #expect(pair.b.labelConcepts == a.labelConcepts && pair.b.scores == b.scores)
    }

    @Test func clarifaiDocumentsMatchConceptsByID() throws {
        let old = PairFixture.evaluation("old.json", concepts: ["Cat", "Dog"], rows: [
            (id: "i1", labels: ["Cat"], scores: [0.9, 0.1]),
        ], format: .clarifai, conceptIDs: ["c1", "d1"])
        let new = PairFixture.evaluation("new.json", concepts: ["cat (renamed)", "Dog"], rows: [
            (id: "i1", labels: ["cat (renamed)"], scores: [0.8, 0.2]),
        ], format: .clarifai, conceptIDs: ["c1", "d2"])
        let pair = try EvaluationPair(a: old, b: new)
        #expect(pair.a.concepts.map(\.id) == ["c1"])
        #expect(pair.conceptsOnlyInA == ["Dog"] && pair.conceptsOnlyInB == ["Dog"])
        #expect(pair.labelMismatches == 0)
    }

    @Test func noSharedInputIsAnError() {
        let b = PairFixture.evaluation("new.csv", concepts: ["cat"], rows: [(id: "z", labels: [], scores: [0.1])])
        #expect(throws: ComparisonError("old.csv and new.csv have no input in common (matched by input_id)")) {
            try EvaluationPair(a: a, b: b)
        }
    }

    @Test func noSharedConceptIsAnError() {
        let b = PairFixture.evaluation("new.csv", concepts: ["horse"], rows: [(id: "i1", labels: [], scores: [0.1])])
        #expect(throws: ComparisonError("old.csv and new.csv have no concept in common (matched by name)")) {
            try EvaluationPair(a: a, b: b)
        }
    }

    @Test func differentModesAreAnError() {
        let exclusive = PairFixture.evaluation("new.csv", concepts: ["cat"], rows: [(id: "i1", labels: ["cat"], scores: [0.1])],
                                               mode: .exclusive)
        #expect(throws: ComparisonError(
            "old.csv is multilabel but new.csv is exclusive; give --mode exclusive or --mode multilabel to compare them in one mode")) {
            try EvaluationPair(a: a, b: exclusive)
        }
    }

    @Test func fileNamesInMessagesAreEscaped() {
        let b = PairFixture.evaluation("new\u{1B}[31m.csv", concepts: ["horse"], rows: [(id: "i1", labels: [], scores: [0.1])])
        #expect(throws: ComparisonError("old.csv and new\\x1b[31m.csv have no concept in common (matched by name)")) {
            try EvaluationPair(a: a, b: b)
        }
    }
}

/// Fixed, broken, F1 and McNemar on a hand-made pair.
@Suite struct ComparisonOutcomeTests {
    @Test func fixedAndBrokenByHand() throws {
        // Threshold 0.5. cat: i1 (labelled) A 0.4 wrong → B 0.6 right: fixed; i2 (not) A 0.3
        // right → B 0.7 wrong: broken; i3 (not) right in both; i4 (labelled) wrong in both.
        let a = PairFixture.evaluation("a.csv", concepts: ["cat", "dog"], rows: [
            (id: "i1", labels: ["cat"], scores: [0.4, 0.6]),
            (id: "i2", labels: ["dog"], scores: [0.3, 0.7]),
            (id: "i3", labels: ["dog"], scores: [0.2, 0.8]),
            (id: "i4", labels: ["cat"], scores: [0.1, 0.9]),
        ], mode: .exclusive)
        let b = PairFixture.evaluation("b.csv", concepts: ["cat", "dog"], rows: [
            (id: "i1", labels: ["cat"], scores: [0.6, 0.4]),
            (id: "i2", labels: ["dog"], scores: [0.7, 0.3]),
            (id: "i3", labels: ["dog"], scores: [0.2, 0.8]),
            (id: "i4", labels: ["cat"], scores: [0.1, 0.9]),
        ], mode: .exclusive)
        let comparison = try Comparison.compare(a, b)
        let outcomes = comparison.outcomes(at: Thresholds(global: 0.5))
        #expect(outcomes[0].fixed == 1 && outcomes[0].broken == 1)
        // dog mirrors cat.
        #expect(outcomes[1].fixed == 1 && outcomes[1].broken == 1)
        // F1 of cat: A has TP 0, FP 0, FN 2 → 0; B has TP 1, FP 1, FN 1 → ½.
        #expect(outcomes[0].countsA.f1 == 0 && outcomes[0].countsB.f1 == 0.5)
        // At 0.65 i2 is still broken on cat (0.7 ≥ 0.65) but i1 is no longer fixed.
        let higher = comparison.outcomes(at: Thresholds(global: 0.5, perConcept: [0: 0.65]))
        #expect(higher[0].fixed == 0 && higher[0].broken == 1)
        // Top-1: A right on i3 only... i1 argmax dog (wrong), i2 dog (right), i3 dog (right), i4 dog (wrong);
        // B: i1 cat (right), i2 cat (wrong), i3 dog (right), i4 dog (wrong).
        #expect(comparison.summary.top1AccuracyA == 0.5 && comparison.summary.top1AccuracyB == 0.5)
        #expect(comparison.summary.mcNemar == McNemarTest(b: 1, c: 1))
        #expect(comparison.summary.mcNemar?.pValue == 1)
        // The inputs behind the counts: cat at 0.5 broke i2, fixed i1, and i4 is wrong in both.
        #expect(comparison.changes(concept: 0, threshold: 0.5) == ConceptChanges(broken: [1], fixed: [0], stillWrong: [3]))
        #expect(comparison.changes(concept: 0, threshold: 0.65) == ConceptChanges(broken: [1], fixed: [], stillWrong: [0, 3]))
    }

    @Test func changesAreOrderedByHowMuchTheScoreMoved() throws {
        // All four labelled and below 0.5 in A; B lifts three of them over it by 0.2, 0.45, 0.3.
        let a = PairFixture.oneConcept("a.csv", positive: [true, true, true, true], scores: [0.4, 0.1, 0.2, 0.3])
        let b = PairFixture.oneConcept("b.csv", positive: [true, true, true, true], scores: [0.6, 0.55, 0.5, 0.35])
        let changes = try Comparison.compare(a, b).changes(concept: 0, threshold: 0.5)
        #expect(changes.fixed == [1, 2, 0])
        #expect(changes.stillWrong == [3] && changes.broken.isEmpty)
    }

    @Test func changeListsAgreeWithTheFixedAndBrokenCounts() throws {
        var generator = SplitMix64(seed: 3)
        let rows = (0 ..< 300).map { i in
            (id: "i\(i)", labels: generator.unit() < 0.3 ? ["x"] : [], scores: [(generator.unit() * 20).rounded() / 20])
        }
        let a = PairFixture.evaluation("a.csv", concepts: ["x"], rows: rows)
        let b = PairFixture.evaluation("b.csv", concepts: ["x"], rows: rows.map {
            (id: $0.id, labels: $0.labels, scores: [min(1, $0.scores[0] + (generator.unit() - 0.5) / 2)])
        })
        let comparison = try Comparison.compare(a, b)
        for t in [0.0, 0.25, 0.5, 0.55, 1.0] {
            let outcome = comparison.outcomes(at: Thresholds(global: t))[0]
            let changes = comparison.changes(concept: 0, threshold: t)
            #expect(changes.fixed.count == outcome.fixed && changes.broken.count == outcome.broken)
            // Wrong in A = fixed + still wrong; wrong in B = broken + still wrong.
            #expect(changes.stillWrong.count == outcome.countsA.fn + outcome.countsA.fp - outcome.fixed)
            #expect(changes.stillWrong.count == outcome.countsB.fn + outcome.countsB.fp - outcome.broken)
        }
    }

    @Test func multilabelHasNoTop1OrMcNemar() throws {
        let a = PairFixture.oneConcept("a.csv", positive: [true, false, true], scores: [0.9, 0.2, 0.4])
        let comparison = try Comparison.compare(a, a)
        #expect(comparison.summary.mcNemar == nil && comparison.summary.top1AccuracyA == nil)
        #expect(comparison.summary.macroAUCA == 1 && comparison.summary.macroAUCB == 1)
    }
}
