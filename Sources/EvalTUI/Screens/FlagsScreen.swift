import EvalCore
import TermUI

/// The flags view (`F`): every flagged input with its current labels, the suggested labels,
/// the note, when and by whom, most recent first. `/` filters; ids the evaluation lacks are
/// listed too, marked.
enum FlagsScreen {
    static func render(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        let rows = state.flagRows
        let filter = state.flags.view.filter
        var title = "Flags (\(Format.count(rows.count))"
        if !filter.isEmpty { title += " matching '\(TerminalText.safe(filter))'" }
        title += ")"
        if let path = state.flags.journalPath { title += "  \(TerminalText.safe(path))" }
        Block.themed(title, theme: context.theme, focused: true).render(into: &buffer, area: area)
        let inner = area.inner(margin: 1)
        guard inner.height >= 2, inner.width > 10 else { return }
        guard state.flags.enabled else {
            buffer.setString(context.cut(AppState.flagsOffMessage, inner.width - 1), x: inner.x + 1, y: inner.y, style: context[.muted], maxWidth: inner.width - 1)
            return
        }
        let names = state.conceptNamesByID
        let visible = Table.scrolledOffset(offset: state.flags.view.scrollOffset, selected: state.flags.view.selectedRow,
                                           visibleRows: max(1, inner.height - 1), rowCount: rows.count)
        let shownIDs = rows[visible ..< min(rows.count, visible + max(1, inner.height - 1))].map { TerminalText.safe($0) }
        let currentWidth = min(22, max(17, inner.width / 7)), suggestedWidth = min(22, max(10, inner.width / 7))
        let userWidth = min(12, max(6, inner.width / 12))
        // The other columns (the note at 6 cells or more) and the six gaps.
        let others = CellWidth.of(context.glyphs.flag) + currentWidth + suggestedWidth + 20 + userWidth + 6 + 6
        let idWidth = IDColumn.width(ids: shownIDs, fixed: others, total: inner.width)
        let columns = [
            TableColumn(context.glyphs.flag, width: .length(CellWidth.of(context.glyphs.flag))),
            TableColumn("Input", width: .length(idWidth), cutInMiddle: true),
            TableColumn("Current labels", width: .length(currentWidth)),
            TableColumn("Suggested", width: .length(suggestedWidth)),
            TableColumn("Note", width: .fill(1)),
            TableColumn("Time", width: .length(20)),
            TableColumn("User", width: .length(userWidth)),
        ]
        let none = context.ascii ? "-" : "—"
        let table = Table(
            columns: columns, rowCount: rows.count,
            row: { i in
                let id = rows[i]
                guard let flag = state.flags.store.state(of: id) else { return [] }
                let inEvaluation = state.flags.inputIndex[id] != nil
                let current = inEvaluation ? state.currentLabelNames(of: id).joined(separator: ";")
                    : (state.flags.missingIDs.contains(id) ? "not in evaluation" : "")
                let suggested = flag.suggestedLabels.map { names[$0] ?? $0 }.joined(separator: ";")
                return [
                    TableCell(context.glyphs.flag, style: context[.flagged]),
                    TableCell(TerminalText.safe(id), style: inEvaluation ? nil : context[.muted]),
                    TableCell(TerminalText.safe(current)),
                    TableCell(suggested.isEmpty ? none : TerminalText.safe(suggested)),
                    TableCell(TerminalText.safe(flag.note)),
                    TableCell(TerminalText.safe(flag.time)),
                    TableCell(TerminalText.safe(flag.user)),
                ]
            },
            selected: rows.isEmpty ? nil : state.flags.view.selectedRow,
            offset: state.flags.view.scrollOffset,
            headerStyle: context[.header].patched(with: Style(modifiers: .bold)),
            rowStyle: context[.text], selectedStyle: context[.selection], ellipsis: context.glyphs.ellipsis)
        table.render(into: &buffer, area: inner)
        // Rows are clickable: a click selects the row.
        let first = table.effectiveOffset(in: inner)
        for i in 0 ..< table.visibleRowCount(in: inner) where first + i < table.rowCount {
            hits.add(Rect(x: inner.x, y: inner.y + 1 + i, width: inner.width, height: 1), .listRow(first + i))
        }
        if rows.isEmpty {
            let message = filter.isEmpty
                ? "nothing flagged yet: f on a selected input flags it (Enter on a concept lists its inputs; L ranks likely label errors)"
                : "no flag matches the filter (Esc clears it)"
            buffer.setString(context.cut(message, inner.width - 2), x: inner.x + 2, y: inner.y + 1, style: context[.muted], maxWidth: inner.width - 2)
        }
    }
}
