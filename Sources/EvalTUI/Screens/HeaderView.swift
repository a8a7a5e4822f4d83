import EvalCore
import TermUI

/// The top line: file, inputs, concepts, mode, folds, the model's verdict, threshold.
enum HeaderView {
    static func render(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext) {
        guard let session = state.session else { return }
        buffer.fill(area, cell: Cell(symbol: " ", style: context[.header]))
        let sep = context.ascii ? " | " : " │ "
        // Most important first, so that a narrow terminal cuts the least useful parts:
        // the threshold and the flag count must stay visible at 80 columns.
        var t = "t=\(Format.threshold(state.thresholds.global))"
        if !state.thresholds.perConcept.isEmpty { t += " (+\(state.thresholds.perConcept.count) own)" }
        if let comparison = session.comparison {
            renderComparison(state, comparison: comparison, area: area, into: &buffer, context: context)
            return
        }
        if let comparison = session.summaryComparison {
            renderComparison(state, summaries: comparison, area: area, into: &buffer, context: context)
            return
        }
        var parts = [
            "evaltop",
            CellWidth.truncate(TerminalText.safe(state.fileName), toWidth: 28, ellipsis: context.ascii ? "~" : "…"),
            t,
            // Short, so that it stays visible at 80 columns.
            state.analysis.diagnosis.map { shortVerdict($0.diagnosis.verdict) } ?? (context.ascii ? "diagnosing..." : "diagnosing…"),
        ]
        let flagged = state.flags.store.flaggedCount
        if flagged > 0 { parts.append("\(context.glyphs.flag) \(Format.count(flagged))") }
        parts += [
            "\(Format.count(session.inputCount)) inputs",
            "\(session.conceptCount) concepts",
            session.mode.rawValue,
        ]
        if let folds = session.metrics.foldValues { parts.append("\(folds.count) folds") }
        // A summary says so beside the file name, with the grid's AUC error when not exact
        // (short, so that it stays at 80 columns beside a short name, before the verdict goes).
        if let summary = session.summary { parts.insert(summaryTag(summary, ascii: context.ascii), at: 2) }
        // Whole parts only: the least important go first rather than one being cut mid-word.
        while parts.count > 3, CellWidth.of(" " + parts.joined(separator: sep)) > area.width { parts.removeLast() }
        buffer.setString(context.cut(" " + parts.joined(separator: sep), area.width), x: area.x, y: area.y,
                         style: context[.header], maxWidth: area.width)
    }
}

extension HeaderView {
    /// `evaltop A B`: both files, the threshold, the flags (B's), what was matched, and a
    /// warning when the files label inputs differently.
    static func renderComparison(_ state: AppState, comparison: Comparison, area: Rect, into buffer: inout Buffer,
                                 context: RenderContext) {
        let sep = context.ascii ? " | " : " │ "
        var parts = comparisonLead(state, context: context)
        let flagged = state.flags.store.flaggedCount
        if flagged > 0 { parts.append("\(context.glyphs.flag) \(Format.count(flagged))") }
        let pair = comparison.pair
        if pair.labelMismatches > 0 { parts.append("\(Format.count(pair.labelMismatches)) label mismatches") }
        parts += [
            "\(Format.count(pair.matchedInputs)) matched",
            "\(comparison.concepts.count) concepts",
            pair.a.mode.rawValue,
        ]
        buffer.setString(" " + parts.joined(separator: sep), x: area.x, y: area.y, style: context[.header], maxWidth: area.width)
    }

    /// `evaltop A.evalsum B.evalsum`: both names, the threshold, "summaries" with the larger
    /// grid's AUC error, the shared concepts and the mode.
    static func renderComparison(_ state: AppState, summaries comparison: SummaryComparison, area: Rect, into buffer: inout Buffer,
                                 context: RenderContext) {
        let sep = context.ascii ? " | " : " │ "
        let summaryA = comparison.a.summary, summaryB = comparison.b.summary
        // The tag of the coarser of the two: its AUC error bound is the larger.
        let tag = summaryTag(summaryA.aucErrorBound >= summaryB.aucErrorBound ? summaryA : summaryB, ascii: context.ascii)
        var parts = comparisonLead(state, context: context)
        parts += [tag.replacingOccurrences(of: "summary", with: "summaries"), "\(comparison.concepts.count) concepts", summaryB.mode.rawValue]
        while parts.count > 3, CellWidth.of(" " + parts.joined(separator: sep)) > area.width { parts.removeLast() }
        buffer.setString(context.cut(" " + parts.joined(separator: sep), area.width), x: area.x, y: area.y,
                         style: context[.header], maxWidth: area.width)
    }

    /// How both comparison headers start: "evaltop", "A → B" (the files' names) and the
    /// threshold. The arrow becomes "->" in ASCII before the names are made safe, which in the
    /// ASCII fallback escapes every other non-ASCII character.
    static func comparisonLead(_ state: AppState, context: RenderContext) -> [String] {
        var t = "t=\(Format.threshold(state.thresholds.global))"
        if !state.thresholds.perConcept.isEmpty { t += " (+\(state.thresholds.perConcept.count) own)" }
        let name = TerminalText.safe(context.ascii ? state.fileName.replacingOccurrences(of: "→", with: "->") : state.fileName)
        return ["evaltop", CellWidth.truncate(name, toWidth: 44, ellipsis: context.ascii ? "~" : "…"), t]
    }

    /// "summary", or "summary 1e-4: AUC ±2.1e-05" with a grid (the largest AUC error rounding
    /// the scores to it can cause, as `report` states it); "+/-" in ASCII.
    static func summaryTag(_ summary: EvaluationSummary, ascii: Bool = false) -> String {
        guard summary.grid != .exact else { return "summary" }
        return "summary \(summary.grid.rawValue): AUC \(ascii ? "+/-" : "±")\(String(format: "%.2g", summary.aucErrorBound))"
    }

    /// The verdict in two words or so.
    static func shortVerdict(_ verdict: Verdict) -> String {
        switch verdict {
        case .good: return "good model"
        case .ok: return "OK model"
        case .bad: return "bad model"
        case .variance: return "model with variance"
        case .biased: return "possibly biased"
        }
    }
}

/// Data text made safe for the terminal: control characters and escape sequences shown
/// escaped (`\x1b`), never sent raw.
enum TerminalText {
    static func safe(_ text: String) -> String { CellWidth.sanitize(text) }
}
