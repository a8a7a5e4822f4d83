import EvalCore
import TermUI

/// The model summary: macro AUC ± std, macro AP, top-1 accuracy (exclusive), and macro
/// precision, recall and F1 at the threshold; Clarifai's own macro AUC when it came with one;
/// and the diagnosis's verdict with its evidence (`d` shows the whole diagnosis).
enum SummaryView {
    static func lines(_ state: AppState, context: RenderContext) -> [(label: String, value: String)] {
        guard let session = state.session else { return [] }
        let summary = session.metrics.summary(thresholds: state.thresholds)
        let ascii = context.ascii
        var auc = Format.metric(summary.macroAUC, ascii: ascii)
        if let std = summary.aucStd, summary.macroAUC != nil { auc += (ascii ? " +/- " : " ± ") + Format.fixed(std, 4) }
        var rows: [(String, String)] = [("Macro ROC AUC", auc)]
        if let reported = session.metrics.reportedMacroAUC {
            rows.append(("  Clarifai says", Format.metric(reported, ascii: ascii)))
        }
        rows.append(("Macro AP", Format.metric(summary.macroAP, ascii: ascii)))
        if session.mode == .exclusive {
            rows.append(("Top-1 accuracy", Format.metric(summary.top1Accuracy, ascii: ascii)))
        }
        // The threshold the next three are at gets its own line (it no longer fits beside them).
        let own = state.thresholds.perConcept.count
        rows.append(("Threshold", own == 0 ? Format.threshold(state.thresholds.global)
            : "\(Format.threshold(state.thresholds.global)), \(own) own"))
        rows.append(("Macro precision", Format.metric(summary.macroPrecision, ascii: ascii)))
        rows.append(("Macro recall", Format.metric(summary.macroRecall, ascii: ascii)))
        rows.append(("Macro F1", Format.metric(summary.macroF1, ascii: ascii)))
        return rows
    }

    /// The boxed pane of the wide layout.
    static func renderPane(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext) {
        Block.themed("Model summary", theme: context.theme).render(into: &buffer, area: area)
        let inner = area.inner(margin: 1)
        let rows = lines(state, context: context)
        for (i, row) in rows.enumerated() where i < inner.height {
            buffer.setString(" " + row.label, x: inner.x, y: inner.y + i, style: context[.muted], maxWidth: inner.width)
            buffer.setString(CellWidth.truncate(row.value, toWidth: max(0, inner.width - 18), ellipsis: context.glyphs.ellipsis),
                             x: inner.x + 18, y: inner.y + i, style: context[.text], maxWidth: max(0, inner.width - 18))
        }
        var used = rows.count
        if let diagnosis = state.analysis.diagnosis?.diagnosis, used + 2 <= inner.height {
            let role = DiagnosisScreen.verdictRole(diagnosis.verdict)
            let wrapped = LoadingScreen.wrap(TerminalText.safe(diagnosis.summary), width: inner.width - 2)
            for (j, line) in wrapped.prefix(inner.height - used - 1).enumerated() {
                buffer.setString(" " + line, x: inner.x, y: inner.y + used + 1 + j, style: context[role], maxWidth: inner.width)
            }
            used += 1 + min(wrapped.count, inner.height - used - 1)
        }
        if let session = state.session, used + 2 <= inner.height {
            let kind = session.mode == .exclusive
                ? "Exclusive: one label per input; the argmax is the answer."
                : "Multilabel: each concept is its own yes/no decision."
            for (j, line) in LoadingScreen.wrap(kind, width: inner.width - 2).enumerated() where used + 1 + j < inner.height {
                buffer.setString(" " + line, x: inner.x, y: inner.y + used + 1 + j, style: context[.muted], maxWidth: inner.width)
            }
        }
    }

    /// One or two unboxed lines for the compact layout.
    static func renderCompact(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext) {
        guard let session = state.session else { return }
        let summary = session.metrics.summary(thresholds: state.thresholds)
        let ascii = context.ascii
        var first = "macro AUC \(Format.metric(summary.macroAUC, ascii: ascii))"
        if let std = summary.aucStd, summary.macroAUC != nil { first += (ascii ? " +/- " : " ± ") + Format.fixed(std, 4) }
        if let reported = session.metrics.reportedMacroAUC { first += " (Clarifai \(Format.metric(reported, ascii: ascii)))" }
        first += "  AP \(Format.metric(summary.macroAP, ascii: ascii))"
        if session.mode == .exclusive { first += "  top-1 \(Format.metric(summary.top1Accuracy, ascii: ascii))" }
        let at = state.thresholds.perConcept.isEmpty ? "at t=\(Format.threshold(state.thresholds.global))" : "at their thresholds"
        let second = "\(at): P \(Format.metric(summary.macroPrecision, ascii: ascii))  R \(Format.metric(summary.macroRecall, ascii: ascii))  F1 \(Format.metric(summary.macroF1, ascii: ascii))"
        let verdict = state.analysis.diagnosis.map { "   " + TerminalText.safe($0.diagnosis.summary) }
        // What does not fit is cut with an ellipsis, never silently (`d` shows the verdict whole).
        let ellipsis = context.glyphs.ellipsis
        func fit(_ text: String, _ width: Int) -> String { CellWidth.truncate(text, toWidth: max(0, width), ellipsis: ellipsis) }
        if area.height >= 2 {
            buffer.setString(fit(" " + first, area.width), x: area.x, y: area.y, style: context[.text], maxWidth: area.width)
            let x = buffer.setString(fit(" " + second, area.width), x: area.x, y: area.y + 1, style: context[.text], maxWidth: area.width)
            if let verdict, let role = state.analysis.diagnosis.map({ DiagnosisScreen.verdictRole($0.diagnosis.verdict) }) {
                buffer.setString(fit(verdict, area.right - x), x: x, y: area.y + 1, style: context[role], maxWidth: max(0, area.right - x))
            }
        } else {
            buffer.setString(fit(" " + first + "  " + second, area.width), x: area.x, y: area.y, style: context[.text], maxWidth: area.width)
        }
    }
}
