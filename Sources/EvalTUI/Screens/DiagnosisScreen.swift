import EvalCore
import TermUI

/// The diagnosis view (`d`): the verdict and its summary with the model-level evidence, then
/// every concept, those with advice first: each advice code as a short phrase with the numbers
/// behind it; healthy concepts on one line each. Enter selects the concept in the table.
enum DiagnosisScreen {
    static func area(width: Int, height: Int) -> Rect { Rect(x: 0, y: 1, width: width, height: max(0, height - 2)) }

    /// The lines above the concept list: the wrapped summary, the evidence, a blank line.
    static func topLines(_ state: AppState, width: Int, ascii: Bool) -> [(text: String, role: ThemeRole)] {
        guard let result = state.analysis.diagnosis else { return [] }
        let diagnosis = result.diagnosis
        var lines: [(String, ThemeRole)] = LoadingScreen.wrap(TerminalText.safe(diagnosis.summary), width: max(10, width - 2))
            .map { ($0, verdictRole(diagnosis.verdict)) }
        lines += LoadingScreen.wrap("evidence: " + EvidenceText.line(diagnosis.evidence, ascii: ascii), width: max(10, width - 2))
            .map { ($0, .muted) }
        lines.append(("", .text))
        return lines
    }

    /// Rows of the concept list (the reducer scrolls by it).
    static func listHeight(_ state: AppState) -> Int {
        let inner = area(width: state.width, height: state.height).inner(margin: 1)
        return max(1, inner.height - topLines(state, width: inner.width, ascii: !state.unicode).count - 1)
    }

    static func verdictRole(_ verdict: Verdict) -> ThemeRole {
        switch verdict {
        case .good: return .good
        case .ok: return .warning
        case .bad, .variance, .biased: return .bad
        }
    }

    static func render(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext) {
        guard let session = state.session else { return }
        var title = ComparisonSummaryView.modelBPrefix(session) + "Diagnosis"
        if let result = state.analysis.diagnosis {
            title += ": \(result.diagnosis.verdict.title)"
            if result.request.thresholds != state.thresholds { title += " (updating for the new thresholds...)" }
        }
        Block.themed(title, theme: context.theme, focused: true).render(into: &buffer, area: area)
        let inner = area.inner(margin: 1)
        guard inner.height >= 3, inner.width > 20 else { return }
        guard let result = state.analysis.diagnosis else {
            buffer.setString("diagnosing the model... (the slices by attribute and fold come first)", x: inner.x + 1, y: inner.y,
                             style: context[.muted], maxWidth: inner.width - 1)
            return
        }
        let diagnosis = result.diagnosis
        let top = topLines(state, width: inner.width, ascii: context.ascii)
        for (i, line) in top.enumerated() where i < inner.height {
            buffer.setString(cut(" " + line.text, inner.width, context), x: inner.x, y: inner.y + i, style: context[line.role], maxWidth: inner.width)
        }
        let layout = session.diagnosisLayout(result)
        let order = layout.order
        let advised = diagnosis.conceptsWithAdvice.count
        // Advice is something to look at, not a failure: a good model can have advice on every
        // concept (few inputs, a too-easy concept), so the heading does not oppose it to "healthy".
        let heading = "advice on \(advised) of \(order.count) concept\(order.count == 1 ? "" : "s"), nothing to add on \(order.count - advised)"
            + "   (markers in the table: see ? for the legend)"
        let headingY = inner.y + top.count
        guard headingY < inner.bottom else { return }
        buffer.setString(cut(" " + heading, inner.width, context), x: inner.x, y: headingY, style: context[.header].patched(with: Style(modifiers: .bold)),
                         maxWidth: inner.width)
        let listY = headingY + 1
        let visible = inner.bottom - listY
        // Only the entries on screen become lines (a frame of 1,000 concepts' lines cost 20–30 ms).
        let starts = layout.starts
        let offset = min(state.analysis.diagnosisView.scrollOffset, max(0, starts.last! - visible))
        let firstEntry = max(0, (starts.lastIndex { $0 <= offset } ?? 0))
        let endEntry = min(order.count, (starts.firstIndex { $0 >= offset + visible } ?? order.count))
        let lines = conceptLines(state, diagnosis: diagnosis, order: order, codeWidth: layout.codeWidth,
                                 entries: firstEntry ..< max(firstEntry, endEntry), session: session, context: context)
        for (i, line) in lines.dropFirst(offset - starts[firstEntry]).prefix(visible).enumerated() {
            let y = listY + i
            let selected = line.entry == state.analysis.diagnosisView.selectedEntry && line.isTitle
            if selected { buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), cell: Cell(symbol: " ", style: context[.selection])) }
            buffer.setString(cut(line.text, inner.width, context), x: inner.x, y: y, style: selected ? context[.selection] : context[line.role], maxWidth: inner.width)
        }
    }

    /// A line that does not fit ends in an ellipsis (Enter on the concept, or `evaltop report`,
    /// gives the evidence whole).
    static func cut(_ text: String, _ width: Int, _ context: RenderContext) -> String {
        CellWidth.truncate(text, toWidth: width, ellipsis: context.glyphs.ellipsis)
    }

    struct Line {
        let text: String
        let role: ThemeRole
        let entry: Int
        let isTitle: Bool
    }

    /// One title line per concept and one line per piece of advice (layout independent of the
    /// width, so that the reducer can scroll by entries: `DiagnosisEntries.lineStarts`).
    static func conceptLines(_ state: AppState, diagnosis: Diagnosis, order: [Int], codeWidth: Int, entries: Range<Int>? = nil,
                             session: Session, context: RenderContext) -> [Line] {
        let ascii = context.ascii
        // Every name's width, measured once per session (20,000 names each frame cost ~20 ms).
        let nameWidth = order.isEmpty ? 8 : min(24, max(8, session.matrixNames().longest))
        var lines: [Line] = []
        for entry in entries ?? order.indices {
            let concept = order[entry]
            let d = diagnosis.concepts[concept]
            let marker = entry == state.analysis.diagnosisView.selectedEntry ? context.glyphs.selectionMarker : " "
            let word: String
            switch (d.advice.isEmpty, d.strength) {
            case (true, .unassessed): word = "healthy, not assessed (no positives or no negatives)"
            case (true, let s): word = "healthy (\(s.rawValue))"
            case (false, let s): word = s.rawValue
            }
            var numbers = ""
            if d.strength != .unassessed {
                numbers = "  AUC \(Format.metric(d.auc, ascii: ascii))  AP \(Format.metric(d.averagePrecision, ascii: ascii))"
                    + "  best F1 \(Format.metric(d.bestF1, ascii: ascii))  F1 at t \(Format.fixed(d.f1, 4))"
            }
            let markers = d.markers.isEmpty ? "" : " [\(AdviceMarkers.compact(d.markers))]"
            let role: ThemeRole = d.advice.isEmpty ? .good : (d.strength == .weak ? .bad : .warning)
            lines.append(Line(text: "\(marker) \(CellWidth.fit(TerminalText.safe(session.name(concept)), width: nameWidth)) \(word)\(markers)\(numbers)",
                              role: role, entry: entry, isTitle: true))
            for advice in d.advice {
                let evidence = EvidenceText.line(advice.evidence, ascii: ascii)
                lines.append(Line(
                    text: "     \(CellWidth.fit(TerminalText.safe(advice.code), width: codeWidth))  \(TerminalText.safe(advice.phrase))"
                        + (evidence.isEmpty ? "" : "  (\(evidence))"),
                    role: .text, entry: entry, isTitle: false))
            }
        }
        return lines
    }
}
