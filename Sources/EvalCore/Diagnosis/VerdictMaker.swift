/// Turns the concept diagnoses, fold AUCs and slice gaps into the verdict and its one-line
/// summary. The rules, in order (the first that holds wins; `DiagnosisRules` has the cut-offs):
/// 1. bad: ≥ half of the assessed concepts weak, or macro AUC < 0.80;
/// 2. variance: ≥ a quarter of the assessed concepts with `fold_variance`, or per-fold macro
///    AUC std ≥ 0.05;
/// 3. biased: a `meta:` attribute's macro-AUC gap between slices ≥ 0.10;
/// 4. good: every assessed concept strong;
/// 5. ok: otherwise (also when no concept can be assessed, which the summary says).
struct VerdictMaker {
    let metrics: any EvaluationAggregates
    let summary: ModelSummary
    let concepts: [ConceptDiagnosis]
    let folds: FoldAUC?
    let sliceGap: (attribute: String, gap: SliceGap)?
    let estimatedLabelErrors: Int?
    /// False when the `confused_with` advice could not be judged (a multilabel summary).
    var confusionsJudged = true

    private var names: [String] { metrics.concepts.map(\.name) }

    func diagnosis() -> Diagnosis {
        let assessed = concepts.filter { $0.strength != .unassessed }
        let weak = assessed.filter { $0.strength == .weak }
        let fair = assessed.filter { $0.strength == .fair }
        let varying = assessed.filter { $0.has(.foldVariance) }
        let weakShare = assessed.isEmpty ? nil : Double(weak.count) / Double(assessed.count)
        let varyingShare = assessed.isEmpty ? nil : Double(varying.count) / Double(assessed.count)
        let foldMacroStd = foldMacroAUCStd()
        let bestF1s = concepts.compactMap(\.bestF1)
        let macroBestF1 = bestF1s.isEmpty ? nil : bestF1s.reduce(0, +) / Double(bestF1s.count)

        var evidence = Evidence([
            ("concepts_assessed", .int(assessed.count)), ("strong", .int(assessed.count - weak.count - fair.count)),
            ("fair", .int(fair.count)), ("weak", .int(weak.count)), ("weak_share", .number(weakShare)),
            ("macro_auc", .number(summary.macroAUC)), ("macro_average_precision", .number(summary.macroAP)),
            ("macro_f1", .number(summary.macroF1)), ("macro_best_f1", .number(macroBestF1)),
        ])
        if folds != nil {
            evidence.append("fold_variance_concepts", .int(varying.count))
            evidence.append("fold_variance_share", .number(varyingShare))
            evidence.append("fold_macro_auc_std", .number(foldMacroStd))
        }
        if let sliceGap {
            evidence.append("slice_gap_attribute", .text(sliceGap.attribute))
            evidence.append("slice_gap", .number(sliceGap.gap.gap))
            evidence.append("slice_gap_high", .text(sliceGap.gap.highValue))
            evidence.append("slice_gap_low", .text(sliceGap.gap.lowValue))
        }

        let verdict: Verdict
        var headline: String
        if assessed.isEmpty {
            verdict = .ok
            headline = "cannot judge: no concept has both labelled and unlabelled inputs"
        } else if (weakShare ?? 0) >= DiagnosisRules.badMinimumWeakShare
                    || (summary.macroAUC ?? 1) < DiagnosisRules.badBelowMacroAUC {
            verdict = .bad
            headline = "\(weak.count) of \(assessed.count) concepts weak"
                + (weak.isEmpty ? "" : " (\(list(weak)))") + "; macro AUC \(DiagnosisFormat.fixed(summary.macroAUC))"
        } else if (varyingShare ?? 0) >= DiagnosisRules.varianceMinimumConceptShare
                    || (foldMacroStd ?? 0) >= DiagnosisRules.varianceMinimumMacroAUCStd {
            verdict = .variance
            headline = varying.isEmpty
                ? "per-fold macro AUC std \(DiagnosisFormat.fixed(foldMacroStd))"
                : "AUC varies across folds (std ≥ \(DiagnosisRules.foldVarianceMinimumStd)) on \(varying.count) of \(assessed.count) concepts (\(list(varying)))"
        } else if let sliceGap, sliceGap.gap.gap >= DiagnosisRules.biasMinimumGap {
            verdict = .biased
            let gap = sliceGap.gap
            headline = "macro AUC \(DiagnosisFormat.fixed(gap.highAUC)) for \(sliceGap.attribute)=\(gap.highValue)"
                + " vs \(DiagnosisFormat.fixed(gap.lowAUC)) for \(sliceGap.attribute)=\(gap.lowValue) (gap \(DiagnosisFormat.fixed(gap.gap)))"
        } else if weak.isEmpty, fair.isEmpty {
            verdict = .good
            headline = assessed.count == 1 ? "the concept is strong" : "all \(assessed.count) concepts strong"
        } else {
            verdict = .ok
            // Leads with what makes it OK (the strong majority) so that the weak count that
            // follows does not read as a contradiction of the verdict.
            let strong = assessed.count - weak.count - fair.count
            headline = weak.isEmpty
                ? "\(strong) of \(assessed.count) concepts strong, \(fair.count) fair (\(list(fair))), none weak"
                : "\(strong) of \(assessed.count) concepts strong, but \(weak.count) weak (\(list(weak)))"
        }
        var notes: [String] = []
        if verdict != .bad, !weak.isEmpty, verdict != .ok { notes.append("\(weak.count) weak (\(list(weak)))") }
        if let f1 = summary.macroF1, let best = macroBestF1, best - f1 >= DiagnosisRules.thresholdF1LossWorthMentioning {
            notes.append("the thresholds lose \(DiagnosisFormat.fixed(best - f1, digits: 2)) macro F1 (try the max-f1 strategy)")
        }
        let unassessed = concepts.count - assessed.count
        if unassessed > 0, !assessed.isEmpty {
            notes.append("\(unassessed) concept\(unassessed == 1 ? "" : "s") without positives or negatives")
        }
        let labelNoise = labelNoiseAdvice()
        if let estimatedLabelErrors {
            evidence.append("estimated_label_errors", .int(estimatedLabelErrors))
            evidence.append("estimated_label_error_share", .number(labelErrorShare))
        }
        if let labelNoise { notes.append(labelNoise.phrase) }
        let multiLabelled = concepts.contains { $0.has(.multilabelInExclusive) }
        if multiLabelled { notes.append("inputs with several labels in an exclusive evaluation") }
        if !confusionsJudged { notes.append("confusions not judged (this multilabel summary holds no per-pair counts at these thresholds: no pair tables, and no --count-thresholds set here)") }
        headline = ([headline] + notes).joined(separator: "; ")
        return Diagnosis(verdict: verdict, summary: "\(verdict.title): \(headline)", evidence: evidence,
                         concepts: concepts, largestSliceGap: sliceGap?.gap, largestSliceGapAttribute: sliceGap?.attribute,
                         advice: labelNoise.map { [$0] } ?? [])
    }

    /// The estimate as a share of the inputs (multilabel: of the input × concept labels it counts).
    private var labelErrorShare: Double? {
        guard let estimatedLabelErrors else { return nil }
        let population = metrics.mode == .exclusive ? metrics.inputCount : metrics.inputCount * metrics.conceptCount
        return population > 0 ? Double(estimatedLabelErrors) / Double(population) : nil
    }

    /// Model-level `suspect_labels` when the estimated wrong labels reach the share cut-off.
    private func labelNoiseAdvice() -> Advice? {
        guard let estimatedLabelErrors, let share = labelErrorShare, share >= DiagnosisRules.labelNoiseMinimumShare else { return nil }
        let unit = metrics.mode == .exclusive ? "inputs" : "input × concept labels"
        return Advice(
            kind: .suspectLabels,
            phrase: "about \(estimatedLabelErrors) labels look wrong (\(DiagnosisFormat.percent(share)) of the \(unit); L ranks them)",
            evidence: Evidence([
                ("estimated_label_errors", .int(estimatedLabelErrors)),
                ("population", .int(metrics.mode == .exclusive ? metrics.inputCount : metrics.inputCount * metrics.conceptCount)),
                ("share", .number(share)), ("minimum_share", .number(DiagnosisRules.labelNoiseMinimumShare)),
                ("method", .text("confident learning: off-diagonal of the calibrated confident joint")),
            ]))
    }

    /// Up to four names, then "+N more"; confusions among the listed concepts follow a ";"
    /// ("husky, wolf; confused with each other").
    private func list(_ group: [ConceptDiagnosis]) -> String {
        let shown = Array(group.prefix(4))
        var text = shown.map { names[$0.concept] }.joined(separator: ", ")
        if group.count > shown.count { text += ", +\(group.count - shown.count) more" }
        let members = Set(shown.map(\.concept))
        var pairs: [(Int, Int)] = []
        for diagnosis in shown {
            for advice in diagnosis.advice where advice.kind == .confusedWith {
                if let other = advice.other, members.contains(other), diagnosis.concept < other {
                    pairs.append((diagnosis.concept, other))
                }
            }
        }
        if pairs.count == 1, shown.count == 2 {
            text += "; confused with each other"
        } else if !pairs.isEmpty {
            text += "; " + pairs.prefix(3).map { "\(names[$0.0]) and \(names[$0.1]) confused" }.joined(separator: ", ")
        }
        return text
    }

    /// The standard deviation across folds of each fold's macro AUC (mean over the concepts
    /// defined in that fold); nil with fewer than two folds that have one.
    private func foldMacroAUCStd() -> Double? {
        guard let folds, let first = folds.auc.first else { return nil }
        let perFold: [Double?] = first.indices.map { fold in
            let values = folds.auc.compactMap { $0[fold] }
            return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
        guard perFold.count(where: { $0 != nil }) >= 2 else { return nil }
        return MeanAndStd.of(perFold).std
    }
}
