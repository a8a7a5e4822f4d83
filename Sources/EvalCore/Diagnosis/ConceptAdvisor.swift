import Foundation

/// Applies the advice rules (`DiagnosisRules`) to one concept.
struct ConceptAdvisor {
    let metrics: any EvaluationAggregates
    let concept: Int
    let thresholds: Thresholds
    let facts: ConceptFacts
    let folds: FoldAUC?
    let suspects: SuspectShares
    /// The best F1 over the curve's thresholds (`Diagnoser.bestF1Scores`, computed in parallel).
    let bestF1: Double?

    private var curve: ConceptCurve { metrics.curves[concept] }
    private var concepts: [Concept] { metrics.concepts }

    func diagnosis() -> ConceptDiagnosis {
        let best = bestF1
        let (strength, weakReasons) = Diagnoser.strength(auc: curve.auc, averagePrecision: curve.averagePrecision, bestF1: best)
        let f1 = metrics.counts(concept: concept, thresholds: thresholds).f1
        var advice: [Advice] = []
        advice += fewInputs()
        advice += smallImages()
        if strength == .weak { advice.append(lowAUC(bestF1: best, f1: f1, reasons: weakReasons)) }
        advice += confusions()
        advice += foldVariance()
        advice += suspectLabels()
        advice += tooEasy()
        advice += multilabelInExclusive()
        return ConceptDiagnosis(concept: concept, strength: strength, auc: curve.auc,
                                averagePrecision: curve.averagePrecision, bestF1: best, f1: f1, advice: advice)
    }

    private func fewInputs() -> [Advice] {
        let labeled = curve.positives
        guard labeled < DiagnosisRules.fewInputsMinimum else { return [] }
        return [Advice(kind: .fewInputs, phrase: "few inputs (\(labeled) < \(DiagnosisRules.fewInputsMinimum))",
                       evidence: Evidence([("labeled", .int(labeled)), ("minimum", .int(DiagnosisRules.fewInputsMinimum))]))]
    }

    private func smallImages() -> [Advice] {
        // No input with a known size (no width/height, or a summary of such a file): known is 0.
        let known = facts.withSize[concept]
        let small = facts.small[concept]
        guard known > 0 else { return [] }
        let share = Double(small) / Double(known)
        guard share >= DiagnosisRules.smallImagesMinimumShare else { return [] }
        return [Advice(kind: .smallImages,
                       phrase: "small images (\(DiagnosisFormat.percent(share)) under \(DiagnosisRules.smallImageSide) px)",
                       evidence: Evidence([("small", .int(small)), ("with_size", .int(known)), ("share", .number(share)),
                                           ("min_side", .int(Int(DiagnosisRules.smallImageSide)))]))]
    }

    private func lowAUC(bestF1: Double?, f1: Double, reasons: [String]) -> Advice {
        Advice(kind: .lowAUC,
               phrase: "weak (AUC \(DiagnosisFormat.fixed(curve.auc)), AP \(DiagnosisFormat.fixed(curve.averagePrecision)), best F1 \(DiagnosisFormat.fixed(bestF1)))",
               evidence: Evidence([("auc", .number(curve.auc)), ("average_precision", .number(curve.averagePrecision)),
                                   ("best_f1", .number(bestF1)), ("f1_at_threshold", .number(f1)),
                                   ("reasons", .texts(reasons))]))
    }

    /// `confused_with:OTHER` in both directions: this concept's inputs predicted as OTHER, or
    /// OTHER's inputs predicted as this concept, at ≥ the share cut-off. Largest share first.
    private func confusions() -> [Advice] {
        func share(_ from: Int, _ to: Int) -> Double {
            let positives = metrics.curves[from].positives
            return positives > 0 ? Double(facts.predicted(from, as: to)) / Double(positives) : 0
        }
        let cutoff = DiagnosisRules.confusionMinimumShare
        // Only the concepts with a non-zero count either way can reach the cut-off: visiting
        // them alone keeps the diagnosis linear in the confusions, not in concepts².
        let others = facts.confusionPartners(of: concept).filter { other in
            other != concept && (share(concept, other) >= cutoff || share(other, concept) >= cutoff)
        }.sorted { max(share(concept, $0), share($0, concept)) > max(share(concept, $1), share($1, concept)) }
        return others.map { other in
            let outward = share(concept, other)
            let inward = share(other, concept)
            let phrase = outward >= cutoff
                ? "confused with \(concepts[other].name) (\(DiagnosisFormat.percent(outward)) predicted as it)"
                : "confused with \(concepts[other].name) (\(DiagnosisFormat.percent(inward)) of its inputs predicted as this)"
            return Advice(kind: .confusedWith, other: (other, concepts[other].name), phrase: phrase, evidence: Evidence([
                ("this_as_other", .int(facts.predicted(concept, as: other))), ("this_as_other_share", .number(outward)),
                ("other_as_this", .int(facts.predicted(other, as: concept))), ("other_as_this_share", .number(inward)),
                ("basis", .text(metrics.mode == .exclusive ? "argmax" : "score >= threshold")),
            ]))
        }
    }

    private func foldVariance() -> [Advice] {
        guard let folds, concept < folds.std.count, let std = folds.std[concept],
              folds.auc[concept].count(where: { $0 != nil }) >= 2,
              std >= DiagnosisRules.foldVarianceMinimumStd else { return [] }
        return [Advice(kind: .foldVariance, phrase: "AUC varies across folds (std \(DiagnosisFormat.fixed(std)))",
                       evidence: Evidence([("fold_auc_std", .number(std)), ("fold_auc_mean", .number(folds.mean[concept])),
                                           ("fold_auc", .numbers(folds.auc[concept])), ("folds", .texts(folds.folds)),
                                           ("minimum_std", .number(DiagnosisRules.foldVarianceMinimumStd))]))]
    }

    private func suspectLabels() -> [Advice] {
        guard let counts = suspects.counts else { return [] }
        let count = counts[concept]
        let labeled = curve.positives
        guard count >= DiagnosisRules.suspectMinimumCount, labeled > 0 else { return [] }
        let share = Double(count) / Double(labeled)
        let unusual = share >= DiagnosisRules.suspectShareAlwaysUnusual
            || (share >= DiagnosisRules.suspectShareMinimum
                && share >= DiagnosisRules.suspectShareRelativeToOverall * suspects.overallShare)
        guard unusual else { return [] }
        return [Advice(kind: .suspectLabels,
                       phrase: "suspect labels (\(count) of \(labeled), \(DiagnosisFormat.percent(share)) vs \(DiagnosisFormat.percent(suspects.overallShare)) overall)",
                       evidence: Evidence([("suspects", .int(count)), ("labeled", .int(labeled)), ("share", .number(share)),
                                           ("overall_share", .number(suspects.overallShare))]))]
    }

    /// Perfect separation: at some threshold every positive is above and every negative below.
    private func tooEasy() -> [Advice] {
        let curve = curve
        guard curve.positives > 0, curve.negatives > 0, curve.positives < DiagnosisRules.tooEasyBelowPositives,
              let k = Self.firstIndexWithEveryPositive(curve),
              curve.counts.at(k).fp == 0, k + 1 < curve.thresholds.count else { return [] }
        // thresholds[k] is the lowest positive score; the next distinct score is the highest negative.
        let margin = curve.thresholds[k] - curve.thresholds[k + 1]
        return [Advice(kind: .tooEasy, phrase: "perfectly separated with only \(curve.positives) positives",
                       evidence: Evidence([("auc", .number(curve.auc)), ("positives", .int(curve.positives)),
                                           ("negatives", .int(curve.negatives)), ("margin", .number(margin)),
                                           ("below_positives", .int(DiagnosisRules.tooEasyBelowPositives))]))]
    }

    /// The first distinct-score index at which TP reaches every positive (binary search: TP
    /// never decreases along the curve).
    private static func firstIndexWithEveryPositive(_ curve: ConceptCurve) -> Int? {
        var low = 0
        var high = curve.thresholds.count
        while low < high {
            let middle = (low + high) / 2
            if curve.counts.at(middle).tp >= curve.positives { high = middle } else { low = middle + 1 }
        }
        return low < curve.thresholds.count ? low : nil
    }

    private func multilabelInExclusive() -> [Advice] {
        guard metrics.mode == .exclusive, facts.multiLabelled[concept] > 0 else { return [] }
        let count = facts.multiLabelled[concept]
        let share = curve.positives > 0 ? Double(count) / Double(curve.positives) : 0
        return [Advice(kind: .multilabelInExclusive, phrase: "\(count) inputs with several labels in exclusive mode",
                       evidence: Evidence([("multi_labelled", .int(count)), ("share", .number(share))]))]
    }
}

/// Number formats of the diagnosis phrases.
enum DiagnosisFormat {
    static func fixed(_ value: Double?, digits: Int = 3) -> String {
        guard let value, value.isFinite else { return "-" }
        return String(format: "%.\(digits)f", value)
    }

    static func percent(_ share: Double) -> String {
        String(format: "%.0f%%", share * 100)
    }
}
