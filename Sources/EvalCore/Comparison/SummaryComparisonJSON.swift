/// `evaltop compare --json` of two summaries: `ComparisonJSON`'s fields where a summary has them
/// (`null` for what needs paired inputs: McNemar, fixed, broken, matched inputs), with
/// `"test": "delong_unpaired"`, pROC's D as `statistic` and its degrees of freedom as `df`.
public enum SummaryComparisonJSON {
    public static func render(_ comparison: SummaryComparison, thresholds: Thresholds,
                              sort: ComparisonSort = .delta, descending: Bool = false) -> String {
        let f1 = comparison.f1(at: thresholds)
        let rows = sort.sorted(comparison.concepts, descending: descending).map { row in
            let test = row.test
            return JSONText.object([
                ("concept", JSONText.string(row.concept.name)),
                ("auc_a", JSONText.number(row.aucA)),
                ("auc_b", JSONText.number(row.aucB)),
                ("delta_auc", JSONText.number(row.deltaAUC)),
                ("statistic", JSONText.number(test?.statistic)),
                ("df", JSONText.number(test?.degreesOfFreedom)),
                ("p_value", JSONText.number(test?.pValue)),
                ("p_holm", JSONText.number(row.pHolm)),
                ("ap_a", JSONText.number(row.averagePrecisionA)),
                ("ap_b", JSONText.number(row.averagePrecisionB)),
                ("f1_a", JSONText.number(f1[row.index].a)),
                ("f1_b", JSONText.number(f1[row.index].b)),
                ("threshold", JSONText.number(thresholds.value(for: row.index))),
                ("positives_a", JSONText.number(row.positivesA)),
                ("negatives_a", JSONText.number(row.negativesA)),
                ("positives_b", JSONText.number(row.positivesB)),
                ("negatives_b", JSONText.number(row.negativesB)),
            ], indent: "    ")
        }
        let summaryObject = JSONText.object([
            ("macro_auc_a", JSONText.number(comparison.macroAUCA)),
            ("macro_auc_b", JSONText.number(comparison.macroAUCB)),
            ("top1_accuracy_a", JSONText.number(comparison.a.top1Accuracy)),
            ("top1_accuracy_b", JSONText.number(comparison.b.top1Accuracy)),
            ("mcnemar", "null"),
            ("significantly_better", JSONText.number(comparison.significantlyBetter)),
            ("significantly_worse", JSONText.number(comparison.significantlyWorse)),
        ], indent: "  ")
        let perConcept = rows.isEmpty ? "[]" : "[\n" + rows.map { "    " + $0 }.joined(separator: ",\n") + "\n  ]"
        let a = comparison.a.summary, b = comparison.b.summary
        return JSONText.object([
            ("file_a", JSONText.string(a.source)),
            ("file_b", JSONText.string(b.source)),
            ("summaries", "true"),
            ("test", JSONText.string("delong_unpaired")),
            ("mode", JSONText.string(a.mode.rawValue)),
            ("threshold", JSONText.number(thresholds.global)),
            ("inputs_a", JSONText.number(a.inputs)),
            ("inputs_b", JSONText.number(b.inputs)),
            ("matched_inputs", "null"),
            ("concepts", JSONText.number(comparison.concepts.count)),
            ("concepts_only_in_a", JSONText.array(comparison.conceptsOnlyInA.map(JSONText.string))),
            ("concepts_only_in_b", JSONText.array(comparison.conceptsOnlyInB.map(JSONText.string))),
            ("summary", summaryObject),
            ("per_concept", perConcept),
        ], indent: "") + "\n"
    }
}
