import EvalCore
import TermUI

/// The suspects view (`L`): the inputs most likely mislabeled (confident learning), most
/// suspicious first, with the given and likely labels, the model's score for each and the
/// margin. Flagged inputs are marked.
enum SuspectsScreen {
    static func render(_ state: AppState, area: Rect, into buffer: inout Buffer, context: RenderContext, hits: inout HitMap) {
        guard let session = state.session else { return }
        let suspects = state.flags.suspects
        Block.themed(title(state, session: session), theme: context.theme, focused: true).render(into: &buffer, area: area)
        let inner = area.inner(margin: 1)
        guard inner.height >= 2, inner.width > 10 else { return }
        guard let list = suspects.list else {
            buffer.setString("ranking the inputs by confident learning…", x: inner.x + 1, y: inner.y,
                             style: context[.muted], maxWidth: inner.width - 1)
            return
        }
        let multilabel = session.mode == .multilabel
        let labelWidth = min(22, max(10, inner.width / 7))
        // Multilabel rows read "+name" and "-name": say what the signs mean on the last line.
        var tableArea = inner
        if multilabel, inner.height >= 4 {
            tableArea = Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - 1)
            let legend = "Concept: +name labelled with it, -name not labelled (the file's label); Likely: what the model's score says instead"
            buffer.setString(CellWidth.truncate(legend, toWidth: inner.width - 1, ellipsis: context.glyphs.ellipsis),
                             x: inner.x + 1, y: inner.bottom - 1, style: context[.muted], maxWidth: inner.width - 1)
        }
        let visible = Table.scrolledOffset(offset: suspects.scrollOffset, selected: suspects.selectedRow,
                                           visibleRows: max(1, tableArea.height - 1), rowCount: list.suspects.count)
        let shownIDs = list.suspects[visible ..< min(list.suspects.count, visible + max(1, tableArea.height - 1))]
            .map { TerminalText.safe(session.inputID(at: $0.input) ?? "") }
        // The flag, #, two scores, the margin, the two label columns and the eight gaps; the
        // Suggested column (filled only for flagged inputs) gives way to the id.
        let numberWidth = max(3, String(list.suspects.count).count)
        let others = CellWidth.of(context.glyphs.flag) + numberWidth + 6 + 6 + 7 + 2 * labelWidth + 8
        let idWidth = IDColumn.width(ids: shownIDs, fixed: others, total: inner.width)
        let columns = [
            TableColumn(context.glyphs.flag, width: .length(CellWidth.of(context.glyphs.flag))),
            TableColumn("#", width: .length(max(3, String(list.suspects.count).count)), alignment: .right),
            TableColumn("Input", width: .length(idWidth), cutInMiddle: true),
            TableColumn(multilabel ? "Concept" : "Given", width: .length(labelWidth)),
            TableColumn("Score", width: .length(6), alignment: .right),
            TableColumn(multilabel ? "Likely" : "Likely", width: .length(labelWidth)),
            TableColumn("Score", width: .length(6), alignment: .right),
            TableColumn("Margin", width: .length(7), alignment: .right),
            TableColumn("Suggested", width: .fill(1)),
        ]
        let names = state.conceptNamesByID
        let rows = state.suspectRows
        let table = Table(
            columns: columns, rowCount: rows.count,
            row: { i in
                let rank = rows[i]
                let suspect = list.suspects[rank]
                let id = session.inputID(at: suspect.input) ?? ""
                let flag = state.flags.store.state(of: id)
                let given: String
                let likely: String
                if multilabel {
                    let name = session.name(suspect.concept)
                    let labelled = session.isLabeled(input: suspect.input, concept: suspect.concept)
                    given = (labelled ? "+" : "-") + name
                    likely = (labelled ? "-" : "+") + name
                } else {
                    given = suspect.givenLabels.map { session.name($0) }.joined(separator: ";")
                    likely = suspect.likelyConcept.map { session.name($0) } ?? ""
                }
                let suggested = flag.map { $0.suggestedLabels.map { names[$0] ?? $0 }.joined(separator: ";") } ?? ""
                return [
                    TableCell(flag?.flagged == true ? context.glyphs.flag : "", style: context[.flagged]),
                    TableCell(String(rank + 1), style: context[.muted]),
                    TableCell(TerminalText.safe(id)),
                    TableCell(TerminalText.safe(given)),
                    TableCell(Format.fixed(suspect.givenScore, 4)),
                    TableCell(TerminalText.safe(likely)),
                    TableCell(Format.fixed(suspect.likelyScore, 4)),
                    TableCell(Format.fixed(suspect.margin, 3), style: suspect.margin < 0 ? context[.bad] : nil),
                    TableCell(TerminalText.safe(suggested)),
                ]
            },
            selected: rows.isEmpty ? nil : suspects.selectedRow,
            offset: suspects.scrollOffset,
            headerStyle: context[.header].patched(with: Style(modifiers: .bold)),
            rowStyle: context[.text], selectedStyle: context[.selection], ellipsis: context.glyphs.ellipsis)
        table.render(into: &buffer, area: tableArea)
        // Rows are clickable: a click selects the row.
        let first = table.effectiveOffset(in: tableArea)
        for i in 0 ..< table.visibleRowCount(in: tableArea) where first + i < table.rowCount {
            hits.add(Rect(x: inner.x, y: inner.y + 1 + i, width: inner.width, height: 1), .listRow(first + i))
        }
        if list.suspects.isEmpty {
            buffer.setString("no suspects: every input's label agrees with the model's confident predictions",
                             x: inner.x + 2, y: inner.y + 1, style: context[.muted], maxWidth: inner.width - 2)
        } else if rows.isEmpty {
            let why = suspects.filter.isEmpty ? "every suspect is reviewed (x)" : "no suspect matches the filter (Esc clears it)"
            buffer.setString(why, x: inner.x + 2, y: inner.y + 1, style: context[.muted], maxWidth: inner.width - 2)
        }
    }

    /// The view's title, also the grid's: the estimate beside the number of candidates ranked,
    /// and what the filter or the reviewed inputs leave out.
    static func title(_ state: AppState, session: Session) -> String {
        let suspects = state.flags.suspects
        var title = "Suspects: likely label errors"
        if let list = suspects.list {
            // The estimate (confident learning's count of wrong labels) is the number to state;
            // the list ranks more candidates than that, best first.
            // On a summary the list is the file's first S candidates.
            let ranked = list.candidates.map { "first \(Format.count(list.suspects.count)) of \(Format.count($0)) candidates" }
                ?? "\(Format.count(list.suspects.count)) candidates"
            title = "Suspects: \(Format.count(list.estimatedLabelErrors)) estimated, \(ranked) ranked by \(list.ranking.rawValue)"
            let shown = state.suspectRows.count
            if !suspects.filter.isEmpty {
                title += " · filter \(TerminalText.safe(suspects.filter)): \(Format.count(shown)) shown"
            } else if shown < list.suspects.count {
                title += " · \(Format.count(list.suspects.count - shown)) reviewed, hidden"
            }
        }
        return ComparisonSummaryView.modelBPrefix(session) + title
    }
}
