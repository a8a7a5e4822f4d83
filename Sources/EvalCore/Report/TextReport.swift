import Foundation

/// The plain-text `evaltop report`: a model summary, then the concept table (Concept, AUC,
/// AP, Labeled, Predicted, TP, FN, FP, Precision, Recall, F1). Every name from the file is
/// passed through `TerminalSafe.escape`, and columns are aligned by display width so CJK and
/// emoji names line up.
public enum TextReport {
    public static let columns = ["Concept", "AUC", "AP", "Labeled", "Predicted", "TP", "FN", "FP", "Precision", "Recall", "F1"]

    /// `extraSections` (lines each, e.g. the diagnosis and slices of `ReportSections`) follow
    /// the table, separated by blank lines.
    public static func render(_ report: EvaluationReport, sort: ReportSort = .auc, descending: Bool = false,
                              extraSections: [[String]] = []) -> String {
        var lines = summaryLines(report)
        lines.append("")
        lines += table(sort.sorted(report.rows, descending: descending),
                       showThresholds: !report.thresholds.perConcept.isEmpty)
        for section in extraSections where !section.isEmpty { lines += [""] + section }
        return lines.joined(separator: "\n") + "\n"
    }

    static func summaryLines(_ report: EvaluationReport) -> [String] {
        let summary = report.summary
        var lines = [
            "Evaluation  \(TerminalSafe.escape(report.sourcePath))",
            "Inputs \(report.inputs)   Concepts \(report.rows.count)   Mode \(report.mode.rawValue)   Threshold \(plain(report.thresholds.global))"
                + (report.thresholds.perConcept.isEmpty ? "" : " (\(report.thresholds.perConcept.count) per-concept overrides)"),
        ]
        var aucLine = "Macro AUC \(fixed(summary.macroAUC))"
        if let std = summary.aucStd {
            aucLine += " ± \(fixed(std)) (\(summary.conceptsWithAUC) of \(report.rows.count) concepts)"
        }
        aucLine += "   Macro AP \(fixed(summary.macroAP))"
        if report.mode == .exclusive { aucLine += "   Top-1 accuracy \(fixed(summary.top1Accuracy))" }
        lines.append(aucLine)
        lines.append("Macro precision \(fixed(summary.macroPrecision))   Macro recall \(fixed(summary.macroRecall))   Macro F1 \(fixed(summary.macroF1))")
        if let folds = report.foldAUC {
            let means = folds.mean.compactMap { $0 }
            let meanOfMeans = means.isEmpty ? nil : means.reduce(0, +) / Double(means.count)
            lines.append("Folds \(folds.folds.count)   Mean per-fold macro AUC \(fixed(meanOfMeans))   (per fold: --json)")
        }
        if let reported = report.clarifai?.macroAUC {
            lines.append("Clarifai reported macro AUC \(fixed(reported))")
        }
        return lines
    }

    /// The concept table; with `showThresholds` (some concept has its own threshold), a
    /// Threshold column after the name says which threshold each row's counts are at.
    static func table(_ rows: [EvaluationReport.ConceptRow], showThresholds: Bool = false) -> [String] {
        let cells: [[String]] = rows.map { row in
            let counts = row.counts
            var cells = [
                TerminalSafe.escape(row.concept.name), fixed(row.auc), fixed(row.averagePrecision),
                String(counts.labeled), String(counts.predicted), String(counts.tp), String(counts.fn), String(counts.fp),
                fixed(counts.precision), fixed(counts.recall), fixed(counts.f1),
            ]
            if showThresholds { cells.insert(plain(row.threshold), at: 1) }
            return cells
        }
        var header = columns
        if showThresholds { header.insert("Threshold", at: 1) }
        return TextTable.render(header: header, rows: cells)
    }

    /// Four decimals, or "-" when undefined.
    static func fixed(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        return String(format: "%.4f", value)
    }

    /// The threshold as given (0.5, 0.35), without trailing zeros.
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
