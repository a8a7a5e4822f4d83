/// `evaltop compare --json`: the numbers of issue 8's contract, `null` where undefined.
public enum ComparisonJSON {
    public static func render(_ comparison: Comparison, thresholds: Thresholds,
                              sort: ComparisonSort = .delta, descending: Bool = false) -> String {
        let pair = comparison.pair
        let summary = comparison.summary
        let outcomes = comparison.outcomes(at: thresholds)
        let rows = sort.sorted(comparison.concepts, descending: descending).map { row in
            let outcome = outcomes[row.index]
            let test = row.deLong
            return JSONText.object([
                ("concept", JSONText.string(row.concept.name)),
                ("auc_a", JSONText.number(row.aucA)),
                ("auc_b", JSONText.number(row.aucB)),
                ("delta_auc", JSONText.number(row.deltaAUC)),
                ("z", JSONText.number(test?.z)),
                ("p_value", JSONText.number(test?.pValue)),
                ("p_holm", JSONText.number(row.pHolm)),
                ("ci_low", JSONText.number(test?.ciLow)),
                ("ci_high", JSONText.number(test?.ciHigh)),
                ("ap_a", JSONText.number(row.averagePrecisionA)),
                ("ap_b", JSONText.number(row.averagePrecisionB)),
                ("f1_a", JSONText.number(outcome.countsA.f1)),
                ("f1_b", JSONText.number(outcome.countsB.f1)),
                ("fixed", JSONText.number(outcome.fixed)),
                ("broken", JSONText.number(outcome.broken)),
                ("threshold", JSONText.number(thresholds.value(for: row.index))),
                ("positives", JSONText.number(row.positives)),
                ("negatives", JSONText.number(row.negatives)),
            ], indent: "    ")
        }
        let mcNemar = summary.mcNemar.map { test in
            JSONText.object([
                ("b", JSONText.number(test.b)), ("c", JSONText.number(test.c)), ("p_value", JSONText.number(test.pValue)),
            ])
        } ?? "null"
        let summaryObject = JSONText.object([
            ("macro_auc_a", JSONText.number(summary.macroAUCA)),
            ("macro_auc_b", JSONText.number(summary.macroAUCB)),
            ("top1_accuracy_a", JSONText.number(summary.top1AccuracyA)),
            ("top1_accuracy_b", JSONText.number(summary.top1AccuracyB)),
            ("mcnemar", mcNemar),
            ("significantly_better", JSONText.number(summary.significantlyBetter)),
            ("significantly_worse", JSONText.number(summary.significantlyWorse)),
        ], indent: "  ")
        let perConcept = rows.isEmpty ? "[]" : "[\n" + rows.map { "    " + $0 }.joined(separator: ",\n") + "\n  ]"
        return JSONText.object([
            ("file_a", JSONText.string(pair.originalA.sourcePath)),
            ("file_b", JSONText.string(pair.originalB.sourcePath)),
            ("mode", JSONText.string(pair.a.mode.rawValue)),
            ("threshold", JSONText.number(thresholds.global)),
            ("matched_inputs", JSONText.number(pair.matchedInputs)),
            ("only_in_a", JSONText.number(pair.inputsOnlyInA.count)),
            ("only_in_b", JSONText.number(pair.inputsOnlyInB.count)),
            ("label_mismatches", JSONText.number(pair.labelMismatches)),
            ("concepts", JSONText.number(comparison.concepts.count)),
            ("concepts_only_in_a", JSONText.array(pair.conceptsOnlyInA.map(JSONText.string))),
            ("concepts_only_in_b", JSONText.array(pair.conceptsOnlyInB.map(JSONText.string))),
            ("summary", summaryObject),
            ("per_concept", perConcept),
        ], indent: "") + "\n"
    }
}
