import EvalCore
import TermUI

/// The top line: file, inputs, concepts, mode, folds, the model's verdict, threshold.
enum HeaderView {
    static func render(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext) {
        guard let session = state.session else { return }
        let evaluation = session.evaluation
        buffer.fill(area, cell: Cell(symbol: " ", style: context[.header]))
        let sep = context.ascii ? " | " : " │ "
        var parts = [
            "evaltop",
            TerminalText.safe(state.fileName),
            "\(Format.count(evaluation.inputCount)) inputs",
            "\(evaluation.conceptCount) concepts",
            evaluation.mode.rawValue,
        ]
        if let fold = evaluation.fold { parts.append("\(fold.values.count) folds") }
        parts.append(state.analysis.diagnosis?.diagnosis.verdict.title ?? (context.ascii ? "diagnosing..." : "diagnosing…"))
        var t = "t=\(Format.threshold(state.thresholds.global))"
        if !state.thresholds.perConcept.isEmpty { t += " (+\(state.thresholds.perConcept.count) own)" }
        parts.append(t)
        let flagged = state.flags.store.flaggedCount
        if flagged > 0 { parts.append("\(context.glyphs.flag) \(Format.count(flagged))") }
        buffer.setString(" " + parts.joined(separator: sep), x: area.x, y: area.y, style: context[.header], maxWidth: area.width)
    }
}

/// Data text made safe for the terminal: control characters and escape sequences shown
/// escaped (`\x1b`), never sent raw.
enum TerminalText {
    static func safe(_ text: String) -> String { CellWidth.sanitize(text) }
}
