import Testing
@testable import EvalCore

/// Each advice code fires on an evaluation built to trigger it, exactly at its cut-off, and
/// stays silent just below it and on healthy concepts.
@Suite struct DiagnosisAdviceTests {
    @Test func healthyEvaluationHasNoAdviceAtAll() {
        for mode in EvaluationMode.allCases {
            var builder = EvaluationBuilder.healthy(["cat", "dog", "bird"])
            builder.assignFoldsAndMeta()
            let evaluation = builder.build(mode: mode)
            let diagnosis = diagnose(evaluation, suspectCounts: [2, 1, 3])
            #expect(diagnosis.conceptsWithAdvice.isEmpty, "\(mode): \(diagnosis.concepts.map(\.codes))")
            #expect(diagnosis.concepts.allSatisfy { $0.strength == .strong })
            #expect(diagnosis.verdict == .good)
            #expect(diagnosis.summary == "Good model: all 3 concepts strong")
        }
    }

    @Test func fewInputsAtFortyNineNotAtFifty() {
        var builder = EvaluationBuilder(concepts: ["cat", "dog", "rare", "enough"])
        builder.add("cat", count: 100)
        builder.add("dog", count: 100)
        builder.add("rare", count: 49)
        builder.add("enough", count: 50)
        let evaluation = builder.build()
        let diagnosis = diagnose(evaluation)
        #expect(diagnosis.codes("rare", in: evaluation) == ["few_inputs"])
        #expect(diagnosis.advice("few_inputs", of: "rare", in: evaluation)?.evidence.number("labeled") == 49)
        #expect(diagnosis.codes("enough", in: evaluation) == [])
        #expect(diagnosis.codes("cat", in: evaluation) == [])
    }

    @Test func smallImagesAtTenPercentOnEitherSide() {
        var builder = EvaluationBuilder.healthy(["cat", "dog", "bird"])
        let cats = builder.rows.indices.filter { builder.rows[$0].labels == [0] }
        let dogs = builder.rows.indices.filter { builder.rows[$0].labels == [1] }
        for i in cats.prefix(5) { builder.rows[i].width = 300 }          // 10 of 100: 5 narrow,
        for i in cats.dropFirst(5).prefix(5) { builder.rows[i].height = 511 }  // 5 short
        for i in dogs.prefix(9) { builder.rows[i].width = 100 }          // 9 of 100
        for i in dogs.dropFirst(9).prefix(20) { builder.rows[i].width = 512 }  // 512 is not small
        let evaluation = builder.build()
        let diagnosis = diagnose(evaluation)
        #expect(diagnosis.codes("cat", in: evaluation) == ["small_images"])
        let evidence = diagnosis.advice("small_images", of: "cat", in: evaluation)?.evidence
        #expect(evidence?.number("small") == 10)
        #expect(evidence?.number("with_size") == 100)
        #expect(evidence?.number("share") == 0.1)
        #expect(diagnosis.codes("dog", in: evaluation) == [])
        #expect(diagnosis.codes("bird", in: evaluation) == [])
    }

    @Test func smallImagesNeedsSizes() {
        var builder = EvaluationBuilder.healthy(["cat", "dog"])
        for i in builder.rows.indices { builder.rows[i].width = 10 }
        #expect(diagnose(builder.build(sizes: false)).conceptsWithAdvice.isEmpty)
        // Unknown sizes (-1) do not count, in the numerator or the denominator.
        for i in builder.rows.indices { builder.rows[i].width = -1; builder.rows[i].height = -1 }
        #expect(diagnose(builder.build()).conceptsWithAdvice.isEmpty)
    }

    @Test func lowAUCForAWeakConceptOnly() {
        var builder = EvaluationBuilder.healthy(["cat", "dog", "blurry"])
        // blurry: its own and everyone else's blurry score in the same low range (AUC ≈ ½),
        // below the threshold so that no other concept is "predicted as" blurry.
        let blurry = builder.index("blurry")
        for i in builder.rows.indices { builder.rows[i].scores[blurry] = Double.random(in: 0.05 ... 0.3, using: &builder.random) }
        let evaluation = builder.build(mode: .multilabel)
        let diagnosis = diagnose(evaluation)
        #expect(diagnosis.codes("blurry", in: evaluation) == ["low_auc"])
        let evidence = diagnosis.advice("low_auc", of: "blurry", in: evaluation)!.evidence
        #expect(evidence.number("auc")! < 0.85)
        #expect(evidence["reasons"].map { if case .texts(let reasons) = $0 { reasons.contains("auc < 0.85") } else { false } } == true)
        #expect(diagnosis.codes("cat", in: evaluation) == [])
        #expect(diagnosis.codes("dog", in: evaluation) == [])
    }

    @Test func strengthLooksAtAUCAPAndF1Together() {
        #expect(Diagnoser.strength(auc: 0.95, averagePrecision: 0.8, bestF1: 0.75).0 == .strong)
        #expect(Diagnoser.strength(auc: 0.99, averagePrecision: 0.79, bestF1: 0.9).0 == .fair)
        #expect(Diagnoser.strength(auc: 0.99, averagePrecision: 0.9, bestF1: 0.74).0 == .fair)
        #expect(Diagnoser.strength(auc: 0.9, averagePrecision: 0.9, bestF1: 0.9).0 == .fair)
        #expect(Diagnoser.strength(auc: 0.85, averagePrecision: 0.6, bestF1: 0.6).0 == .fair)
        #expect(Diagnoser.strength(auc: 0.9, averagePrecision: 0.59, bestF1: 0.67).0 == .weak)
        // Never AUC alone: a high AUC with a poor AP or F1 (a rare concept) is still weak.
        let rare = Diagnoser.strength(auc: 0.97, averagePrecision: 0.3, bestF1: 0.4)
        #expect(rare.0 == .weak)
        #expect(rare.1 == ["average_precision < 0.6", "best_f1 < 0.6"])
        #expect(Diagnoser.strength(auc: 0.849, averagePrecision: 0.9, bestF1: 0.9) == (.weak, ["auc < 0.85"]))
        #expect(Diagnoser.strength(auc: nil, averagePrecision: nil, bestF1: nil).0 == .unassessed)
    }

    @Test func confusedWithInBothDirectionsInExclusiveMode() {
        var builder = EvaluationBuilder.healthy(["husky", "wolf", "cat"])
        let huskies = builder.rows.indices.filter { builder.rows[$0].labels == [0] }
        let cats = builder.rows.indices.filter { builder.rows[$0].labels == [2] }
        for i in huskies.suffix(10) { builder.rows[i].scores[1] = 0.99 }  // 10% of huskies → wolf
        for i in cats.suffix(9) { builder.rows[i].scores[1] = 0.99 }      // 9% of cats → wolf
        let evaluation = builder.build()
        let diagnosis = diagnose(evaluation)
        #expect(diagnosis.codes("husky", in: evaluation) == ["confused_with:wolf"])
        #expect(diagnosis.codes("wolf", in: evaluation).contains("confused_with:husky"))
        #expect(!diagnosis.codes("wolf", in: evaluation).contains("confused_with:cat"))
        #expect(diagnosis.codes("cat", in: evaluation) == [])
        let evidence = diagnosis.advice("confused_with:wolf", of: "husky", in: evaluation)!.evidence
        #expect(evidence.number("this_as_other") == 10)
        #expect(evidence.number("this_as_other_share") == 0.1)
        #expect(evidence["basis"] == .text("argmax"))
        let reverse = diagnosis.advice("confused_with:husky", of: "wolf", in: evaluation)!.evidence
        #expect(reverse.number("other_as_this") == 10)
        // Wolves predicted as husky: counted from the rows directly (the overlapping wolves).
        let wolvesAsHusky = builder.rows.filter { row in
            row.labels == [1] && row.scores.indices.max { row.scores[$0] < row.scores[$1] } == 0
        }.count
        #expect(reverse.number("this_as_other") == Double(wolvesAsHusky))
        #expect(wolvesAsHusky < 10)
    }

    @Test func confusedWithInMultilabelModeDependsOnTheOtherThreshold() {
        var builder = EvaluationBuilder.healthy(["cat", "dog", "bird"])
        let cats = builder.rows.indices.filter { builder.rows[$0].labels == [0] }
        for i in cats.prefix(12) { builder.rows[i].scores[1] = 0.7 }   // 12% of cats score 0.7 on dog
        // Also labelled dog: a true co-occurrence is not a confusion.
        for i in cats.dropFirst(12).prefix(20) { builder.rows[i].labels = [0, 1]; builder.rows[i].scores[1] = 0.8 }
        let evaluation = builder.build(mode: .multilabel)
        let diagnosis = diagnose(evaluation)
        #expect(diagnosis.codes("cat", in: evaluation) == ["confused_with:dog"])
        #expect(diagnosis.codes("dog", in: evaluation) == ["confused_with:cat"])
        #expect(diagnosis.advice("confused_with:dog", of: "cat", in: evaluation)?.evidence.number("this_as_other") == 12)
        #expect(diagnosis.codes("bird", in: evaluation) == [])
        // With dog's threshold above 0.7, nothing is predicted as dog any more.
        let raised = diagnose(evaluation, perConcept: [1: 0.75])
        #expect(raised.codes("cat", in: evaluation) == [])
        #expect(raised.codes("dog", in: evaluation) == [])
    }

    @Test func foldVarianceWhenOneFoldGoesWrong() {
        var builder = EvaluationBuilder.healthy(["cat", "dog", "bird"])
        builder.assignFoldsAndMeta()
        for i in builder.rows.indices where builder.rows[i].labels == [0] && builder.rows[i].fold == "f4" {
            builder.rows[i].scores[0] = Double.random(in: 0 ... 0.35, using: &builder.random)
        }
        let evaluation = builder.build(mode: .multilabel)
        let diagnosis = diagnose(evaluation)
        #expect(diagnosis.codes("cat", in: evaluation) == ["fold_variance"])
        let evidence = diagnosis.advice("fold_variance", of: "cat", in: evaluation)!.evidence
        #expect(evidence.number("fold_auc_std")! >= 0.05)
        #expect(evidence["folds"] == .texts(["f0", "f1", "f2", "f3", "f4"]))
        #expect(diagnosis.codes("dog", in: evaluation) == [])
        #expect(diagnosis.codes("bird", in: evaluation) == [])
    }

    @Test func foldVarianceNeedsFolds() {
        var builder = EvaluationBuilder.healthy(["cat", "dog"])
        for i in builder.rows.indices where builder.rows[i].labels == [0] && i % 5 == 4 {
            builder.rows[i].scores[0] = 0.1
        }
        let evaluation = builder.build(mode: .multilabel)
        #expect(!diagnose(evaluation).codes("cat", in: evaluation).contains("fold_variance"))
    }

    @Test func suspectLabelsWhenTheShareIsUnusual() {
        let evaluation = EvaluationBuilder.healthy(["cat", "dog", "bird"]).build()
        // 12 of 100 (12%) against 14 of 300 overall (4.7%): at least twice the overall share.
        let unusual = diagnose(evaluation, suspectCounts: [1, 12, 1])
        #expect(unusual.codes("dog", in: evaluation) == ["suspect_labels"])
        #expect(unusual.codes("cat", in: evaluation) == [])
        let evidence = unusual.advice("suspect_labels", of: "dog", in: evaluation)!.evidence
        #expect(evidence.number("suspects") == 12)
        #expect(evidence.number("share") == 0.12)
        // Even shares are not unusual; nor are two suspects.
        #expect(diagnose(evaluation, suspectCounts: [10, 10, 10]).conceptsWithAdvice.isEmpty)
        #expect(diagnose(evaluation, suspectCounts: [0, 2, 0]).conceptsWithAdvice.isEmpty)
        // A fifth of the labels suspect is always unusual.
        #expect(diagnose(evaluation, suspectCounts: [20, 20, 20]).concepts.allSatisfy { $0.codes == ["suspect_labels"] })
        // Without suspects, no opinion.
        #expect(diagnose(evaluation, suspectCounts: nil).conceptsWithAdvice.isEmpty)
    }

    @Test func suspectCountsFromSuspectConcepts() {
        #expect(Diagnoser.suspectCounts(ofConcepts: [1, 1, 0, 2, 1, 7, -1], conceptCount: 3) == [1, 3, 1])
    }

    @Test func tooEasyWithPerfectSeparationAndLittleData() {
        var builder = EvaluationBuilder(concepts: ["easy", "big", "real"])
        for _ in 0 ..< 30 { builder.add("easy") }   // perfectly separated, 30 positives
        for _ in 0 ..< 150 { builder.add("big") }   // perfectly separated, 150 positives
        builder.add("real", count: 100)
        let evaluation = builder.build()
        let diagnosis = diagnose(evaluation)
        #expect(diagnosis.codes("easy", in: evaluation) == ["few_inputs", "too_easy"])
        let evidence = diagnosis.advice("too_easy", of: "easy", in: evaluation)!.evidence
        #expect(evidence.number("positives") == 30)
        #expect(evidence.number("margin")! > 0.2)  // positives ≥ 0.6, negatives ≤ 0.35 (except "real"'s 0.3)
        #expect(diagnosis.codes("big", in: evaluation) == [])
        #expect(diagnosis.codes("real", in: evaluation) == [])
    }

    @Test func multilabelInExclusive() {
        var builder = EvaluationBuilder.healthy(["cat", "dog", "bird"])
        let cats = builder.rows.indices.filter { builder.rows[$0].labels == [0] }
        for i in cats.prefix(5) { builder.rows[i].labels = [0, 1] }
        let exclusive = builder.build(mode: .exclusive)
        let diagnosis = diagnose(exclusive)
        #expect(diagnosis.codes("cat", in: exclusive) == ["multilabel_in_exclusive"])
        #expect(diagnosis.codes("dog", in: exclusive) == ["multilabel_in_exclusive"])
        #expect(diagnosis.advice("multilabel_in_exclusive", of: "dog", in: exclusive)?.evidence.number("multi_labelled") == 5)
        #expect(diagnosis.codes("bird", in: exclusive) == [])
        #expect(diagnosis.summary.contains("inputs with several labels in an exclusive evaluation"))
        // The same labels in a multilabel evaluation are fine.
        #expect(diagnose(builder.build(mode: .multilabel)).codes("cat", in: exclusive) == [])
    }

    @Test func markersAndPhrases() {
        var builder = EvaluationBuilder(concepts: ["easy", "real"])
        for _ in 0 ..< 30 { builder.add("easy") }
        builder.add("real", count: 100)
        let evaluation = builder.build()
        let easy = diagnose(evaluation).concepts[0]
        #expect(easy.markers == "ne")
        #expect(easy.advice.map(\.phrase) == ["few inputs (30 < 50)", "perfectly separated with only 30 positives"])
    }
}
