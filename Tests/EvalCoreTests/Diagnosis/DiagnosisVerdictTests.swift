import Testing
@testable import EvalCore

/// The five verdicts, each on an evaluation built for it, with the summary's wording.
@Suite struct DiagnosisVerdictTests {
    /// Makes `name` weak: every input's score for it in one low range (AUC ≈ ½), below the
    /// threshold so it is never "predicted".
    private func makeWeak(_ name: String, in builder: inout EvaluationBuilder) {
        let concept = builder.index(name)
        for i in builder.rows.indices {
            builder.rows[i].scores[concept] = Double.random(in: 0.05 ... 0.3, using: &builder.random)
        }
    }

    @Test func good() {
        let diagnosis = diagnose(EvaluationBuilder.healthy(["cat", "dog"]).build())
        #expect(diagnosis.verdict == .good)
        #expect(diagnosis.summary == "Good model: all 2 concepts strong")
        #expect(diagnosis.evidence.number("strong") == 2)
        #expect(diagnosis.evidence.number("weak") == 0)
    }

    @Test func okWithTheIssueExampleWording() {
        // Huskies and wolves look alike: both scores in one range for both; four other
        // concepts are easy. 2 of 6 weak → OK.
        var builder = EvaluationBuilder(concepts: ["husky", "wolf", "cat", "dog", "bird", "fish"])
        for name in ["cat", "dog", "bird", "fish"] { builder.add(name, count: 100) }
        for name in ["husky", "wolf"] {
            for _ in 0 ..< 100 {
                let row = builder.add(name)
                builder.rows[row].scores[0] = Double.random(in: 0.3 ... 0.7, using: &builder.random)
                builder.rows[row].scores[1] = Double.random(in: 0.3 ... 0.7, using: &builder.random)
            }
        }
        let evaluation = builder.build()
        let diagnosis = diagnose(evaluation)
        #expect(diagnosis.verdict == .ok)
        #expect(diagnosis.summary == "OK model: 4 of 6 concepts strong, but 2 weak (husky, wolf; confused with each other)")
        #expect(diagnosis.codes("husky", in: evaluation) == ["low_auc", "confused_with:wolf"])
        #expect(diagnosis.codes("wolf", in: evaluation) == ["low_auc", "confused_with:husky"])
        // Their AUC alone (≈ 0.9) would not call them weak; their AP (≈ 0.5) does.
        #expect(diagnosis.concepts.prefix(2).allSatisfy { $0.auc! > 0.85 && $0.averagePrecision! < 0.6 })
        #expect(diagnosis.codes("cat", in: evaluation) == [])
    }

    @Test func okWithOnlyFairConcepts() {
        var builder = EvaluationBuilder.healthy(["cat", "dog", "bird"])
        // 8% of cats score lowest on cat: AUC about 0.92 (fair), no argmax confusion above 10%.
        let cats = builder.rows.indices.filter { builder.rows[$0].labels == [0] }
        for i in cats.prefix(8) { builder.rows[i].scores[0] = 0.0 }
        let diagnosis = diagnose(builder.build(mode: .multilabel))
        #expect(diagnosis.verdict == .ok)
        #expect(diagnosis.concepts[0].strength == .fair)
        #expect(diagnosis.summary.hasPrefix("OK model: 2 of 3 concepts strong, 1 fair (cat), none weak"))
    }

    @Test func bad() {
        var builder = EvaluationBuilder.healthy(["cat", "dog", "bird", "fish"])
        makeWeak("bird", in: &builder)
        makeWeak("fish", in: &builder)
        let diagnosis = diagnose(builder.build(mode: .multilabel))
        #expect(diagnosis.verdict == .bad)
        #expect(diagnosis.evidence.number("weak_share") == 0.5)
        #expect(diagnosis.summary.hasPrefix("Bad model: 2 of 4 concepts weak (bird, fish); macro AUC 0."))
    }

    @Test func oneWeakOfFourIsOnlyOK() {
        var builder = EvaluationBuilder.healthy(["cat", "dog", "bird", "fish"])
        makeWeak("fish", in: &builder)
        let diagnosis = diagnose(builder.build(mode: .multilabel))
        #expect(diagnosis.verdict == .ok)
        #expect(diagnosis.summary == "OK model: 3 of 4 concepts strong, but 1 weak (fish)")
    }

    @Test func variance() {
        var builder = EvaluationBuilder.healthy(["cat", "dog", "bird"])
        builder.assignFoldsAndMeta()
        for i in builder.rows.indices where builder.rows[i].labels == [0] && builder.rows[i].fold == "f4" {
            builder.rows[i].scores[0] = Double.random(in: 0 ... 0.35, using: &builder.random)
        }
        let diagnosis = diagnose(builder.build(mode: .multilabel))
        #expect(diagnosis.verdict == .variance)
        #expect(diagnosis.summary.hasPrefix("Model with variance: AUC varies across folds (std ≥ 0.05) on 1 of 3 concepts (cat)"))
        #expect(diagnosis.evidence.number("fold_variance_concepts") == 1)
    }

    @Test func biased() {
        var builder = EvaluationBuilder.healthy(["cat", "dog", "bird"])
        builder.assignFoldsAndMeta()
        // On dslr photos, a third of the inputs lose their signal.
        for i in builder.rows.indices where builder.rows[i].meta == "dslr" && i % 3 == 0 {
            let own = builder.rows[i].labels[0]
            builder.rows[i].scores[own] = Double.random(in: 0 ... 0.35, using: &builder.random)
        }
        let evaluation = builder.build(mode: .multilabel)
        let diagnosis = diagnose(evaluation)
        #expect(diagnosis.verdict == .biased)
        #expect(diagnosis.largestSliceGapAttribute == "camera")
        let gap = try! #require(diagnosis.largestSliceGap)
        #expect(gap.highValue == "phone")
        #expect(gap.lowValue == "dslr")
        #expect(gap.gap >= 0.10)
        #expect(diagnosis.summary.hasPrefix("Possibly biased model: macro AUC "))
        #expect(diagnosis.summary.contains("for camera=phone vs "))
        #expect(diagnosis.evidence["slice_gap_attribute"] == .text("camera"))
        // Without the slices, the same evaluation is not called biased.
        let metrics = EvaluationMetrics(evaluation: evaluation)
        #expect(Diagnoser.diagnose(metrics: metrics, thresholds: Thresholds(global: 0.5)).verdict != .biased)
    }

    @Test func aSmallGapIsNotBias() {
        var builder = EvaluationBuilder.healthy(["cat", "dog", "bird"])
        builder.assignFoldsAndMeta()
        let diagnosis = diagnose(builder.build(mode: .multilabel))
        #expect(diagnosis.verdict == .good)
        #expect(diagnosis.largestSliceGap!.gap < 0.10)
    }

    @Test func nothingToJudge() {
        // Every input carries every label: no concept has negatives.
        var builder = EvaluationBuilder.healthy(["cat", "dog"], perConcept: 10)
        for i in builder.rows.indices { builder.rows[i].labels = [0, 1] }
        let diagnosis = diagnose(builder.build(mode: .multilabel), threshold: 0)
        #expect(diagnosis.verdict == .ok)
        #expect(diagnosis.summary == "OK model: cannot judge: no concept has both labelled and unlabelled inputs")
        #expect(diagnosis.concepts.allSatisfy { $0.strength == .unassessed })
    }

    @Test func thresholdsThatLoseF1AreMentioned() {
        let evaluation = EvaluationBuilder.healthy(["cat", "dog"]).build()
        let diagnosis = diagnose(evaluation, threshold: 0.97)   // above every score: F1 0
        #expect(diagnosis.verdict == .good)
        #expect(diagnosis.summary.hasSuffix("; the thresholds lose 0.99 macro F1 (try the max-f1 strategy)"))
    }

    @Test func realDataIsHealthy() throws {
        // The shared scikit-learn evaluations are good models: no false alarms on them.
        for file in ["digits.csv", "digits_ml.csv", "breast_cancer.csv"] {
            let diagnosis = diagnose(try FixtureCSV.load(file))
            #expect(diagnosis.verdict == .good, "\(file): \(diagnosis.summary)")
            #expect(diagnosis.conceptsWithAdvice.isEmpty, "\(file)")
        }
    }
}
