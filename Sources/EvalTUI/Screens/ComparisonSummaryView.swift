import EvalCore
import Foundation
import TermUI

/// The summary of a comparison (`evaltop A B`): both files, what was matched and left out,
/// macro AUC and top-1 accuracy A → B with McNemar's p, and how many concepts changed
/// significantly. Every name from the files goes through `TerminalText.safe`.
enum ComparisonSummaryView {
    static func lines(_ comparison: Comparison, context: RenderContext) -> [(label: String, value: String)] {
        let pair = comparison.pair
        let summary = comparison.summary
        let ascii = context.ascii
        let arrow = ascii ? " -> " : " → "
        func name(_ evaluation: Evaluation) -> String {
            TerminalText.safe((evaluation.sourcePath as NSString).lastPathComponent)
        }
        var rows: [(String, String)] = [("A", name(pair.originalA)), ("B", name(pair.originalB))]
        rows.append(("Matched inputs", Format.count(pair.matchedInputs)))
        if !pair.inputsOnlyInA.isEmpty || !pair.inputsOnlyInB.isEmpty {
            rows.append(("  left out", "\(Format.count(pair.inputsOnlyInA.count)) only A, \(Format.count(pair.inputsOnlyInB.count)) only B (o)"))
        }
        if pair.labelMismatches > 0 {
            rows.append(("Labels differ", "\(Format.count(pair.labelMismatches)) inputs, A's used"))
        }
        rows.append(("Concepts", String(comparison.concepts.count)))
        if !pair.conceptsOnlyInA.isEmpty || !pair.conceptsOnlyInB.isEmpty {
            rows.append(("  left out", "\(pair.conceptsOnlyInA.count) only A, \(pair.conceptsOnlyInB.count) only B (o)"))
        }
        rows += macroAUCRows(comparison, ascii: ascii)
        if let mcNemar = summary.mcNemar {
            rows.append(("Top-1 accuracy",
                         Format.metric(summary.top1AccuracyA, ascii: ascii) + arrow + Format.metric(summary.top1AccuracyB, ascii: ascii)))
            rows.append(("  McNemar p", ComparisonTableView.pValue(mcNemar.pValue, ascii: ascii)
                            + " (b \(Format.count(mcNemar.b)), c \(Format.count(mcNemar.c)))"))
        }
        rows.append(("Holm p < 0.05", significance(comparison, ascii: ascii)))
        return rows
    }

    /// Two summaries: their sizes (inputs are not matched: a summary does not list them), the
    /// shared concepts, macro AUC and top-1 accuracy A → B, and the unpaired test's verdicts.
    static func lines(_ comparison: SummaryComparison, context: RenderContext) -> [(label: String, value: String)] {
        let ascii = context.ascii
        let arrow = ascii ? " -> " : " → "
        let a = comparison.a, b = comparison.b
        func name(_ metrics: SummaryMetrics) -> String { TerminalText.safe(LeftOutLines.fileName(metrics.summary.source)) }
        var rows: [(String, String)] = [("A", name(a)), ("B", name(b))]
        rows.append(("Inputs", Format.count(a.summary.inputs) + arrow + Format.count(b.summary.inputs)))
        rows.append(("Concepts", String(comparison.concepts.count)))
        if !comparison.conceptsOnlyInA.isEmpty || !comparison.conceptsOnlyInB.isEmpty {
            rows.append(("  left out", "\(comparison.conceptsOnlyInA.count) only A, \(comparison.conceptsOnlyInB.count) only B (o)"))
        }
        rows += macroAUCRows(comparison, ascii: ascii)
        if a.top1Accuracy != nil || b.top1Accuracy != nil {
            rows.append(("Top-1 accuracy", Format.metric(a.top1Accuracy, ascii: ascii) + arrow + Format.metric(b.top1Accuracy, ascii: ascii)))
        }
        rows.append(("Holm p < 0.05", significance(comparison, ascii: ascii)))
        // The inputs are not paired (a summary does not list them): pROC's unpaired test.
        rows.append(("Test", "unpaired DeLong"))
        return rows
    }

    /// "B: new.csv · " before the title of a view that shows model B only when comparing (the
    /// matrix, diagnosis, slices and suspects: they are computed on B, with A's labels); "" for
    /// a single evaluation.
    static func modelBPrefix(_ session: Session?) -> String {
        let pathB = session?.comparison?.pair.originalB.sourcePath ?? session?.summaryComparison?.b.summary.source
        guard let pathB else { return "" }
        return "B: \(TerminalText.safe((pathB as NSString).lastPathComponent)) · "
    }

    /// Macro AUC A → B and its change, in either comparison's pane.
    static func macroAUCRows(_ compared: any ComparedModels, ascii: Bool) -> [(String, String)] {
        var rows = [("Macro AUC", Format.metric(compared.macroAUCA, ascii: ascii) + (ascii ? " -> " : " → ")
                        + Format.metric(compared.macroAUCB, ascii: ascii))]
        if let a = compared.macroAUCA, let b = compared.macroAUCB {
            rows.append((ascii ? "  change" : "  Δ", ComparisonTableView.signed(b - a, ascii: ascii)))
        }
        return rows
    }

    static func significance(_ compared: any ComparedModels, ascii: Bool) -> String {
        "\(ComparisonTableView.mark(.better, ascii: ascii)) \(compared.significantlyBetter) better  "
            + "\(ComparisonTableView.mark(.worse, ascii: ascii)) \(compared.significantlyWorse) worse"
    }

    /// The boxed pane of the wide layout.
    static func renderPane(_ compared: any ComparedModels, area: Rect, into buffer: inout Buffer, context: RenderContext) {
        Block.themed(context.ascii ? "Comparison (B - A)" : "Comparison (B − A)", theme: context.theme).render(into: &buffer, area: area)
        let inner = area.inner(margin: 1)
        let rows: [(label: String, value: String)]
        switch compared {
        case let comparison as Comparison: rows = lines(comparison, context: context)
        case let comparison as SummaryComparison: rows = lines(comparison, context: context)
        default: rows = []
        }
        for (i, row) in rows.enumerated() where i < inner.height {
            buffer.setString(" " + row.label, x: inner.x, y: inner.y + i, style: context[.muted], maxWidth: inner.width)
            let style = row.label == "Labels differ" ? context[.warning] : context[.text]
            // A cut value (a long file name) ends in an ellipsis, so it reads as cut.
            buffer.setString(context.cut(row.value, inner.width - 17), x: inner.x + 17, y: inner.y + i, style: style,
                             maxWidth: max(0, inner.width - 17))
        }
    }

    /// One or two lines for the compact layout.
    static func renderCompact(_ comparison: Comparison, area: Rect, into buffer: inout Buffer, context: RenderContext) {
        let summary = comparison.summary
        let pair = comparison.pair
        let ascii = context.ascii
        let arrow = ascii ? "->" : "→"
        // The significance counts come right after macro AUC, so that 80 columns keep them.
        var first = " macro AUC \(Format.metric(summary.macroAUCA, ascii: ascii)) \(arrow) \(Format.metric(summary.macroAUCB, ascii: ascii))"
        first += "  " + significance(comparison, ascii: ascii)
        if let mcNemar = summary.mcNemar {
            first += "  top-1 \(Format.metric(summary.top1AccuracyA, ascii: ascii)) \(arrow) \(Format.metric(summary.top1AccuracyB, ascii: ascii))"
            first += " (McNemar p \(ComparisonTableView.pValue(mcNemar.pValue, ascii: ascii)))"
        }
        buffer.setString(context.cut(first, area.width), x: area.x, y: area.y, style: context[.text], maxWidth: area.width)
        guard area.height >= 2 else { return }
        var second = " \(Format.count(pair.matchedInputs)) matched inputs"
        if !pair.inputsOnlyInA.isEmpty || !pair.inputsOnlyInB.isEmpty {
            second += ", left out \(Format.count(pair.inputsOnlyInA.count)) only in A and \(Format.count(pair.inputsOnlyInB.count)) only in B (o)"
        }
        if pair.labelMismatches > 0 { second += "; \(Format.count(pair.labelMismatches)) label mismatches (A's labels used)" }
        buffer.setString(context.cut(second, area.width), x: area.x, y: area.y + 1, style: pair.labelMismatches > 0 ? context[.warning] : context[.muted],
                         maxWidth: area.width)
    }

    /// One or two lines for the compact layout, of two summaries.
    static func renderCompact(_ comparison: SummaryComparison, area: Rect, into buffer: inout Buffer, context: RenderContext) {
        let ascii = context.ascii
        let arrow = ascii ? "->" : "→"
        var first = " macro AUC \(Format.metric(comparison.macroAUCA, ascii: ascii)) \(arrow) \(Format.metric(comparison.macroAUCB, ascii: ascii))"
        first += "  " + significance(comparison, ascii: ascii)
        buffer.setString(context.cut(first, area.width), x: area.x, y: area.y, style: context[.text], maxWidth: area.width)
        guard area.height >= 2 else { return }
        var second = " summaries of \(Format.count(comparison.a.summary.inputs)) and \(Format.count(comparison.b.summary.inputs)) inputs: DeLong unpaired"
        if !comparison.conceptsOnlyInA.isEmpty || !comparison.conceptsOnlyInB.isEmpty {
            second += "; \(comparison.conceptsOnlyInA.count + comparison.conceptsOnlyInB.count) concepts left out (o)"
        }
        buffer.setString(context.cut(second, area.width), x: area.x, y: area.y + 1, style: context[.muted], maxWidth: area.width)
    }
}
