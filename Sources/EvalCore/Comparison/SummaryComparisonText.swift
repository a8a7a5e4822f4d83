import Foundation

/// The plain-text `evaltop compare` of two summaries: the same layout as `ComparisonText`, with
/// pROC's unpaired test (D, df) in place of the paired one, and a line saying what a summary
/// cannot tell.
public enum SummaryComparisonText {
    public static let columns = [
        "Concept", "AUC A", "AUC B", "ΔAUC", "D", "df", "p", "p Holm", "Change", "AP A", "AP B", "F1 A", "F1 B",
    ]

    public static func render(_ comparison: SummaryComparison, thresholds: Thresholds,
                              sort: ComparisonSort = .delta, descending: Bool = false) -> String {
        let f1 = comparison.f1(at: thresholds)
        var lines = summaryLines(comparison, thresholds: thresholds)
        lines.append("")
        let rows = sort.sorted(comparison.concepts, descending: descending).map { row -> [String] in
            let test = row.test
            return [
                TerminalSafe.escape(row.concept.name), ComparisonText.fixed(row.aucA), ComparisonText.fixed(row.aucB),
                ComparisonText.signed(row.deltaAUC), ComparisonText.signed(test?.statistic),
                test?.degreesOfFreedom.map { String(format: "%.1f", $0) } ?? "-",
                ComparisonText.pValue(test?.pValue), ComparisonText.pValue(row.pHolm), ComparisonText.changeWord(row.change()),
                ComparisonText.fixed(row.averagePrecisionA), ComparisonText.fixed(row.averagePrecisionB),
                ComparisonText.fixed(f1[row.index].a), ComparisonText.fixed(f1[row.index].b),
            ]
        }
        lines += TextTable.render(header: columns, rows: rows)
        return lines.joined(separator: "\n") + "\n"
    }

    static func summaryLines(_ comparison: SummaryComparison, thresholds: Thresholds) -> [String] {
        let a = comparison.a.summary, b = comparison.b.summary
        var lines = [
            "A  \(TerminalSafe.escape(a.source)) (summary, \(a.inputs) inputs, grid \(a.grid.rawValue))",
            "B  \(TerminalSafe.escape(b.source)) (summary, \(b.inputs) inputs, grid \(b.grid.rawValue))",
        ]
        var concepts = "Concepts \(comparison.concepts.count)"
        if !comparison.conceptsOnlyInA.isEmpty || !comparison.conceptsOnlyInB.isEmpty {
            concepts += " (left out: \(comparison.conceptsOnlyInA.count) only in A, \(comparison.conceptsOnlyInB.count) only in B)"
        }
        concepts += "   Mode \(a.mode.rawValue)   Threshold \(TextReport.plain(thresholds.global))"
        lines.append(concepts)
        for (which, names) in [("A", comparison.conceptsOnlyInA), ("B", comparison.conceptsOnlyInB)] where !names.isEmpty {
            lines.append("Concepts only in \(which): " + names.prefix(10).map(TerminalSafe.escape).joined(separator: ", ")
                + (names.count > 10 ? ", … (\(names.count - 10) more)" : ""))
        }
        var model = "Macro AUC \(ComparisonText.fixed(comparison.macroAUCA)) → \(ComparisonText.fixed(comparison.macroAUCB))"
        if let macroA = comparison.macroAUCA, let macroB = comparison.macroAUCB { model += " (Δ \(ComparisonText.signed(macroB - macroA)))" }
        if comparison.a.top1Accuracy != nil || comparison.b.top1Accuracy != nil {
            model += "   Top-1 accuracy \(ComparisonText.fixed(comparison.a.top1Accuracy)) → \(ComparisonText.fixed(comparison.b.top1Accuracy))"
        }
        lines.append(model)
        lines.append("Significant changes (Holm-adjusted p < 0.05): \(comparison.significantlyBetter) better, \(comparison.significantlyWorse) worse")
        lines.append("Unpaired test (summaries keep no input's scores): DeLong's test for two unpaired curves as pROC computes it "
            + "(roc.test, paired = FALSE: D, Welch df, Student's t).")
        lines.append("On the same inputs it is conservative; McNemar, fixed and broken inputs need the files.")
        return lines
    }
}
