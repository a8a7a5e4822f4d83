import EvalCore
import TermUI

/// The input overlay on a summary's row (issue 13): what the summary holds of the input, laid
/// out as on a file (metadata, text, labels, then the scores high to low with their outcome).
/// Images are not fetched from a summary: the url is shown for `y` to copy.
extension OverlayView {
    static func renderSummaryInput(_ state: AppState, row: SummaryRow, scroll: Int, into buffer: inout Buffer, context: RenderContext) {
        guard let session = state.session else { return }
        let flag = state.flags.store.state(of: row.id).flatMap { $0.flagged ? $0 : nil }
        let inner = popup("Input \(TerminalText.safe(row.id)) (from the summary)" + (flag == nil ? "" : " \(context.glyphs.flag) flagged"), width: 100, height: buffer.area.height - 2,
                          into: &buffer, context: context)
        let lines = summaryInputLines(state, session: session, row: row, context: context, width: inner.width - 1)
        let first = min(scroll, max(0, lines.count - inner.height))
        for (i, line) in lines.dropFirst(first).prefix(inner.height).enumerated() {
            buffer.setString(context.cut(line.0, inner.width - 1), x: inner.x + 1, y: inner.y + i, style: line.1, maxWidth: inner.width - 1)
        }
    }

    static func summaryInputLines(_ state: AppState, session: Session, row: SummaryRow, context: RenderContext, width: Int) -> [(String, Style)] {
        let flag = state.flags.store.state(of: row.id).flatMap { $0.flagged ? $0 : nil }
        var lines: [(String, Style)] = FlagLines.lines(flag, state: state, context: context)
        if let url = row.url { lines.append(("url     " + TerminalText.safe(url), context[.url])) }
        if let w = row.width, let h = row.height { lines.append(("size    \(w)\(context.ascii ? "x" : "×")\(h)", context[.overlay])) }
        if let fold = row.fold { lines.append(("fold    " + TerminalText.safe(fold), context[.overlay])) }
        if let summary = session.summary {
            for (index, value) in row.meta.enumerated() where value != nil && index < summary.attributes.count {
                lines.append(("meta:\(TerminalText.safe(summary.attributes[index].name)) = \(TerminalText.safe(value!))", context[.overlay]))
            }
        }
        if let text = row.text {
            lines.append(("", context[.overlay]))
            lines += textLines(text, width: width).map { ($0, context[.overlay]) }
        }
        let labels = Set(row.labels.map(Int.init))
        lines.append(("", context[.overlay]))
        lines.append(("labels  " + (labels.isEmpty ? "(none)" : labels.sorted().map { TerminalText.safe(session.name($0)) }.joined(separator: "; ")), context[.overlay]))
        lines.append(("", context[.overlay]))
        let on = context.ascii ? "*" : "●", off = context.ascii ? "o" : "○"
        let scored = (0 ..< session.conceptCount).compactMap { c in row.score(of: c).map { (c, $0) } }
        let order = scored.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        let nameWidth = min(30, order.map { CellWidth.of(TerminalText.safe(session.name($0.0))) }.max() ?? 10)
        for (c, score) in order {
            let t = state.thresholds.value(for: c)
            let verdict = OverlayView.outcome(labelled: labels.contains(c), score: score, threshold: t)
            let bar = String(repeating: context.ascii ? "#" : "▇", count: Int((score * 20).rounded()))
            let text = "\(labels.contains(c) ? on : off) \(CellWidth.fit(TerminalText.safe(session.name(c)), width: nameWidth)) \(Format.fixed(score, 4)) \(CellWidth.fit(bar, width: 20)) \(verdict)"
            lines.append((text, labels.contains(c) ? context[.labeled] : context[.overlay]))
        }
        if scored.count < session.conceptCount {
            lines.append(("(the summary keeps this input's scores for \(scored.count) of \(session.conceptCount) concepts)", context[.muted]))
        }
        return lines
    }
}
