import Foundation

/// The plain-text `evaltop compare`: who was compared with what, the model-level changes, then
/// one row per shared concept. Names from the files go through `TerminalSafe.escape`; columns
/// are aligned by display width (`TextTable`).
public enum ComparisonText {
    public static let columns = [
        "Concept", "AUC A", "AUC B", "ΔAUC", "95% CI", "p", "p Holm", "Change",
        "AP A", "AP B", "F1 A", "F1 B", "Fixed", "Broken",
    ]

    public static func render(_ comparison: Comparison, thresholds: Thresholds,
                              sort: ComparisonSort = .delta, descending: Bool = false) -> String {
        let outcomes = comparison.outcomes(at: thresholds)
        var lines = summaryLines(comparison, thresholds: thresholds)
        lines.append("")
        let rows = sort.sorted(comparison.concepts, descending: descending).map { row -> [String] in
            let outcome = outcomes[row.index]
            let test = row.deLong
            let interval = test?.ciLow.flatMap { low in test?.ciHigh.map { "[\(signed(low)), \(signed($0))]" } } ?? "-"
            return [
                TerminalSafe.escape(row.concept.name), fixed(row.aucA), fixed(row.aucB), signed(row.deltaAUC), interval,
                pValue(test?.pValue), pValue(row.pHolm), changeWord(row.change()),
                fixed(row.averagePrecisionA), fixed(row.averagePrecisionB),
                fixed(outcome.countsA.f1), fixed(outcome.countsB.f1), String(outcome.fixed), String(outcome.broken),
            ]
        }
        lines += TextTable.render(header: columns, rows: rows)
        return lines.joined(separator: "\n") + "\n"
    }

    static func summaryLines(_ comparison: Comparison, thresholds: Thresholds) -> [String] {
        let pair = comparison.pair
        let summary = comparison.summary
        var lines = [
            "A  \(TerminalSafe.escape(pair.originalA.sourcePath))",
            "B  \(TerminalSafe.escape(pair.originalB.sourcePath))",
        ]
        var inputs = "Matched inputs \(pair.matchedInputs)"
        if !pair.inputsOnlyInA.isEmpty || !pair.inputsOnlyInB.isEmpty {
            inputs += " (left out: \(pair.inputsOnlyInA.count) only in A, \(pair.inputsOnlyInB.count) only in B)"
        }
        inputs += "   Concepts \(comparison.concepts.count)"
        if !pair.conceptsOnlyInA.isEmpty || !pair.conceptsOnlyInB.isEmpty {
            inputs += " (left out: \(pair.conceptsOnlyInA.count) only in A, \(pair.conceptsOnlyInB.count) only in B)"
        }
        inputs += "   Mode \(pair.a.mode.rawValue)   Threshold \(TextReport.plain(thresholds.global))"
        lines.append(inputs)
        if pair.labelMismatches > 0 {
            lines.append("Label mismatches \(pair.labelMismatches): those inputs are labelled differently in B; A's labels are used")
        }
        for (which, names) in [("A", pair.conceptsOnlyInA), ("B", pair.conceptsOnlyInB)] where !names.isEmpty {
            lines.append("Concepts only in \(which): " + names.prefix(10).map(TerminalSafe.escape).joined(separator: ", ")
                + (names.count > 10 ? ", … (\(names.count - 10) more)" : ""))
        }
        var model = "Macro AUC \(fixed(summary.macroAUCA)) → \(fixed(summary.macroAUCB))"
        if let a = summary.macroAUCA, let b = summary.macroAUCB { model += " (Δ \(signed(b - a)))" }
        if let mcNemar = summary.mcNemar {
            model += "   Top-1 accuracy \(fixed(summary.top1AccuracyA)) → \(fixed(summary.top1AccuracyB))"
            model += " (McNemar: \(mcNemar.b) right only in A, \(mcNemar.c) right only in B, p \(pValue(mcNemar.pValue)))"
        }
        lines.append(model)
        lines.append("Significant changes (Holm-adjusted p < 0.05): \(summary.significantlyBetter) better, \(summary.significantlyWorse) worse")
        return lines
    }

    static func changeWord(_ change: SignificantChange) -> String {
        switch change {
        case .better: return "better"
        case .worse: return "worse"
        case .none: return ""
        }
    }

    static func fixed(_ value: Double?) -> String { TextReport.fixed(value) }

    /// Four decimals with a sign ("+0.0123", "−" as a hyphen-minus), or "-" when undefined.
    static func signed(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        return String(format: "%+.4f", value)
    }

    /// p-values: four decimals, or scientific below 0.0001 so small values stay readable.
    static func pValue(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        if value == 0 { return "0" }
        return value < 0.0001 ? String(format: "%.1e", value) : String(format: "%.4f", value)
    }
}
